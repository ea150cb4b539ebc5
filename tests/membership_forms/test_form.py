"""The applicant's side of the enquiry form: storing, the thank-you page, spam checks and
every kind of bad input."""

import re

from django.core import mail
from django.test import Client, override_settings

import pytest
from captcha.models import CaptchaStore

from membership_forms.forms import HONEYPOT_FIELD, MULTI_LINE_MAX_LENGTH, STARTED_FIELD
from membership_forms.models import EnquiryStatus, MembershipEnquiry, Region

from .conftest import ANSWERS, make_enquiry_page, post_data, solved_captcha

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def follow_to_thank_you(client, response):
    assert response.status_code == 303
    return client.get(response["Location"])


class TestStoredEnquiry:
    def test_answers_and_mapped_columns_are_stored(self, client, submit, enquiry_page):
        response = submit(enquiry_page, post_data(enquiry_page))
        enquiry = MembershipEnquiry.objects.get()
        assert enquiry.page_id == enquiry_page.pk
        assert enquiry.contact_name == "Amina Diallo"
        assert enquiry.contact_email == "amina.diallo@example.org"
        assert enquiry.organisation == "Head of Community Safety"
        assert enquiry.city == "Dakar"
        assert enquiry.country == "Senegal"
        assert enquiry.region == Region.SUB_SAHARAN_AFRICA
        assert enquiry.status == EnquiryStatus.RECEIVED
        assert enquiry.waiting_since == enquiry.submit_time
        assert enquiry.version == 1
        # Every answer is kept as typed, without the spam-check fields.
        assert enquiry.form_data["email_address"] == "Amina.Diallo@Example.org"
        assert enquiry.form_data["phone_number"] == "+221 33 000 0000"
        assert set(enquiry.form_data) == set(ANSWERS)
        assert re.fullmatch(r"SCN-\d{4}-\d{5}", enquiry.reference)

        thank_you = follow_to_thank_you(client, response)
        assert thank_you.status_code == 200
        html = html_of(thank_you)
        assert enquiry.reference in html
        assert "We will be in touch." in html
        assert enquiry.expected_reply_by.strftime("%-d %B %Y") in html

    def test_reloading_the_thank_you_page_sends_nothing_twice(self, client, submit, enquiry_page):
        response = submit(enquiry_page, post_data(enquiry_page))
        for _ in range(2):
            assert client.get(response["Location"]).status_code == 200
        assert MembershipEnquiry.objects.count() == 1
        assert len(mail.outbox) == 2

    def test_a_tampered_thank_you_address_leads_back_to_the_form(self, client, enquiry_page):
        response = client.get(enquiry_page.url, {"sent": "1:forged"})
        assert response.status_code == 302
        assert response["Location"] == enquiry_page.url

    def test_right_to_left_and_other_scripts_are_stored_and_shown(self, client, submit, home_page):
        page = make_enquiry_page(home_page)
        answers = {
            "your_name": "ليلى حداد",
            "city": "الدار البيضاء",
            "country": "المغرب",
            "your_role": "מנהלת תוכנית",
            "why_would_your_city_like_to_join": "我们希望分享经验。 Ünïcödé 👋",
        }
        response = submit(page, post_data(page, **answers))
        assert response.status_code == 303
        enquiry = MembershipEnquiry.objects.get()
        assert enquiry.city == "الدار البيضاء"
        assert (
            enquiry.form_data["why_would_your_city_like_to_join"]
            == answers["why_would_your_city_like_to_join"]
        )
        body = mail.outbox[0].alternatives[0][0]
        assert (
            '<td dir="auto" style="padding: 4px 0; white-space: pre-wrap;">ليلى حداد</td>' in body
        )
        assert "الدار البيضاء" in mail.outbox[0].subject

        # Shown again intact (and typed right to left) when the form comes back with errors.
        response = client.post(page.url, post_data(page, email_address="nope", **answers))
        assert response.status_code == 400
        assert 'dir="auto"' in html_of(response)
        assert 'value="الدار البيضاء"' in html_of(response)


