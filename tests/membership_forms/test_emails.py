"""The staff notification and the applicant's acknowledgement: content, escaping, and
what happens when the mail server fails."""

import logging

from django.core import mail
from django.test import override_settings
from django.utils import timezone

import pytest

from membership_forms import emails
from membership_forms.models import MembershipEmail, MembershipEnquiry
from membership_forms.tasks import send_membership_email

from .backends import FlakyEmailBackend
from .conftest import make_enquiry_page, post_data

pytestmark = pytest.mark.django_db

FLAKY = "tests.membership_forms.backends.FlakyEmailBackend"


@pytest.fixture
def flaky_mail():
    FlakyEmailBackend.attempts = 0

    def fail(times):
        FlakyEmailBackend.failures = times

    with override_settings(EMAIL_BACKEND=FLAKY):
        yield fail
    FlakyEmailBackend.failures = 0


def by_recipient(address):
    return [message for message in mail.outbox if address in message.to]


def test_both_emails_are_sent_with_the_right_content(submit, enquiry_page):
    submit(enquiry_page, post_data(enquiry_page))
    enquiry = MembershipEnquiry.objects.get()
    assert len(mail.outbox) == 2

    [staff] = by_recipient("membership@example.org")
    assert staff.subject == f"Membership enquiry {enquiry.reference}: Dakar"
    assert staff.from_email == "no-reply@example.org"
    assert staff.reply_to == ["amina.diallo@example.org"]
    admin_url = f"http://testserver/admin/membership/enquiries/{enquiry.pk}/"
    for body in (staff.body, staff.alternatives[0][0]):
        assert enquiry.reference in body
        assert "Amina Diallo" in body
        assert "Head of Community Safety" in body
        assert "Sub-Saharan Africa" in body
        assert "We want to learn from cities with youth programmes." in body
        assert admin_url in body
    assert staff.alternatives[0][1] == "text/html"

    [applicant] = by_recipient("amina.diallo@example.org")
    assert enquiry.reference in applicant.subject
    reply_by = enquiry.expected_reply_by.strftime("%A %-d %B %Y")
    for body in (applicant.body, applicant.alternatives[0][0]):
        assert enquiry.reference in body
        assert reply_by in body
        # Nothing the applicant typed is mailed back to the address they gave.
        assert "youth programmes" not in body
    assert applicant.reply_to == ["membership@example.org"]

    assert all(email.sent_at for email in enquiry.emails.all())
    assert {email.kind for email in enquiry.emails.all()} == {
        "staff_notification",
        "acknowledgement",
    }


def test_answers_are_escaped_in_the_html_email(submit, enquiry_page):
    payload = '<script>alert("x")</script><b>bold</b>'
    submit(enquiry_page, post_data(enquiry_page, your_name=payload))
    [staff] = by_recipient("membership@example.org")
    html = staff.alternatives[0][0]
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # Plain text is not HTML: it shows exactly what was typed.
    assert payload in staff.body


def test_header_injection_in_a_subject_is_impossible(submit, home_page):
    page = make_enquiry_page(
        home_page, fields=[{"label": "City", "field_type": "multiline", "maps_to": "city"}]
    )
    submit(page, post_data(page, city="Dakar\nBcc: victim@example.org"))
    [staff] = mail.outbox
    assert "\n" not in staff.subject
    assert staff.bcc == []


def test_no_staff_address_means_only_the_acknowledgement(submit, home_page):
    page = make_enquiry_page(home_page, to_address="")
    submit(page, post_data(page))
    assert [message.to for message in mail.outbox] == [["amina.diallo@example.org"]]


