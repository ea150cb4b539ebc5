"""The application form behind the applicant's emailed link: the invitation, the link's
signature and expiry, the contact rules, the principles, the guidance warning, and every kind
of bad input."""

import re
import time
from unittest import mock

from django.core import mail, signing
from django.test import Client, override_settings
from django.utils import timezone

import pytest

from home.models import Principle
from membership_forms import services, tokens
from membership_forms.application_forms import BACKGROUND_MAX_LENGTH
from membership_forms.models import (
    Application,
    ApplicationContact,
    ContactKind,
    EnquiryEvent,
    EnquiryStatus,
    MembershipEmail,
)

from .applicant import application_data, invite, links_in, path_of
from .factories import CONTACTS, PRINCIPLES, make_principles_page, make_user

pytestmark = pytest.mark.django_db

THIRD_CONTACT = {
    "name": "Lerato Nkosi",
    "job_title": "Youth worker",
    "department": "",
    "email": "lerato@example.org",
    "phone": "",
    "kind": ContactKind.OTHER,
}


@pytest.fixture
def principles_page():
    return make_principles_page()


@pytest.fixture
def invited(principles_page, django_capture_on_commit_callbacks):
    return invite(django_capture_on_commit_callbacks)


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST the application as the applicant's browser would, running what waits for the
    commit (the reviewer's email)."""

    def send(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return send


def html_of(response) -> str:
    return response.content.decode()


def old_token(enquiry_id: int, *, days: float) -> str:
    """A genuine application token, signed `days` ago."""
    then = signing.b62_encode(int(time.time() - days * 24 * 60 * 60))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        return tokens.application_token(enquiry_id)


class TestInvitation:
    def test_sending_the_application_emails_a_personal_link(self, invited):
        email = invited.email
        assert email.to == ["ayanda@example.org"]
        assert invited.enquiry.reference in email.subject
        assert "Dear Ayanda Dlamini," in email.body
        assert "Cape Town" in email.body
        assert invited.link.startswith("http://testserver/en/membership/application/")
        expires = timezone.localdate() + timezone.timedelta(days=30)
        assert expires.strftime("%-d %B %Y") in email.body
        html, mimetype = email.alternatives[0]
        assert mimetype == "text/html"
        assert f'<a href="{invited.link}">' in html
        assert MembershipEmail.objects.get(kind="application_invitation").sent_at is not None

    def test_the_link_opens_the_form(self, client, invited):
        response = client.get(invited.path)
        assert response.status_code == 200
        html = html_of(response)
        assert html.count("<h1") == 1
        assert "Application to join the network" in html
        assert invited.enquiry.reference in html
        for number in (1, 2, 3):
            assert f"Point of contact {number}" in html
        assert 'name="contacts-2-email"' in html
        assert "political or policy lead" in html  # the guidance
        for title, slug, explanation in PRINCIPLES:
            assert f'name="principle-{slug}"' in html
            assert title in html
            assert explanation in html
        assert 'name="data_consent"' in html

    def test_the_page_is_private(self, client, invited):
        response = client.get(invited.path)
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
        assert '<meta name="robots" content="noindex">' in html_of(response)

    def test_queries_do_not_grow_with_the_principles(
        self, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
    ):
        page = make_principles_page(principles=PRINCIPLES[:1])
        invited = invite(django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(100) as context:
            client.get(invited.path)
        with_one = len(context.captured_queries)

        for number in range(12):
            Principle.objects.create(
                page=page, title=f"Principle {number}", explanation="Explained.", sort_order=9
            )
        with django_assert_max_num_queries(with_one):
            response = client.get(invited.path)
        assert html_of(response).count('name="principle-') == 13


class TestLink:
    def test_a_tampered_link_gets_a_friendly_404(self, client, invited):
        token = invited.path.rstrip("/").rsplit("/", 1)[1]
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        response = client.get(f"/en/membership/application/{tampered}/")
        assert response.status_code == 404
        assert "This link does not work" in html_of(response)

    @pytest.mark.parametrize("token", ["x", "MQ:1tXyz:forged", "%01", "a" * 500])
    def test_made_up_tokens_get_a_friendly_404(self, client, token):
        response = client.get(f"/en/membership/application/{token}/")
        assert response.status_code == 404
        assert "This link does not work" in html_of(response)

    def test_a_token_signed_for_something_else_is_refused(self, client, invited):
        token = signing.dumps(invited.enquiry.pk, salt="membership_forms.thank_you")
        assert client.get(f"/en/membership/application/{token}/").status_code == 404

    def test_a_token_for_a_deleted_enquiry_is_refused(self, client, invited):
        invited.enquiry.delete()
        assert client.get(invited.path).status_code == 404

    @override_settings(MEMBERSHIP_APPLICATION_LINK_DAYS=30)
    def test_the_link_works_until_it_expires(self, client, invited):
        fresh = old_token(invited.enquiry.pk, days=29)
        assert client.get(f"/en/membership/application/{fresh}/").status_code == 200
        expired = old_token(invited.enquiry.pk, days=31)
        response = client.get(f"/en/membership/application/{expired}/")
        assert response.status_code == 410
        html = html_of(response)
        assert "This link has expired" in html
        assert "30 days" in html

    @override_settings(MEMBERSHIP_APPLICATION_LINK_DAYS=2)
    def test_the_lifetime_is_a_setting(self, client, invited):
        token = old_token(invited.enquiry.pk, days=3)
        assert client.get(f"/en/membership/application/{token}/").status_code == 410
        response = client.post(f"/en/membership/application/{token}/", application_data())
        assert response.status_code == 410
        assert not Application.objects.exists()

    def test_an_expired_link_to_a_received_application_says_received(self, client, send, invited):
        assert send(invited.path, application_data()).status_code == 303
        expired = old_token(invited.enquiry.pk, days=400)
        response = client.get(f"/en/membership/application/{expired}/")
        assert response.status_code == 200
        assert "we have your application" in html_of(response)

    def test_a_withdrawn_enquiry_gets_a_polite_page(self, client, invited):
        services.enquiry_withdraw(enquiry=invited.enquiry, by=make_user())
        response = client.get(invited.path)
        assert response.status_code == 410
        assert "This application is closed" in html_of(response)
        response = client.post(invited.path, application_data())
        assert response.status_code == 410
        assert not Application.objects.exists()

    def test_after_reopening_and_sending_again_a_new_application_replaces_the_old(
        self, client, send, invited
    ):
        reviewer = make_user()
        send(invited.path, application_data(background="The first application, in full."))
        enquiry = invited.enquiry
        enquiry.refresh_from_db()
        services.enquiry_decline(enquiry=enquiry, by=reviewer)
        services.enquiry_reopen(enquiry=enquiry, by=reviewer)
        services.enquiry_send_application(enquiry=enquiry, by=reviewer)
        assert client.get(invited.path).status_code == 200
        send(invited.path, application_data(background="The second application, in full."))
        application = Application.objects.get()
        assert application.background == "The second application, in full."
        assert application.contacts.count() == 2


class TestSubmitting:
    def test_the_application_is_stored_and_the_enquiry_moves_on(self, client, send, invited):
        response = send(invited.path, application_data(contacts=[*CONTACTS, THIRD_CONTACT]))
        assert response.status_code == 303
        assert response["Location"] == invited.path

        enquiry = invited.enquiry
        enquiry.refresh_from_db()
        assert enquiry.status == EnquiryStatus.APPLICATION_RECEIVED
        event = enquiry.events.get(to_status=EnquiryStatus.APPLICATION_RECEIVED)
        assert event.actor is None
        application = enquiry.application
        assert application.background.startswith("Youth outreach")
        assert application.data_consent is True
        assert application.principles == [
            {"id": "human-rights", "title": "Human rights"},
            {"id": "local-ownership", "title": "Local ownership"},
        ]
        contacts = list(application.contacts.all())
        assert [c.email for c in contacts] == [
            "thandi@example.org",
            "pieter@example.org",
            "lerato@example.org",
        ]
        assert contacts[0].kind == ContactKind.POLITICAL_LEAD
        assert contacts[0].job_title == "Member of the Mayoral Committee for Safety"
        assert contacts[0].phone == "+27 21 400 0001"
        assert all(contact.hub_user is None for contact in contacts)

        received = client.get(invited.path)
        assert received.status_code == 200
        html = html_of(received)
        assert "Thank you: we have your application" in html
        assert enquiry.reference in html

    def test_two_contacts_are_enough_and_the_third_may_stay_empty(self, send, invited):
        assert send(invited.path, application_data()).status_code == 303
        assert ApplicationContact.objects.count() == 2

    def test_sending_again_is_not_accepted_twice(self, client, send, invited):
        assert send(invited.path, application_data()).status_code == 303
        again = send(invited.path, application_data(background="Something else entirely."))
        assert again.status_code == 409
        assert "we have your application" in html_of(again)
        assert Application.objects.get().background.startswith("Youth outreach")
        assert ApplicationContact.objects.count() == 2
        assert EnquiryEvent.objects.filter(to_status="application_received").count() == 1

    def test_the_staff_address_hears_of_it_when_nobody_is_assigned(self, send, invited):
        mail.outbox.clear()
        send(invited.path, application_data())
        (email,) = mail.outbox
        assert email.to == ["staff@example.org"]
        assert invited.enquiry.reference in email.subject
        assert "Cape Town" in email.subject
        assert "Thandi Mokoena" in email.body
        assert "Youth outreach" in email.body
        assert "/admin/membership/enquiries/" in email.body
        assert email.reply_to == ["ayanda@example.org"]

    def test_the_assigned_reviewer_hears_of_it(self, send, invited):
        reviewer = make_user("amal", email="amal@example.org")
        services.enquiry_assign(enquiry=invited.enquiry, by=reviewer, assignee=reviewer)
        mail.outbox.clear()
        send(invited.path, application_data())
        assert [email.to for email in mail.outbox] == [["amal@example.org"]]

    def test_applicant_text_is_escaped_in_the_reviewer_email(self, send, invited):
        mail.outbox.clear()
        evil = {**CONTACTS[0], "name": '<script>alert("x")</script> Thandi'}
        send(
            invited.path,
            application_data(contacts=[evil, CONTACTS[1]], background="<b>bold</b> & more text"),
        )
        html = mail.outbox[0].alternatives[0][0]
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


class TestContactRules:
    def test_one_contact_is_not_enough(self, send, invited):
        response = send(invited.path, application_data(contacts=CONTACTS[:1]))
        assert response.status_code == 400
        html = html_of(response)
        assert 'href="#id_contacts-1-name"' in html
        assert "<bdi>Point of contact 2: Full name</bdi>: This field is required." in html
        assert not Application.objects.exists()
        invited.enquiry.refresh_from_db()
        assert invited.enquiry.status == EnquiryStatus.APPLICATION_SENT

    def test_more_than_three_are_refused(self, send, invited):
        fourth = {**THIRD_CONTACT, "email": "fourth@example.org"}
        response = send(
            invited.path,
            application_data(contacts=[*CONTACTS, THIRD_CONTACT, fourth], total_forms=4),
        )
        assert response.status_code == 400
        assert "no more than three points of contact" in html_of(response)
        assert not Application.objects.exists()

    def test_each_contact_needs_their_own_email(self, send, invited):
        same = {**CONTACTS[1], "email": "THANDI@example.org"}
        response = send(invited.path, application_data(contacts=[CONTACTS[0], same]))
        assert response.status_code == 400
        html = html_of(response)
        assert "Point of contact 1 already has this email address" in html
        assert 'href="#id_contacts-1-email"' in html
        assert not Application.objects.exists()

    @pytest.mark.parametrize("field", ["name", "job_title", "email", "kind"])
    def test_required_contact_details(self, send, invited, field):
        contact = {**CONTACTS[0], field: ""}
        response = send(invited.path, application_data(contacts=[contact, CONTACTS[1]]))
        assert response.status_code == 400
        assert f'id="id_contacts-0-{field}_error"' in html_of(response)

    def test_department_and_phone_are_optional(self, send, invited):
        contact = {**CONTACTS[0], "department": "", "phone": ""}
        response = send(invited.path, application_data(contacts=[contact, CONTACTS[1]]))
        assert response.status_code == 303

    def test_a_half_filled_third_contact_is_an_error(self, send, invited):
        partial = {"name": "Lerato Nkosi"}
        response = send(invited.path, application_data(contacts=[*CONTACTS, partial]))
        assert response.status_code == 400
        assert "<bdi>Point of contact 3: Email address</bdi>: This field is required." in html_of(
            response
        )

    def test_invalid_email_and_phone(self, send, invited):
        contact = {**CONTACTS[0], "email": "not-an-address", "phone": "call me maybe"}
        response = send(invited.path, application_data(contacts=[contact, CONTACTS[1]]))
        assert response.status_code == 400
        html = html_of(response)
        assert "Enter a valid email address." in html
        assert "Please give a phone number using digits" in html

    def test_guidance_not_met_is_a_warning_for_staff_not_an_error(self, send, invited):
        practitioner = {**CONTACTS[0], "kind": ContactKind.PRACTITIONER}
        response = send(invited.path, application_data(contacts=[practitioner, CONTACTS[1]]))
        assert response.status_code == 303
        warnings = Application.objects.get().guidance_warnings()
        assert warnings == ["No contact is a political or policy lead with the mayor's mandate."]
        assert "Guidance not met" in mail.outbox[-1].body

    def test_guidance_met_gives_no_warning(self, send, invited):
        send(invited.path, application_data())
        assert Application.objects.get().guidance_warnings() == []


class TestPrinciplesAndConsent:
    def test_each_principle_must_be_ticked(self, send, invited):
        response = send(invited.path, application_data(**{"principle-local-ownership": None}))
        assert response.status_code == 400
        html = html_of(response)
        assert "Please confirm your city&#x27;s commitment to “Local ownership”." in html
        assert 'href="#id_principle-local-ownership"' in html
        assert not Application.objects.exists()

    def test_the_principles_as_they_read_are_stored(self, send, invited, principles_page):
        send(invited.path, application_data())
        principles_page.principles.filter(slug="human-rights").update(title="Human rights first")
        assert Application.objects.get().principles[0] == {
            "id": "human-rights",
            "title": "Human rights",
        }

    def test_without_a_principles_page_there_is_nothing_to_tick(
        self, client, send, django_capture_on_commit_callbacks
    ):
        invited = invite(django_capture_on_commit_callbacks)
        assert 'name="principle-' not in html_of(client.get(invited.path))
        assert send(invited.path, application_data(principles=[])).status_code == 303
        assert Application.objects.get().principles == []

    def test_consent_is_required(self, send, invited):
        response = send(invited.path, application_data(data_consent=None))
        assert response.status_code == 400
        assert "Please agree to how we handle these details" in html_of(response)
        assert not Application.objects.exists()


class TestBadInput:
    def test_errors_are_summarised_at_the_top_and_values_kept(self, send, invited):
        contact = {**CONTACTS[0], "email": "broken@", "name": "Thandi Keeps Her Name"}
        response = send(
            invited.path,
            application_data(contacts=[contact, CONTACTS[1]], background="Kept words here."),
        )
        assert response.status_code == 400
        html = html_of(response)
        assert "<title>Error: " in html
        summary = html.index('class="error-summary"')
        assert summary < html.index('<form class="enquiry-form"')
        assert 'role="alert"' in html
        assert 'value="Thandi Keeps Her Name"' in html
        assert 'value="broken@"' in html
        assert "Kept words here." in html
        assert re.search(r'value="political_lead"[^>]*checked', html)

    def test_over_long_background(self, send, invited):
        too_long = "x" * (BACKGROUND_MAX_LENGTH + 1)
        response = send(invited.path, application_data(background=too_long))
        assert response.status_code == 400
        assert "Ensure this value has at most 3000 characters" in html_of(response)

    def test_too_short_background(self, send, invited):
        response = send(invited.path, application_data(background="Yes."))
        assert response.status_code == 400
        assert "Ensure this value has at least 20 characters" in html_of(response)

    def test_over_long_contact_name(self, send, invited):
        contact = {**CONTACTS[0], "name": "N" * 201}
        response = send(invited.path, application_data(contacts=[contact, CONTACTS[1]]))
        assert response.status_code == 400
        assert "at most 200 characters" in html_of(response)

    def test_null_bytes_are_refused_politely(self, send, invited):
        contact = {**CONTACTS[0], "name": "Thandi\x00Mokoena"}
        response = send(
            invited.path,
            application_data(contacts=[contact, CONTACTS[1]], background="Null\x00 in the text"),
        )
        assert response.status_code == 400
        html = html_of(response)
        assert "invisible “null” character" in html
        assert "\x00" not in html

    def test_other_control_characters_are_removed(self, send, invited):
        contact = {**CONTACTS[0], "name": "Thandi\x07 Mokoena\x1b"}
        send(
            invited.path,
            application_data(
                contacts=[contact, CONTACTS[1]], background="Line one\r\nLine\x0b two, enough."
            ),
        )
        application = Application.objects.get()
        assert application.contacts.first().name == "Thandi Mokoena"
        assert application.background == "Line one\nLine two, enough."

    def test_right_to_left_and_other_scripts_are_kept(self, client, send, invited):
        arabic = {**CONTACTS[0], "name": "ليلى حداد", "job_title": "مديرة البرنامج"}
        chinese = {**CONTACTS[1], "name": "王小明", "department": "社区安全办公室"}
        background = "نعمل مع الشباب في ثلاثة أحياء. 我们与学校合作。"
        send(invited.path, application_data(contacts=[arabic, chinese], background=background))
        application = Application.objects.get()
        assert [c.name for c in application.contacts.all()] == ["ليلى حداد", "王小明"]
        assert application.background == background
        assert "ليلى حداد" in mail.outbox[-1].body

    def test_rtl_text_is_shown_again_after_an_error(self, send, invited):
        arabic = {**CONTACTS[0], "name": "ليلى حداد", "email": "bad"}
        html = html_of(send(invited.path, application_data(contacts=[arabic, CONTACTS[1]])))
        assert 'value="ليلى حداد"' in html
        assert 'dir="auto"' in html

    def test_a_missing_management_form_is_a_clear_400(self, send, invited):
        data = application_data()
        del data["contacts-TOTAL_FORMS"]
        response = send(invited.path, data)
        assert response.status_code == 400
        assert 'href="#contacts-heading"' in html_of(response)
        assert "Please give at least two points of contact." in html_of(response)

    def test_garbage_in_every_field_never_gives_a_server_error(self, send, invited):
        garbage = {
            "contacts-TOTAL_FORMS": "-1",
            "contacts-INITIAL_FORMS": "banana",
            "contacts-0-kind": "mayor",
            "contacts-0-email": ["a@example.org", "b@example.org"],
            "background": "\x00" * 10,
            "data_consent": "definitely",
            "principle-human-rights": "\ufffd",
        }
        response = send(invited.path, garbage)
        assert response.status_code == 400
        for total in ("0", "3", "999", "1e9"):
            data = application_data(**{"contacts-TOTAL_FORMS": total})
            assert send(invited.path, data).status_code < 500

    def test_missing_csrf_token_gets_the_friendly_403(self, invited):
        client = Client(enforce_csrf_checks=True)
        response = client.post(invited.path, application_data())
        assert response.status_code == 403
        assert "Your form has expired" in html_of(response)
        assert not Application.objects.exists()

    @override_settings(MEMBERSHIP_RATE_LIMIT_PER_MINUTE=2)
    def test_too_many_submissions_get_a_polite_429(self, send, invited):
        bad = application_data(data_consent=None)
        assert send(invited.path, bad).status_code == 400
        assert send(invited.path, bad).status_code == 400
        response = send(invited.path, application_data())
        assert response.status_code == 429
        assert "Please wait a moment" in html_of(response)
        assert int(response["Retry-After"]) > 0
        assert not Application.objects.exists()


def test_staff_can_pass_the_link_on(django_capture_on_commit_callbacks):
    make_principles_page()
    invited = invite(django_capture_on_commit_callbacks)
    link = services.application_link(enquiry=invited.enquiry)
    assert path_of(link).startswith("/en/membership/application/")
    assert links_in(link) == [link]
