"""Confirmation and decline: the member record, Online Hub accounts, the welcome with its
links (which work), the decline email, and emails that survive a broken mail server."""

import logging
from datetime import datetime, timedelta
from io import StringIO
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import pytest

from home.services import MEMBERS_GROUP_NAME
from membership_forms import emails, services
from membership_forms.models import (
    ApplicationContact,
    EnquiryStatus,
    Member,
    MembershipEmail,
    Region,
)
from membership_forms.tasks import send_membership_email
from membership_forms.tokens import HubAccountTokenGenerator

from .applicant import application_data, invite, links_in, path_of
from .factories import (
    CONTACTS,
    make_enquiry,
    make_enquiry_with_application,
    make_hub_page,
    make_terms_of_reference,
    make_user,
)
from .mail_backends import FailsOnceBackend

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Harbour-lights-2026"


@pytest.fixture
def hub():
    return make_hub_page()


@pytest.fixture
def terms():
    return make_terms_of_reference()


@pytest.fixture
def received(hub, terms, django_capture_on_commit_callbacks):
    """An enquiry from Cape Town whose application (two contacts) is waiting for a decision."""
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = make_enquiry_with_application(
            city="Cape Town", country="South Africa", region=Region.SUB_SAHARAN_AFRICA
        )
    mail.outbox.clear()
    return enquiry


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    def confirm(enquiry, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.enquiry_confirm(enquiry=enquiry, by=make_user("confirmer"), **kwargs)

    return confirm


def welcome_to(address: str):
    (email,) = [email for email in mail.outbox if email.to == [address]]
    return email


def set_password_path(email) -> str:
    return path_of(next(url for url in links_in(email.body) if "/set-password/" in url))


class TestConfirmation:
    def test_confirming_makes_the_city_a_member(self, received, confirm):
        confirm(received)
        received.refresh_from_db()
        assert received.status == EnquiryStatus.CONFIRMED
        member = Member.objects.get()
        assert member.enquiry == received
        assert (member.city, member.country, member.region) == (
            "Cape Town",
            "South Africa",
            Region.SUB_SAHARAN_AFRICA,
        )
        assert member.joined_on == timezone.localdate()
        assert member.show_in_directory is True

    def test_the_reviewer_can_keep_the_member_out_of_the_directory(self, received, confirm):
        confirm(received, show_in_directory=False)
        assert Member.objects.get().show_in_directory is False

    def test_each_point_of_contact_gets_a_hub_account_in_members(self, received, confirm):
        confirm(received)
        for contact in ApplicationContact.objects.all():
            user = contact.hub_user
            assert user is not None
            assert user.email == contact.email
            assert user.get_username() == contact.email
            assert user.first_name == contact.name
            assert not user.has_usable_password()
            assert not user.is_staff
            assert not user.is_superuser
            assert list(user.groups.values_list("name", flat=True)) == [MEMBERS_GROUP_NAME]

    def test_a_closed_hub_account_is_opened_again_and_can_set_its_password(
        self, client, received, confirm
    ):
        """A city that left and joins again: its contact's old account was made inactive."""
        former = make_user("pieter", email="pieter@example.org", is_active=False)
        confirm(received)
        former.refresh_from_db()
        assert former.is_active
        assert former.groups.filter(name=MEMBERS_GROUP_NAME).exists()
        path = set_password_path(welcome_to("pieter@example.org"))
        response = client.get(path, follow=True)
        assert response.status_code == 200
        assert 'name="new_password1"' in response.content.decode()

    def test_a_closed_staff_account_is_not_opened_by_an_application(self, received, confirm):
        former_staff = make_user("thandi", email="thandi@example.org", is_staff=True)
        former_staff.is_active = False
        former_staff.save()
        confirm(received)
        former_staff.refresh_from_db()
        assert not former_staff.is_active

    def test_an_existing_user_with_the_address_is_reused(self, received, confirm):
        existing = make_user("thandi", email="Thandi@Example.org", is_staff=True)
        confirm(received)
        contact = ApplicationContact.objects.get(email="thandi@example.org")
        assert contact.hub_user == existing
        existing.refresh_from_db()
        assert existing.is_staff
        assert existing.check_password("a-long-test-password")
        assert existing.groups.filter(name=MEMBERS_GROUP_NAME).exists()
        assert User.objects.filter(email__iexact="thandi@example.org").count() == 1

    def test_a_username_taken_by_someone_else_gets_a_suffix(self, received, confirm):
        make_user("pieter@example.org", email="somebody-else@example.org")
        confirm(received)
        user = ApplicationContact.objects.get(email="pieter@example.org").hub_user
        assert user.get_username() == "pieter@example.org-2"

    def test_confirming_without_an_application_still_makes_a_member(self, confirm):
        enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_RECEIVED)
        confirm(enquiry)
        assert Member.objects.filter(enquiry=enquiry).exists()
        # Nobody to welcome: the applicant still hears the news, without an account.
        assert [email.to for email in mail.outbox] == [["ada@example.org"]]
        assert not User.objects.filter(email="ada@example.org").exists()

    def test_a_refused_confirmation_changes_nothing(self, received, confirm):
        with pytest.raises(services.EnquiryChanged):
            confirm(received, expected_version=received.version - 1)
        assert not Member.objects.exists()
        assert not User.objects.filter(email="thandi@example.org").exists()
        assert not MembershipEmail.objects.filter(kind="welcome").exists()
        assert not mail.outbox


