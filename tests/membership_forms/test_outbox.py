"""The one email outbox: a sender's claim (a lease), the sweep that picks up what a dead
sender left, and a real worker killed mid-send whose emails still arrive exactly once."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.db import connection
from django.utils import timezone

import pytest

from membership_forms import emails
from membership_forms.models import MembershipEmail, MembershipEnquiry

from .factories import make_enquiry, make_enquiry_page

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def owed_email(db):
    enquiry = make_enquiry()
    return MembershipEmail.objects.create(enquiry=enquiry, kind=MembershipEmail.Kind.DECLINE)


def test_of_two_senders_only_one_gets_the_email(owed_email):
    assert emails.outbox_claim(owed_email.pk) is True
    assert emails.outbox_claim(owed_email.pk) is False
    # The winner holds it: neither a task nor the sweep sends it meanwhile.
    assert emails.outbox_send(owed_email.pk) is False
    assert emails.outbox_send_due() == 0
    assert mail.outbox == []


def test_a_dead_senders_email_is_sent_by_the_sweep_once_its_lease_runs_out(owed_email):
    assert emails.outbox_claim(owed_email.pk)  # ... and the sender dies here
    MembershipEmail.objects.filter(pk=owed_email.pk).update(
        available_at=timezone.now() - timedelta(seconds=1)  # the lease has run out
    )
    assert emails.outbox_send_due() == 1
    assert emails.outbox_send_due() == 0
    assert len(mail.outbox) == 1
    owed_email.refresh_from_db()
    assert owed_email.sent_at is not None and owed_email.available_at is None


def test_the_lease_outlasts_a_slow_mail_server(settings):
    assert settings.MEMBERSHIP_EMAIL_LEASE_SECONDS > 2 * settings.EMAIL_TIMEOUT


def test_an_email_with_nobody_to_send_to_is_not_tried_again(db):
    enquiry = make_enquiry(contact_email="")
    email = MembershipEmail.objects.create(enquiry=enquiry, kind=MembershipEmail.Kind.DECLINE)
    assert emails.outbox_send(email.pk) is False
    email.refresh_from_db()
    assert email.available_at is None and email.sent_at is None
    assert email.last_error == "There was nobody to send it to."
    assert emails.outbox_send_due() == 0


# A real worker, killed mid-send. It runs in its own processes against a database of its own
# (SQLite file, or a new PostgreSQL database when the suite runs on PostgreSQL), migrated here.

MAKE_ENQUIRY = textwrap.dedent(
    """
    import django
    django.setup()
    from django.db import transaction
    from wagtail.models import Site
    from membership_forms import services
    from tests.membership_forms.conftest import ANSWERS, make_enquiry_page
    page = make_enquiry_page(Site.objects.get(is_default_site=True).root_page)
    with transaction.atomic():
        enquiry = services.enquiry_receive(page=page, answers=ANSWERS)
        services.membership_email_queue(enquiry=enquiry, kind="decline")
    """
)
REPORT = textwrap.dedent(
    """
    import django
    django.setup()
    from membership_forms.models import MembershipEmail
    print(MembershipEmail.objects.count(), MembershipEmail.objects.filter(sent_at=None).count())
    """
)


@pytest.fixture
def worker_env(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scn_wagtail.settings.dev",
        "DEBUG": "false",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "tests.membership_forms.mail_backends.SlowFileBackend",
        "SLOW_MAIL_DIR": str(mail_dir),
        "MEMBERSHIP_EMAIL_LEASE_SECONDS": "3",
        "MEMBERSHIP_EMAIL_SWEEP_SECONDS": "0.5",
        "REDIS_URL": "",
    }
    if connection.vendor == "postgresql":
        import psycopg

        name = f"outbox_{uuid.uuid4().hex[:12]}"
        server = {**connection.settings_dict, "NAME": "postgres"}
        dsn = (
            f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
        )
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{dsn}/{name}"
        yield env
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        yield env


def run(env, *args):
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_worker(env, **extra):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env={**env, **extra},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def delivered(mail_dir) -> list[str]:
    """The Message-ID of every delivered message, once per delivery."""
    return sorted(path.name.split("-", 1)[1].rsplit("-", 1)[0] for path in mail_dir.glob("sent-*"))


@pytest.mark.django_db
def test_a_worker_killed_mid_send_leaves_nothing_unsent_or_sent_twice(worker_env):
    mail_dir = Path(worker_env["SLOW_MAIL_DIR"])
    run(worker_env, "manage.py", "migrate", "--noinput", "-v0")
    run(worker_env, "-c", MAKE_ENQUIRY)  # three emails owed, their tasks queued

    first = start_worker(worker_env, SLOW_MAIL_SECONDS="60")
    try:
        assert wait_for(lambda: any(mail_dir.glob("sending-*")), 60), "the worker never sent"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    assert delivered(mail_dir) == []

    second = start_worker(worker_env, SLOW_MAIL_SECONDS="0")
    try:
        assert wait_for(lambda: len(delivered(mail_dir)) >= 3, 60), delivered(mail_dir)
        time.sleep(2)  # time for a second copy, were one to come
    finally:
        second.terminate()
        second.wait(10)
    ids = delivered(mail_dir)
    assert len(ids) == len(set(ids)) == 3
    assert run(worker_env, "-c", REPORT).split() == ["3", "0"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_each_enquirys_two_emails_into_the_outbox():
    from django.db.migrations.executor import MigrationExecutor

    before = [("membership_forms", "0006_listing_queue_and_stage_indexes")]
    after = [("membership_forms", "0008_enquiry_email_columns_removed")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        check_the_emails_migration(executor.loader.project_state(before).apps, after, latest)
    finally:  # the tests that follow need the schema of today's models
        MigrationExecutor(connection).migrate(latest)


def check_the_emails_migration(apps, after, latest):
    from django.db.migrations.executor import MigrationExecutor

    Enquiry = apps.get_model("membership_forms", "MembershipEnquiry")
    Enquiry.objects.all().delete()
    page_id = make_enquiry_page().pk  # pages are the same then and now; enquiries are not
    now = timezone.now()

    def old_enquiry(reference, submitted=now, **columns):
        return Enquiry.objects.create(
            page_id=page_id,
            form_data={},
            reference=reference,
            expected_reply_by=now.date(),
            waiting_since=now,
            submit_time=submitted,
            **columns,
        )

    sent = old_enquiry("SCN-1", staff_notified_at=now, acknowledged_at=now)
    half = old_enquiry("SCN-2", contact_email="half@example.org", staff_notified_at=now)
    old = old_enquiry("SCN-3", submitted=now - timedelta(days=30))

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Email = executor.loader.project_state(after).apps.get_model(
        "membership_forms", "MembershipEmail"
    )
    rows = {
        (email.enquiry_id, email.kind): email
        for email in Email.objects.filter(enquiry__in=[sent.pk, half.pk, old.pk])
    }
    assert len(rows) == 6
    assert rows[sent.pk, "acknowledgement"].sent_at == now
    assert rows[sent.pk, "acknowledgement"].available_at is None
    assert rows[half.pk, "staff_notification"].sent_at == now
    # The unsent acknowledgement of a recent enquiry is owed; a month-old one is left to a
    # reviewer's `send_membership_emails --days`.
    assert rows[half.pk, "acknowledgement"].available_at is not None
    assert rows[old.pk, "acknowledgement"].available_at is None
    MigrationExecutor(connection).migrate(latest)  # sending reads the enquiries as now
    # Enquiries from before the site spoke other languages were all in English (0009).
    assert set(MembershipEnquiry.objects.values_list("language", flat=True)) == {"en"}
    assert emails.outbox_send_due() == 1
