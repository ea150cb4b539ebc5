"""The texts of the applicant emails, which staff edit under Settings: placeholders filled in
(and nothing else interpreted), HTML built safely, and unknown placeholders refused; and the
news of a confirmed membership, to the applicant when they are not a point of contact."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

import pytest

from membership_forms import emails, services
from membership_forms.emails import fill_placeholders, fill_placeholders_html
from membership_forms.models import (
    EMAIL_PLACEHOLDERS,
    EnquiryStatus,
    MembershipEmail,
    MembershipEmailSettings,
)
from membership_forms.tasks import send_membership_email

from .applicant import links_in
from .factories import (
    CONTACTS,
    make_enquiry,
    make_enquiry_with_application,
    make_hub_page,
    make_terms_of_reference,
    make_user,
)

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


# Membership confirmed: the applicant who is not one of the points of contact.

CONFIRMED = MembershipEmail.Kind.MEMBERSHIP_CONFIRMED


@pytest.fixture
def hub():
    return make_hub_page()


@pytest.fixture
def terms():
    return make_terms_of_reference()


@pytest.fixture
def confirm(django_capture_on_commit_callbacks, hub, terms):
    """Confirm the enquiry (its application waiting, as `make_enquiry_with_application`
    leaves it) and send what that owes; only the confirmation's emails are in the outbox."""

    def confirm(enquiry):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_confirm(enquiry=enquiry, by=make_user("confirmer"))
        return list(mail.outbox)

    return confirm


def waiting(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return make_enquiry_with_application(city="Cape Town", **kwargs)


def to(address, messages):
    return [message for message in messages if message.to == [address]]


class TestMembershipConfirmed:
    def test_the_applicant_hears_once_who_has_the_hub_accounts_and_what_comes_next(
        self, django_capture_on_commit_callbacks, confirm, hub, terms
    ):
        enquiry = waiting(django_capture_on_commit_callbacks)
        sent = confirm(enquiry)
        [message] = to("ada@example.org", sent)
        assert message.subject == (
            f"Cape Town is now a member of the Strong Cities Network ({enquiry.reference})"
        )
        body = message.body
        assert body.startswith("Dear Ada Example,\n\n")
        assert "Cape Town is now a member of the Strong Cities Network." in body
        assert "\nThandi Mokoena and Pieter Botha\n" in body
        assert f"http://testserver{terms.url}" in body
        assert hub.full_url in body
        assert any("/en/membership/status/" in url for url in links_in(body))
        # Told the news, not given an account: no username, no password link.
        assert "/set-password/" not in body and "username" not in body.lower()
        assert not get_user_model().objects.filter(email__iexact="ada@example.org").exists()
        assert message.reply_to == ["staff@example.org"]
        assert message.extra_headers["Content-Language"] == "en"
        html = message.alternatives[0][0]
        assert f'<a href="{hub.full_url}">' in html
        assert f'<a href="http://testserver{terms.url}">' in html
        # The points of contact are welcomed as before, each once.
        assert sorted(m.to[0] for m in sent if m.subject.startswith("Welcome")) == [
            "pieter@example.org",
            "thandi@example.org",
        ]
        assert len(sent) == 3
        email = enquiry.emails.get(kind=CONFIRMED)
        assert email.sent_at is not None and email.language == "en"
        assert email.contact is None

    @pytest.mark.parametrize(
        ("language", "subject", "names", "hello"),
        [
            (
                "fr",
                "Cape Town est désormais membre du ",
                "Thandi Mokoena et Pieter Botha",
                "Bonjour",
            ),
            ("ar", "أصبحت Cape Town عضوًا في ", "Thandi Mokoena وPieter Botha", "حضرة"),
        ],
    )
    def test_it_is_written_in_the_enquirys_language(
        self, django_capture_on_commit_callbacks, confirm, language, subject, names, hello
    ):
        enquiry = waiting(django_capture_on_commit_callbacks, language=language)
        [message] = to("ada@example.org", confirm(enquiry))
        assert message.subject.startswith(subject)
        assert message.body.startswith(f"{hello} Ada Example")
        assert names in message.body
        assert f"/{language}/membership/status/" in message.body
        assert message.extra_headers["Content-Language"] == language
        assert enquiry.emails.get(kind=CONFIRMED).language == language
        if language == "ar":
            assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]

    def test_an_applicant_who_is_a_point_of_contact_gets_only_the_welcome(
        self, django_capture_on_commit_callbacks, confirm
    ):
        enquiry = waiting(django_capture_on_commit_callbacks, contact_email=" Thandi@Example.ORG ")
        sent = confirm(enquiry)
        [message] = to("thandi@example.org", sent)
        assert message.subject == "Welcome to the Strong Cities Network"
        assert "/set-password/" in message.body
        assert len(sent) == 2
        assert not enquiry.emails.filter(kind=CONFIRMED).exists()

    def test_without_an_application_the_applicant_still_hears(self, confirm):
        enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_RECEIVED)
        [message] = confirm(enquiry)
        assert message.to == ["ada@example.org"]
        assert "(nobody yet: reply to this email to tell us who they will be)" in message.body

    def test_running_the_outbox_again_sends_nothing_twice(
        self, django_capture_on_commit_callbacks, confirm
    ):
        enquiry = waiting(django_capture_on_commit_callbacks)
        assert len(to("ada@example.org", confirm(enquiry))) == 1
        email = enquiry.emails.get(kind=CONFIRMED)
        assert emails.outbox_send_due() == 0
        send_membership_email.enqueue(email_id=email.pk)
        assert not emails.outbox_send(email.pk)
        output = StringIO()
        call_command("send_membership_emails", stdout=output)
        assert "0 email(s) queued" in output.getvalue()
        assert len(mail.outbox) == 3
        assert MembershipEmail.objects.filter(kind=CONFIRMED).count() == 1

    def test_every_placeholder_is_filled_in(
        self, django_capture_on_commit_callbacks, confirm, hub, terms
    ):
        texts = MembershipEmailSettings.load()
        texts.membership_confirmed_subject = "{city}, {country}: {reference}"
        texts.membership_confirmed_body = " | ".join(
            f"{{{name}}}" for name in EMAIL_PLACEHOLDERS[CONFIRMED]
        )
        texts.full_clean()
        texts.save()
        enquiry = waiting(django_capture_on_commit_callbacks, country="South Africa")
        [message] = to("ada@example.org", confirm(enquiry))
        assert message.subject == f"Cape Town, South Africa: {enquiry.reference}"
        first_paragraph = message.body.split("\n\n")[0]
        assert first_paragraph == " | ".join(
            [
                "Strong Cities Network",
                enquiry.reference,
                "Cape Town",
                "South Africa",
                "Ada Example",
                "Thandi Mokoena and Pieter Botha",
                f"http://testserver{terms.url}",
                hub.full_url,
            ]
        )

    def test_three_points_of_contact_are_listed_in_a_sentence(
        self, django_capture_on_commit_callbacks, confirm
    ):
        third = {**CONTACTS[1], "name": "Lindiwe Dube", "email": "lindiwe@example.org"}
        enquiry = waiting(django_capture_on_commit_callbacks, contacts=[*CONTACTS, third])
        [message] = to("ada@example.org", confirm(enquiry))
        assert "\nThandi Mokoena, Pieter Botha and Lindiwe Dube\n" in message.body