class TestSpamChecks:
    def test_the_captcha_is_always_part_of_the_form(self, client, home_page):
        page = make_enquiry_page(home_page, fields=[])
        html = html_of(client.get(page.url))
        assert '<label class="field__label" for="id_security-check_1">' in html
        assert 'name="security-check_0"' in html
        assert 'alt="A picture of letters to type into the box below"' in html
        assert 'data-captcha-refresh="/captcha/refresh/"' in html

    def test_new_letters_without_javascript_keep_every_answer(self, client, enquiry_page):
        data = post_data(enquiry_page, captcha={"security-check_0": "old", "security-check_1": "X"})
        response = client.post(enquiry_page.url, {**data, "captcha-refresh": "1"})
        assert response.status_code == 200
        html = html_of(response)
        assert MembershipEnquiry.objects.count() == 0
        assert "There is a problem" not in html and "field__error" not in html
        assert 'role="status">Here are new letters. Your answers are kept' in html
        for name in ("your_name", "city", "email_address"):
            assert f'name="{name}" value="{data[name]}"' in html
        assert "We want to learn from cities with youth programmes.</textarea>" in html
        assert f'name="form-started" value="{data["form-started"]}"' in html
        key = re.search(r'name="security-check_0" value="([^"]+)"', html).group(1)
        assert key != "old" and CaptchaStore.objects.filter(hashkey=key).exists()
        assert not re.search(r'name="security-check_1"[^>]*value=', html)

        # The applicant types the new letters and sends: it goes through.
        answer = CaptchaStore.objects.get(hashkey=key).response
        data.update({"security-check_0": key, "security-check_1": answer})
        response = client.post(enquiry_page.url, data)
        assert response.status_code == 303
        assert MembershipEnquiry.objects.get().city == "Dakar"

    def test_audio_captcha_is_offered_when_the_server_can_speak(
        self, client, enquiry_page, monkeypatch
    ):
        from captcha.conf import settings as captcha_settings

        monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", "/usr/bin/flite")
        html = html_of(client.get(enquiry_page.url))
        assert re.search(r'<a href="/captcha/audio/\w+\.wav" data-captcha-audio>', html)

    def test_captcha_refresh_gives_new_letters(self, client, enquiry_page):
        response = client.get("/captcha/refresh/", headers={"X-Requested-With": "XMLHttpRequest"})
        assert response.status_code == 200
        assert response.json()["image_url"].startswith("/captcha/image/")

    def test_captcha_test_mode_accepts_passed(self, submit, enquiry_page, captcha_test_mode):
        data = post_data(
            enquiry_page, captcha={"security-check_0": "x", "security-check_1": "PASSED"}
        )
        assert submit(enquiry_page, data).status_code == 303

    def test_honeypot_gets_the_thank_you_page_and_nothing_is_kept(
        self, client, submit, enquiry_page
    ):
        response = submit(enquiry_page, post_data(enquiry_page, **{HONEYPOT_FIELD: "http://spam"}))
        thank_you = follow_to_thank_you(client, response)
        assert "Thank you for your enquiry" in html_of(thank_you)
        assert "SCN-" not in html_of(thank_you)
        assert MembershipEnquiry.objects.count() == 0
        assert mail.outbox == []

    @override_settings(MEMBERSHIP_MIN_FILL_SECONDS=5)
    def test_too_fast_is_refused_politely_and_can_be_resent(self, client, enquiry_page):
        data = post_data(enquiry_page, started_seconds_ago=1)
        response = client.post(enquiry_page.url, data)
        assert response.status_code == 400
        assert "quicker than a person can usually fill in this form" in html_of(response)
        assert MembershipEnquiry.objects.count() == 0
        # The original start time is kept, so sending again a little later works.
        assert f'value="{data[STARTED_FIELD]}"' in html_of(response)

    def test_missing_or_forged_start_time_is_refused(self, client, enquiry_page):
        for started in ("", "9:1700000000:forged"):
            data = post_data(enquiry_page)
            data[STARTED_FIELD] = started
            response = client.post(enquiry_page.url, data)
            assert response.status_code == 400
            assert "could not check when this form was opened" in html_of(response)
        assert MembershipEnquiry.objects.count() == 0

    def test_form_pages_are_never_cached(self, client, enquiry_page):
        for response in (
            client.get(enquiry_page.url),
            client.post(enquiry_page.url, post_data(enquiry_page, email_address="bad")),
            client.post(enquiry_page.url, post_data(enquiry_page)),
        ):
            cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"private", "no-store"} <= cache_control


@pytest.fixture
def captcha_test_mode(settings, monkeypatch):
    from captcha.conf import settings as captcha_settings

    settings.CAPTCHA_TEST_MODE = True
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