class TestWelcome:
    def test_each_contact_is_welcomed_with_the_links_they_need(self, received, confirm, hub, terms):
        confirm(received)
        assert sorted(address for email in mail.outbox for address in email.to) == [
            "ada@example.org",  # the applicant, told the news (test_confirmation_emails.py)
            "pieter@example.org",
            "thandi@example.org",
        ]
        email = welcome_to("thandi@example.org")
        assert email.subject == "Welcome to the Strong Cities Network"
        assert "Dear Thandi Mokoena," in email.body
        assert "Cape Town is now a member" in email.body
        assert f"http://testserver{terms.url}" in email.body
        assert hub.full_url in email.body
        assert "Your username is thandi@example.org." in email.body
        assert set_password_path(email).startswith("/en/account/set-password/")
        assert email.reply_to == ["staff@example.org"]
        html = email.alternatives[0][0]
        assert f'<a href="http://testserver{terms.url}">' in html
        assert f'<a href="{hub.full_url}">' in html
        assert all(email.sent_at for email in MembershipEmail.objects.filter(kind="welcome"))

    def test_without_terms_of_reference_the_welcome_says_to_ask(self, hub, confirm):
        enquiry = make_enquiry_with_application()
        mail.outbox.clear()
        confirm(enquiry)
        assert "(please ask us for a copy)" in welcome_to("thandi@example.org").body

    def test_applicant_text_is_escaped_in_the_html(self, hub, terms, confirm):
        evil = {**CONTACTS[0], "name": "<script>alert(1)</script>Thandi"}
        enquiry = make_enquiry_with_application(contacts=[evil, CONTACTS[1]], city="<i>Durban</i>")
        mail.outbox.clear()
        confirm(enquiry)
        email = welcome_to("thandi@example.org")
        assert "Dear <script>alert(1)</script>Thandi," in email.body  # plain text, as typed
        html = email.alternatives[0][0]
        assert "<script>" not in html
        assert "Dear &lt;script&gt;alert(1)&lt;/script&gt;Thandi," in html
        assert "&lt;i&gt;Durban&lt;/i&gt;" in html


class TestSetPassword:
    def test_the_new_member_sets_a_password_logs_in_and_reaches_the_hub(
        self, client, received, confirm, hub
    ):
        confirm(received)
        assert client.get(hub.url).status_code == 302  # the hub is for members only

        link = set_password_path(welcome_to("thandi@example.org"))
        response = client.get(link)
        assert response.status_code == 302  # the token moves out of the address
        form_url = response["Location"]
        assert form_url.endswith("/set-password/")
        assert "/en/account/set-password/" in form_url
        form = client.get(form_url)
        assert form.status_code == 200
        assert "Choose your password" in form.content.decode()
        assert "thandi@example.org" in form.content.decode()

        mismatch = client.post(
            form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"}
        )
        assert mismatch.status_code == 400
        assert 'class="error-summary"' in mismatch.content.decode()

        done = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
        assert done.status_code == 302
        done_page = client.get(done["Location"])
        assert "Your password is saved" in done_page.content.decode()
        assert f'href="/en/account/login/?{urlencode({"next": hub.url})}"' in (
            done_page.content.decode()
        )

        logged_in = client.post(
            "/en/account/login/",
            {"username": "thandi@example.org", "password": PASSWORD, "next": hub.url},
        )
        assert logged_in.status_code == 302
        assert logged_in["Location"] == hub.url
        page = client.get(hub.url)
        assert page.status_code == 200
        assert "Online Hub" in page.content.decode()

    def test_a_used_link_no_longer_works(self, client, received, confirm):
        confirm(received)
        link = set_password_path(welcome_to("thandi@example.org"))
        form_url = client.get(link)["Location"]
        client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
        client.logout()
        response = client.get(link)
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()

    @override_settings(MEMBERSHIP_SET_PASSWORD_LINK_DAYS=7)
    def test_the_link_expires(self, client, received, confirm, monkeypatch):
        confirm(received)
        link = set_password_path(welcome_to("thandi@example.org"))
        later = datetime.now() + timedelta(days=6)
        monkeypatch.setattr(HubAccountTokenGenerator, "_now", lambda self: later)
        assert client.get(link).status_code == 302
        too_late = datetime.now() + timedelta(days=8)
        monkeypatch.setattr(HubAccountTokenGenerator, "_now", lambda self: too_late)
        assert client.get(link).status_code == 410

    def test_altered_links_are_refused(self, client, received, confirm):
        confirm(received)
        link = set_password_path(welcome_to("thandi@example.org"))
        uid, token = link.strip("/").split("/")[-2:]
        other = ApplicationContact.objects.get(email="pieter@example.org").hub_user
        other_uid = urlsafe_base64_encode(force_bytes(other.pk))
        altered = token[:-1] + ("1" if token.endswith("0") else "0")
        for path in [
            f"/en/account/set-password/{uid}/{altered}/",
            f"/en/account/set-password/{other_uid}/{token}/",
            f"/en/account/set-password/nonsense/{token}/",
        ]:
            assert client.get(path).status_code == 410, path

    def test_ordinary_password_reset_tokens_do_not_open_it(self, client, received, confirm):
        confirm(received)
        user = ApplicationContact.objects.get(email="thandi@example.org").hub_user
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        assert client.get(f"/en/account/set-password/{uid}/{token}/").status_code == 410