class TestMembershipConfirmedTexts:
    def test_the_defaults_name_the_contacts_and_link_to_what_comes_next(self):
        texts = MembershipEmailSettings.load()
        texts.full_clean()
        for language in ("en", "fr", "ar"):
            subject, body, written_in = texts.text_for(CONFIRMED, language)
            assert written_in == language
            assert "{city}" in subject
            for placeholder in ("{points_of_contact}", "{terms_of_reference_link}", "{hub_link}"):
                assert placeholder in body, (language, placeholder)

    @pytest.mark.parametrize(
        "field", ["membership_confirmed_body", "membership_confirmed_subject_fr"]
    )
    def test_placeholders_it_does_not_have_are_refused(self, field):
        texts = MembershipEmailSettings.load()
        # The applicant gets no account: there is no password link to give them.
        setattr(texts, field, "Choose a password: {set_password_link} {pionts_of_contact}")
        with pytest.raises(ValidationError) as error:
            texts.full_clean()
        message = error.value.message_dict[field][0]
        assert "{pionts_of_contact}, {set_password_link}" in message
        assert "{points_of_contact}" in message  # the ones that can be used

    def test_staff_edit_it_in_the_admin_in_each_language(self, client):
        client.force_login(make_user("boss", is_superuser=True, is_staff=True))
        html = client.get(settings_url()).content.decode()
        assert "Membership confirmed" in html
        for name in ("membership_confirmed_body", "membership_confirmed_body_fr"):
            assert f'name="{name}"' in html
        assert 'name="membership_confirmed_body_ar"' in html
        response = client.post(
            settings_url(),
            settings_form_data(membership_confirmed_body="We are glad: {pionts_of_contact}"),
        )
        assert response.status_code == 200
        assert "We do not know the placeholder {pionts_of_contact}" in response.content.decode()
        response = client.post(
            settings_url(),
            settings_form_data(membership_confirmed_subject="Welcome, {city}"),
        )
        assert response.status_code == 302
        assert MembershipEmailSettings.load().membership_confirmed_subject == "Welcome, {city}"