def assert_refused(response, field_id, message):
    """A 4xx page with the message next to the field and a summary linking to it."""
    assert 400 <= response.status_code < 500
    html = html_of(response)
    assert '<div class="error-summary" role="alert"' in html
    assert "There is a problem with your enquiry" in html
    assert f'<a href="#{field_id}">' in html
    # The message sits by the field (a group of options, or the captcha's answer box).
    assert f'id="{re.sub(r"_[01]$", "", field_id)}_error"' in html
    assert message in html
    assert html.count("<h1>") == 1
    assert MembershipEnquiry.objects.count() == 0
    return html


class TestBadInput:
    def test_missing_captcha(self, client, enquiry_page):
        data = post_data(enquiry_page, captcha={"security-check_0": "", "security-check_1": ""})
        html = assert_refused(
            client.post(enquiry_page.url, data),
            "id_security-check_1",
            "Please type the letters you see in the picture.",
        )
        assert 'value="Amina Diallo"' in html  # the applicant's answers are kept

    def test_wrong_captcha(self, client, enquiry_page):
        captcha = solved_captcha()
        captcha["security-check_1"] = "wrong"
        assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, captcha=captcha)),
            "id_security-check_1",
            "Those letters did not match the picture, or the picture had expired.",
        )

    def test_expired_captcha(self, client, enquiry_page):
        from captcha.models import CaptchaStore

        captcha = solved_captcha()
        CaptchaStore.objects.update(expiration="2000-01-01T00:00:00Z")
        assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, captcha=captcha)),
            "id_security-check_1",
            "or the picture had expired",
        )

    def test_reused_captcha(self, client, submit, enquiry_page):
        captcha = solved_captcha()
        assert submit(enquiry_page, post_data(enquiry_page, captcha=captcha)).status_code == 303
        response = client.post(
            enquiry_page.url, post_data(enquiry_page, captcha=captcha, city="Thiès")
        )
        assert response.status_code == 400
        assert "or the picture had expired" in html_of(response)
        assert MembershipEnquiry.objects.count() == 1

    def test_invalid_email(self, client, enquiry_page):
        html = assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, email_address="amina@")),
            "id_email_address",
            "Enter a valid email address.",
        )
        assert 'value="amina@"' in html
        assert 'aria-invalid="true"' in html

    def test_missing_required_answer(self, client, enquiry_page):
        assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, city="")),
            "id_city",
            "This field is required.",
        )

    @pytest.mark.parametrize(
        ("field", "limit"), [("city", 255), ("why_would_your_city_like_to_join", 3000)]
    )
    def test_over_long_text(self, client, enquiry_page, field, limit):
        html = assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, **{field: "x" * (limit + 1)})),
            f"id_{field}",
            f"Ensure this value has at most {limit} characters",
        )
        assert f'maxlength="{limit}"' in html
        assert MULTI_LINE_MAX_LENGTH == 3000

    def test_null_bytes_are_refused_politely(self, client, enquiry_page):
        html = assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, city="Dak\x00ar")),
            "id_city",
            "This answer contains an invisible “null” character",
        )
        assert "\x00" not in html
        assert 'value="Dakar"' in html

    def test_null_bytes_in_a_choice_are_refused_politely(self, client, enquiry_page):
        html = assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, region="Europe\x00")),
            "id_region",
            "Please choose one of the options listed.",
        )
        assert "\x00" not in html

    def test_other_control_characters_are_removed(self, client, submit, enquiry_page):
        data = post_data(
            enquiry_page,
            city="Da\x07kar\x1b",
            your_name="Amina\tDiallo\r\n",
            why_would_your_city_like_to_join="Line one\r\nLine\x0b two\x85",
        )
        assert submit(enquiry_page, data).status_code == 303
        enquiry = MembershipEnquiry.objects.get()
        assert enquiry.city == "Dakar"
        assert enquiry.contact_name == "Amina Diallo"
        assert enquiry.form_data["why_would_your_city_like_to_join"] == "Line one\nLine two"

    def test_a_region_not_on_the_list_is_refused(self, client, enquiry_page):
        assert_refused(
            client.post(enquiry_page.url, post_data(enquiry_page, region="Atlantis")),
            "id_region",
            "Please choose one of the options listed.",
        )

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
    def test_oversized_request_body_gets_a_friendly_400(self, client, enquiry_page):
        data = post_data(enquiry_page, why_would_your_city_like_to_join="x" * 20_000)
        response = client.post(enquiry_page.url, data)
        assert response.status_code == 400
        assert "We could not read that request" in html_of(response)
        assert MembershipEnquiry.objects.count() == 0

    def test_missing_csrf_token_gets_the_friendly_403(self, enquiry_page):
        client = Client(enforce_csrf_checks=True)
        response = client.post(enquiry_page.url, post_data(enquiry_page))
        assert response.status_code == 403
        assert "Your form has expired" in html_of(response)
        assert MembershipEnquiry.objects.count() == 0

    def test_unpublished_page_is_not_found(self, client, home_page):
        page = make_enquiry_page(home_page, slug="draft-join", publish=False)
        assert client.get("/en/draft-join/").status_code == 404
        assert client.post("/en/draft-join/", post_data(page)).status_code == 404
        assert MembershipEnquiry.objects.count() == 0

    def test_garbage_in_every_field_never_gives_a_server_error(self, client, enquiry_page):
        garbage = {
            "your_name": ["a", "b"],
            "region": "\x00\x01",
            "email_address": "<script>@x",
            "security-check_0": "../../etc/passwd",
            "security-check_1": "\x00",
            STARTED_FIELD: "\x00",
            HONEYPOT_FIELD: "",
        }
        response = client.post(enquiry_page.url, garbage)
        assert response.status_code == 400
        assert "<script>@x" not in html_of(response)

    def test_errors_in_groups_of_options_and_hidden_fields_are_summarised(self, client, home_page):
        page = make_enquiry_page(
            home_page,
            fields=[
                {"label": "Size", "field_type": "radio", "choices": "Small, Large"},
                {"label": "Topics", "field_type": "checkboxes", "choices": "Youth, Online"},
                {"label": "Campaign", "field_type": "hidden"},
            ],
        )
        data = post_data(page, size="Huge", topics=["Youth", "Other"], campaign="x" * 300)
        html = assert_refused(
            client.post(page.url, data), "id_size_0", "Please choose one of the options listed."
        )
        assert (
            '<a href="#id_topics_0"><bdi>Topics</bdi>: Please choose one of the options listed.</a>'
            in html
        )
        assert "<li><bdi>Campaign</bdi>: Ensure this value has at most 255 characters" in html
        assert '<fieldset class="field field--error" aria-describedby="id_size_error">' in html
        assert '<legend class="field__label">Size</legend>' in html


