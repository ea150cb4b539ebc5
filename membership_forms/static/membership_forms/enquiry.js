// Optional comforts for the enquiry form; everything works without this script.
(function () {
    "use strict";

    // Move focus to the error summary so it is read out, and let its links focus the input.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
        summary.addEventListener("click", function (event) {
            var link = event.target.closest("a[href^='#']");
            var input = link && document.getElementById(link.getAttribute("href").slice(1));
            if (input) {
                event.preventDefault();
                input.focus();
                input.scrollIntoView({ block: "center" });
            }
        });
    }

    // Show new captcha letters in place, without sending the form back to the server (which
    // is what the button does without this script, keeping the answers).
    document.querySelectorAll("[data-captcha]").forEach(function (captcha) {
        var link = document.querySelector("[data-captcha-refresh]");
        var image = captcha.querySelector("[data-captcha-image]");
        var audio = captcha.querySelector("[data-captcha-audio]");
        var key = captcha.querySelector("input[type='hidden']");
        var answer = captcha.querySelector("input[type='text']");
        var status = captcha.querySelector("[data-captcha-status]");
        if (!link) {
            return;
        }
        link.addEventListener("click", function (event) {
            event.preventDefault();
            fetch(link.getAttribute("data-captcha-refresh"), {
                headers: { "X-Requested-With": "XMLHttpRequest" },
                credentials: "same-origin"
            })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(response.statusText);
                    }
                    return response.json();
                })
                .then(function (data) {
                    image.src = data.image_url;
                    key.value = data.key;
                    if (audio && data.audio_url) {
                        audio.href = data.audio_url;
                    }
                    answer.value = "";
                    answer.focus();
                    status.textContent = link.getAttribute("data-captcha-refreshed");
                })
                .catch(function () {
                    link.form.requestSubmit(link); // the server's way, answers kept
                });
        });
    });
})();