def test_emails_wait_for_the_commit(client, enquiry_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(enquiry_page.url, post_data(enquiry_page))
    assert MembershipEnquiry.objects.count() == 1
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


@override_settings(MEMBERSHIP_EMAIL_RETRY_SECONDS=0)
def test_failing_mail_server_never_loses_the_enquiry_and_the_sweep_retries(
    client, submit, enquiry_page, flaky_mail, caplog
):
    flaky_mail(2)  # both first sends fail; the sweep's retries get through
    with caplog.at_level(logging.WARNING, logger="membership_forms.emails"):
        response = submit(enquiry_page, post_data(enquiry_page))
    assert response.status_code == 303
    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    enquiry = MembershipEnquiry.objects.get()
    assert enquiry.reference in thank_you.content.decode()
    assert mail.outbox == []
    failed = enquiry.emails.all()
    assert all(e.attempts == 1 and "SMTP" in e.last_error and not e.sent_at for e in failed)

    assert emails.outbox_send_due() == 2
    # Each email went exactly once, after the failures were logged.
    assert len(mail.outbox) == 2
    assert FlakyEmailBackend.attempts == 4
    retries = [r for r in caplog.records if "trying again" in r.getMessage()]
    assert len(retries) == 2
    assert all(email.sent_at for email in enquiry.emails.all())
    assert emails.outbox_send_due() == 0
    assert len(mail.outbox) == 2


def test_a_failed_email_waits_twice_as_long_each_time(enquiry_page, flaky_mail, settings):
    settings.MEMBERSHIP_EMAIL_RETRY_SECONDS = 60
    flaky_mail(100)
    enquiry = MembershipEnquiry.objects.create(
        page=enquiry_page, form_data={}, contact_email="a@example.org"
    )
    email = MembershipEmail.objects.create(enquiry=enquiry, kind="acknowledgement")
    waits = []
    for _ in range(3):
        MembershipEmail.objects.filter(pk=email.pk).update(available_at=timezone.now())
        before = timezone.now()
        assert emails.outbox_send(email.pk) is False
        email.refresh_from_db()
        waits.append(round((email.available_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4]
    # Not due yet: neither the sweep nor a repeated task touches it.
    assert emails.outbox_send_due() == 0
    assert send_membership_email.enqueue(email_id=email.pk).return_value is False
    assert email.attempts == 3 and FlakyEmailBackend.attempts == 3


@override_settings(MEMBERSHIP_EMAIL_MAX_ATTEMPTS=3, MEMBERSHIP_EMAIL_RETRY_SECONDS=0)
def test_retries_are_bounded_and_the_failure_is_logged(
    client, submit, enquiry_page, flaky_mail, caplog
):
    flaky_mail(100)
    with caplog.at_level(logging.WARNING, logger="membership_forms.emails"):
        response = submit(enquiry_page, post_data(enquiry_page))
        assert response.status_code == 303
        assert client.get(response["Location"]).status_code == 200
        emails.outbox_send_due()
        emails.outbox_send_due()
        assert emails.outbox_send_due() == 0  # given up: nothing is due any more
    assert MembershipEnquiry.objects.count() == 1
    assert mail.outbox == []
    assert FlakyEmailBackend.attempts == 6  # 3 attempts for each of the two emails
    gave_up = [r for r in caplog.records if r.getMessage().startswith("Gave up")]
    assert len(gave_up) == 2 and all(r.levelno == logging.ERROR for r in gave_up)
    given_up = MembershipEmail.objects.all()
    assert all(e.sent_at is None and e.available_at is None and e.attempts == 3 for e in given_up)


def test_a_repeated_task_does_not_send_again(submit, enquiry_page):
    submit(enquiry_page, post_data(enquiry_page))
    for email in MembershipEmail.objects.all():
        assert send_membership_email.enqueue(email_id=email.pk).return_value is False
    assert emails.outbox_send_due() == 0
    assert len(mail.outbox) == 2


def test_a_deleted_email_is_skipped_quietly(submit, enquiry_page):
    result = send_membership_email.enqueue(email_id=987654)
    assert result.return_value is False
    assert mail.outbox == []


def test_every_email_carries_the_same_message_id_on_every_try(
    submit, enquiry_page, flaky_mail, settings
):
    settings.MEMBERSHIP_EMAIL_RETRY_SECONDS = 0
    flaky_mail(1)  # the first send fails: the retry must carry the same Message-ID
    submit(enquiry_page, post_data(enquiry_page))
    emails.outbox_send_due()
    assert len(mail.outbox) == 2
    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    expected = {f"<membership-email-{e.pk}@example.org>" for e in MembershipEmail.objects.all()}
    assert ids == expected


def test_unsent_emails_can_be_sent_again_by_hand(submit, enquiry_page, flaky_mail, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS = 1
    flaky_mail(100)
    submit(enquiry_page, post_data(enquiry_page))
    enquiry = MembershipEnquiry.objects.get()
    assert mail.outbox == []
    assert emails.outbox_send_due() == 0  # the outbox gave up after one attempt

    out = StringIO()
    call_command("send_membership_emails", dry_run=True, stdout=out)
    assert f"{enquiry.reference}: new enquiry (to staff) not sent" in out.getvalue()
    assert "2 email(s) would be queued (dry run)." in out.getvalue()

    flaky_mail(0)  # the mail server is back
    call_command("send_membership_emails", stdout=StringIO())
    assert len(mail.outbox) == 2
    out = StringIO()
    call_command("send_membership_emails", stdout=out)
    assert "0 email(s) queued." in out.getvalue()
    assert len(mail.outbox) == 2