class TestRateLimit:
    @override_settings(MEMBERSHIP_RATE_LIMIT_PER_MINUTE=2, MEMBERSHIP_RATE_LIMIT_PER_DAY=10)
    def test_polite_429_after_the_limit(self, client, submit, enquiry_page):
        for city in ("Dakar", "Thiès"):
            assert submit(enquiry_page, post_data(enquiry_page, city=city)).status_code == 303
        response = client.post(enquiry_page.url, post_data(enquiry_page, city="Touba"))
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "Please wait a moment" in html_of(response)
        assert MembershipEnquiry.objects.count() == 2
        # Another address is not affected.
        other = client.post(
            enquiry_page.url, post_data(enquiry_page, city="Touba"), REMOTE_ADDR="192.0.2.7"
        )
        assert other.status_code == 303

    @override_settings(MEMBERSHIP_RATE_LIMIT_PER_MINUTE=0, MEMBERSHIP_RATE_LIMIT_PER_DAY=3)
    def test_daily_limit(self, client, enquiry_page):
        statuses = [
            client.post(enquiry_page.url, post_data(enquiry_page, email_address="x")).status_code
            for _ in range(4)
        ]
        assert statuses == [400, 400, 400, 429]


def test_form_page_queries_do_not_grow_with_its_fields(
    client, home_page, django_assert_max_num_queries
):
    few = [{"label": f"Question {i}", "field_type": "singleline"} for i in range(3)]
    many = [
        {"label": f"Question {i}", "field_type": kind}
        for i, kind in enumerate(["singleline", "dropdown", "radio", "checkboxes", "date"] * 4)
    ]
    small = make_enquiry_page(home_page, fields=few, slug="small")
    large = make_enquiry_page(home_page, fields=many, slug="large")
    client.get(small.url)  # warm the site-root-paths cache
    with django_assert_max_num_queries(100) as with_few:
        client.get(small.url)
    queries_with_few = len(with_few)
    with django_assert_max_num_queries(queries_with_few):
        response = client.get(large.url)
    fields = re.findall(r'<(?:div|fieldset) class="field[ "]', html_of(response))
    assert len(fields) == 20 + 2  # plus the honeypot and the captcha
    assert html_of(response).count("<fieldset") == 8  # radio buttons and checkboxes
