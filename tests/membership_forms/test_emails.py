"""The staff notification and the applicant's acknowledgement: content, escaping, and
what happens when the mail server fails."""

import logging

from django.core import mail
from django.test import override_settings

import pytest

from membership_forms import emails
from membership_forms.models import MembershipEnquiry
from membership_forms.tasks import send_enquiry_email

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

    enquiry.refresh_from_db()
    assert enquiry.staff_notified_at and enquiry.acknowledged_at


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


def test_failing_mail_server_never_loses_the_enquiry_and_retries(
    client, submit, enquiry_page, flaky_mail, caplog
):
    flaky_mail(2)  # the first two sends fail, the retries get through
    with caplog.at_level(logging.WARNING, logger="membership_forms.tasks"):
        response = submit(enquiry_page, post_data(enquiry_page))
    assert response.status_code == 303
    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    enquiry = MembershipEnquiry.objects.get()
    assert enquiry.reference in thank_you.content.decode()

    # Each email went exactly once, after the failures were logged and retried.
    assert len(mail.outbox) == 2
    assert FlakyEmailBackend.attempts == 4
    retries = [r for r in caplog.records if "trying again" in r.getMessage()]
    assert len(retries) == 2
    enquiry.refresh_from_db()
    assert enquiry.staff_notified_at and enquiry.acknowledged_at


@override_settings(MEMBERSHIP_EMAIL_MAX_ATTEMPTS=3)
def test_retries_are_bounded_and_the_failure_is_logged(
    client, submit, enquiry_page, flaky_mail, caplog
):
    flaky_mail(100)
    with caplog.at_level(logging.WARNING, logger="membership_forms.tasks"):
        response = submit(enquiry_page, post_data(enquiry_page))
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    assert MembershipEnquiry.objects.count() == 1
    assert mail.outbox == []
    assert FlakyEmailBackend.attempts == 6  # 3 attempts for each of the two emails
    gave_up = [r for r in caplog.records if r.getMessage().startswith("Gave up")]
    assert len(gave_up) == 2 and all(r.levelno == logging.ERROR for r in gave_up)
    enquiry = MembershipEnquiry.objects.get()
    assert enquiry.staff_notified_at is None and enquiry.acknowledged_at is None


def test_a_repeated_task_does_not_send_again(submit, enquiry_page):
    submit(enquiry_page, post_data(enquiry_page))
    enquiry = MembershipEnquiry.objects.get()
    for kind in emails.EMAIL_KINDS:
        result = send_enquiry_email.enqueue(enquiry_id=enquiry.pk, kind=kind)
        assert result.return_value is False
    assert len(mail.outbox) == 2


def test_a_deleted_enquiry_is_skipped_quietly(submit, enquiry_page):
    result = send_enquiry_email.enqueue(enquiry_id=987654, kind=emails.STAFF_NOTIFICATION)
    assert result.return_value is False
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_queue_defers_retries(settings, enquiry_page, flaky_mail):
    """With the production backend, a failure is stored as a new task to run later."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    enquiry = MembershipEnquiry.objects.create(
        page=enquiry_page, form_data={}, contact_email="a@example.org"
    )
    flaky_mail(1)
    result = send_enquiry_email.enqueue(enquiry_id=enquiry.pk, kind=emails.ACKNOWLEDGEMENT)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED", "READY"]
    assert results[1].run_after > results[0].finished_at
    assert results[1].args_kwargs["kwargs"]["attempt"] == 2
    assert mail.outbox == []


def test_unsent_emails_can_be_queued_again_later(enquiry_page, flaky_mail):
    from io import StringIO

    from django.core.management import call_command

    flaky_mail(100)
    enquiry = MembershipEnquiry.objects.create(
        page=enquiry_page, form_data={}, contact_email="a@example.org"
    )
    send_enquiry_email.enqueue(enquiry_id=enquiry.pk, kind=emails.STAFF_NOTIFICATION)
    send_enquiry_email.enqueue(enquiry_id=enquiry.pk, kind=emails.ACKNOWLEDGEMENT)
    assert mail.outbox == []

    out = StringIO()
    call_command("send_enquiry_emails", dry_run=True, stdout=out)
    assert f"{enquiry.reference}: staff notification not sent" in out.getvalue()
    assert "2 email(s) would be queued (dry run)." in out.getvalue()

    flaky_mail(0)  # the mail server is back
    call_command("send_enquiry_emails", stdout=StringIO())
    assert len(mail.outbox) == 2
    out = StringIO()
    call_command("send_enquiry_emails", stdout=out)
    assert "0 email(s) queued." in out.getvalue()
    assert len(mail.outbox) == 2