class TestDecline:
    def test_declining_sends_a_polite_email_to_the_applicant(
        self, django_capture_on_commit_callbacks
    ):
        enquiry = make_enquiry(contact_name="Ana Souza", contact_email="ana@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        (email,) = mail.outbox
        assert email.to == ["ana@example.org"]
        assert enquiry.reference in email.subject
        assert "Dear Ana Souza," in email.body
        assert "not able to offer membership at present" in email.body
        assert email.reply_to == ["staff@example.org"]
        assert email.alternatives[0][0].count("<p>") >= 4

    def test_declining_an_application_writes_to_the_applicant_and_every_contact(
        self, received, django_capture_on_commit_callbacks
    ):
        contacts = [contact.email for contact in received.application.contacts.all()]
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=received, by=make_user())
        assert sorted(email.to[0] for email in mail.outbox) == sorted(
            ["ada@example.org", *contacts]
        )
        assert not Member.objects.exists()


class TestBrokenMailServer:
    @pytest.fixture(autouse=True)
    def three_attempts(self, settings):
        settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS = 3
        settings.MEMBERSHIP_EMAIL_RETRY_SECONDS = 0  # each retry is due at the next sweep

    @override_settings(EMAIL_BACKEND="tests.membership_forms.mail_backends.FailingBackend")
    def test_confirmation_stands_and_the_emails_wait(self, received, confirm, caplog):
        with caplog.at_level(logging.WARNING, logger="membership_forms.emails"):
            confirm(received)
            emails.outbox_send_due()
            emails.outbox_send_due()
            assert emails.outbox_send_due() == 0
        received.refresh_from_db()
        assert received.status == EnquiryStatus.CONFIRMED
        assert Member.objects.filter(enquiry=received).exists()
        assert User.objects.filter(email="thandi@example.org").exists()
        welcomes = MembershipEmail.objects.filter(kind="welcome")
        assert welcomes.count() == 2
        for email in welcomes:
            assert email.sent_at is None
            assert email.attempts == 3  # tried, retried, then given up
            assert email.last_error.startswith("SMTPServerDisconnected")
        assert "trying again" in caplog.text
        assert "Gave up sending" in caplog.text

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            output = StringIO()
            call_command("send_membership_emails", "--dry-run", stdout=output)
            assert f"{received.reference}: welcome and online hub account not sent" in (
                output.getvalue()
            )
            assert f"{received.reference}: membership confirmed (to the applicant) not sent" in (
                output.getvalue()
            )
            assert "3 email(s) would be queued" in output.getvalue()
            assert not mail.outbox

            call_command("send_membership_emails", stdout=StringIO())
            assert len(mail.outbox) == 3
            assert not MembershipEmail.objects.filter(sent_at__isnull=True).exists()
            output = StringIO()
            call_command("send_membership_emails", stdout=output)
            assert "0 email(s) queued" in output.getvalue()
            assert len(mail.outbox) == 3  # never twice

    @override_settings(EMAIL_BACKEND="tests.membership_forms.mail_backends.FailsOnceBackend")
    def test_a_failed_send_is_retried_and_delivered_once(self, django_capture_on_commit_callbacks):
        FailsOnceBackend.failures_left = 1
        enquiry = make_enquiry()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        assert mail.outbox == []
        assert emails.outbox_send_due() == 1
        assert enquiry.reference in mail.outbox[0].subject
        assert len(mail.outbox) == 1
        email = MembershipEmail.objects.get()
        assert email.attempts == 1
        assert email.sent_at is not None
        assert email.last_error == ""

    def test_a_sent_email_is_never_sent_again(self, django_capture_on_commit_callbacks):
        enquiry = make_enquiry()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        email = MembershipEmail.objects.get()
        send_membership_email.enqueue(email_id=email.pk)
        send_membership_email.enqueue(email_id=email.pk)
        assert len(mail.outbox) == 1

    @override_settings(EMAIL_BACKEND="tests.membership_forms.mail_backends.FailingBackend")
    def test_the_applicant_never_sees_a_mail_failure(
        self, client, django_capture_on_commit_callbacks
    ):
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            invited = invite(django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(invited.path, application_data(principles=[]))
        assert response.status_code == 303
        emails.outbox_send_due()
        emails.outbox_send_due()
        invited.enquiry.refresh_from_db()
        assert invited.enquiry.status == EnquiryStatus.APPLICATION_RECEIVED
        notification = MembershipEmail.objects.get(kind="application_received")
        assert notification.sent_at is None
        assert notification.attempts == 3
