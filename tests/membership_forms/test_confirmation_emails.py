"""The texts of the applicant emails, which staff edit under Settings: placeholders filled in
(and nothing else interpreted), HTML built safely, and unknown placeholders refused."""

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from membership_forms import services
from membership_forms.emails import fill_placeholders, fill_placeholders_html
from membership_forms.models import EMAIL_PLACEHOLDERS, MembershipEmailSettings

from .factories import make_enquiry, make_user

pytestmark = pytest.mark.django_db


def settings_url() -> str:
    texts = MembershipEmailSettings.load()
    return reverse(
        "wagtailsettings:edit", args=["membership_forms", "membershipemailsettings", texts.pk]
    )


def decline(capture, **enquiry_kwargs):
    enquiry = make_enquiry(**enquiry_kwargs)
    with capture(execute=True):
        services.enquiry_decline(enquiry=enquiry, by=make_user())
    return enquiry, mail.outbox[-1]


def settings_form_data(**changes) -> dict:
    texts = MembershipEmailSettings.load()
    data = {
        f"{kind}_{part}": getattr(texts, f"{kind}_{part}")
        for kind in EMAIL_PLACEHOLDERS
        for part in ("subject", "body")
    }
    data.update(changes)
    return data


class TestPlaceholders:
    def test_known_placeholders_are_filled_and_others_left_alone(self):
        text = "Dear {contact_name}, {unknown} {{ settings.SECRET_KEY }} {% debug %} { city }"
        assert fill_placeholders(text, {"contact_name": "Ana"}) == (
            "Dear Ana, {unknown} {{ settings.SECRET_KEY }} {% debug %} { city }"
        )

    def test_values_are_never_filled_in_again(self):
        # An applicant whose city is "{reference}" gets that text, not the reference.
        values = {"city": "{reference}", "reference": "R"}
        assert fill_placeholders("{city} {reference}", values) == "{reference} R"

    def test_html_escapes_staff_text_and_values_and_links_addresses(self):
        html = fill_placeholders_html(
            "Hello <b>{contact_name}</b> & welcome.\n\n"
            "See {hub_link}\nor {terms_of_reference_link}",
            {
                "contact_name": "<script>x</script>",
                "hub_link": "https://example.org/hub/?a=1&b=2",
                "terms_of_reference_link": "(please ask us for a copy)",
            },
        )
        assert html == (
            "<p>Hello &lt;b&gt;&lt;script&gt;x&lt;/script&gt;&lt;/b&gt; &amp; welcome.</p>\n\n"
            '<p>See <a href="https://example.org/hub/?a=1&amp;b=2">'
            "https://example.org/hub/?a=1&amp;b=2</a><br>or (please ask us for a copy)</p>"
        )

    def test_a_link_placeholder_with_a_script_address_is_not_a_link(self):
        html = fill_placeholders_html("{hub_link}", {"hub_link": "javascript:alert(1)"})
        assert "<a" not in html


class TestEditedTexts:
    def test_the_decline_email_uses_the_staff_text(self, django_capture_on_commit_callbacks):
        texts = MembershipEmailSettings.load()
        texts.decline_subject = "About {city}: {reference}"
        texts.decline_body = "Dear {contact_name},\n\n{city}, {country}: no for now. {nonsense}"
        texts.save()
        enquiry, email = decline(
            django_capture_on_commit_callbacks, city="Lyon", country="France", contact_name="Zoé"
        )
        assert email.subject == f"About Lyon: {enquiry.reference}"
        staff_text, status_line = email.body.split("\n\n", 2)[:2], email.body.split("\n\n")[-1]
        assert "\n\n".join(staff_text) == "Dear Zoé,\n\nLyon, France: no for now. {nonsense}"
        assert status_line.startswith("Follow your enquiry, step by step")  # then its link
        assert email.alternatives[0][0].count("Lyon, France: no for now. {nonsense}") == 1

    def test_a_subject_cannot_carry_a_line_break(self, django_capture_on_commit_callbacks):
        enquiry, email = decline(django_capture_on_commit_callbacks, city="Oslo\r\nBcc: x@evil")
        assert "\n" not in email.subject
        assert email.to == ["ada@example.org"]

    def test_an_applicant_without_an_address_gets_nothing(self, django_capture_on_commit_callbacks):
        enquiry = make_enquiry(contact_email="")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        assert not mail.outbox
        assert enquiry.emails.get().last_error == "There was nobody to send it to."

    def test_the_defaults_are_complete_and_valid(self):
        texts = MembershipEmailSettings.load()
        texts.full_clean()
        assert "{application_link}" in texts.application_invitation_body
        assert "{set_password_link}" in texts.welcome_body
        assert "{terms_of_reference_link}" in texts.welcome_body
        assert "{hub_link}" in texts.welcome_body

    def test_unknown_placeholders_are_refused_with_a_clear_error(self):
        texts = MembershipEmailSettings.load()
        texts.decline_body = "Dear {contact_nme}, see {application_link}."
        with pytest.raises(ValidationError) as error:
            texts.full_clean()
        message = error.value.message_dict["decline_body"][0]
        assert "{application_link}, {contact_nme}" in message
        assert "{contact_name}" in message  # the ones that can be used


class TestSettingsAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(make_user("boss", is_superuser=True, is_staff=True))
        return client

    def test_staff_edit_the_texts_in_the_admin(self, admin_client):
        response = admin_client.get(settings_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Invitation to apply" in html
        assert "{set_password_link}" in html  # placeholders are listed

        response = admin_client.post(
            settings_url(), settings_form_data(welcome_subject="Welcome aboard, {city}")
        )
        assert response.status_code == 302
        assert MembershipEmailSettings.load().welcome_subject == "Welcome aboard, {city}"

    def test_an_unknown_placeholder_is_shown_as_an_error_and_nothing_saved(self, admin_client):
        response = admin_client.post(
            settings_url(), settings_form_data(welcome_body="Set it here: {password_link}")
        )
        assert response.status_code == 200
        assert "We do not know the placeholder {password_link}" in response.content.decode()
        assert "{password_link}" not in MembershipEmailSettings.load().welcome_body

    def test_others_cannot_edit_them(self, client):
        client.force_login(make_user("editor", is_staff=True))
        response = client.get(settings_url())
        assert response.status_code in (302, 403)
