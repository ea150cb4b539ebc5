// Progressive enhancement for the FAQ: opening /faq/#anchor, or following a link in the list
// of questions, opens that answer. Without JavaScript every answer still opens by hand.
(function () {
    "use strict";

    function openTargetedAnswer() {
        var id;
        try {
            id = decodeURIComponent(window.location.hash.slice(1));
        } catch (error) {
            return;
        }
        var target = id && document.getElementById(id);
        var details = target && target.closest("details");
        if (details) {
            details.open = true;
        }
    }

    openTargetedAnswer();
    window.addEventListener("hashchange", openTargetedAnswer);
})();
