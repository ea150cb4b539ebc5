"""`manage.py purge_membership_data`: old closed enquiries lose their personal details."""

from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from membership_forms import services
from membership_forms.models import (
    Application,
    ApplicationContact,
    EnquiryEvent,
    EnquiryStatus,
    MembershipEnquiry,
)
from membership_forms.services import (
    REDACTED,
    REDACTED_FORM_DATA,
    enquiry_anonymise,
    membership_data_purge,
)

from .factories import make_application_record, make_enquiry, make_user

S = EnquiryStatus
pytestmark = pytest.mark.django_db


def make_closed_enquiry(days_ago=400, status=S.DECLINED, note="Called the mayor's office", **kw):
    """A closed enquiry that arrived and was last touched `days_ago` days ago, with a
    status change carrying a note, and an application with two contacts."""
    moment = timezone.now() - timedelta(days=days_ago)
    enquiry = make_enquiry(submit_time=moment, waiting_since=moment, status=status, **kw)
    EnquiryEvent.objects.create(
        enquiry=enquiry,
        kind=EnquiryEvent.Kind.STATUS_CHANGE,
        created_at=moment + timedelta(hours=2),
        actor=make_user(f"reviewer-{enquiry.pk}"),
        from_status=S.RECEIVED,
        to_status=status,
        note=note,
    )
    make_application_record(enquiry)
    return enquiry


def purge(*args, verbosity=1):
    out = StringIO()
    call_command("purge_membership_data", *args, stdout=out, verbosity=verbosity)
    return out.getvalue()


def snapshot():
    """Everything the purge may touch, to compare before and after."""
    return (
        list(MembershipEnquiry.objects.order_by("pk").values()),
        list(EnquiryEvent.objects.order_by("pk").values()),
        list(Application.objects.order_by("pk").values()),
        list(ApplicationContact.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("status", [S.DECLINED, S.WITHDRAWN, S.SPAM])
def test_old_closed_enquiry_is_anonymised_but_keeps_its_statistics(status):
    enquiry = make_closed_enquiry(
        status=status,
        city="Mombasa",
        country="Kenya",
        region="sub_saharan_africa",
        contact_name="Amina Example",
        contact_email="amina@example.org",
        organisation="County security office",
    )
    event = enquiry.events.get()

    output = purge()

    enquiry.refresh_from_db()
    assert (enquiry.contact_name, enquiry.contact_email, enquiry.organisation) == ("", "", "")
    assert enquiry.form_data == REDACTED_FORM_DATA
    assert "amina" not in str(enquiry.form_data).lower()
    assert (enquiry.city, enquiry.country, enquiry.region) == (
        "Mombasa",
        "Kenya",
        "sub_saharan_africa",
    )
    assert enquiry.status == status
    assert enquiry.reference.startswith("SCN-")
    assert enquiry.anonymised_at is not None
    assert not ApplicationContact.objects.filter(application__enquiry=enquiry).exists()
    assert enquiry.application.background == ""
    # The history keeps its shape; only the note's text goes.
    kept = enquiry.events.get()
    assert kept.pk == event.pk
    assert (kept.from_status, kept.to_status, kept.actor_id, kept.created_at) == (
        event.from_status,
        event.to_status,
        event.actor_id,
        event.created_at,
    )
    assert kept.note == REDACTED
    assert f"Anonymised {enquiry.reference}" in output
    assert "Enquiries anonymised: 1, notes scrubbed: 1, contacts deleted: 2." in output


def test_open_recent_and_recently_active_enquiries_are_left_alone():
    for status in (S.RECEIVED, S.APPLICATION_SENT, S.APPLICATION_RECEIVED, S.CONFIRMED):
        make_enquiry(
            submit_time=timezone.now() - timedelta(days=900),
            waiting_since=timezone.now() - timedelta(days=900),
            status=status,
            contact_email=f"{status}@example.org",
        )
    recent_closed = make_closed_enquiry(days_ago=30, contact_email="recent@example.org")
    # Arrived long ago, but declined last month: its last activity is recent.
    active = make_closed_enquiry(days_ago=500, contact_email="active@example.org")
    EnquiryEvent.objects.create(
        enquiry=active,
        kind=EnquiryEvent.Kind.NOTE,
        created_at=timezone.now() - timedelta(days=40),
        note="Asked us to keep the file open a while.",
    )
    old = make_closed_enquiry(days_ago=400, contact_email="old@example.org")
    before = {e.pk: e for e in MembershipEnquiry.objects.exclude(pk=old.pk)}

    output = purge()

    for enquiry in MembershipEnquiry.objects.exclude(pk=old.pk):
        assert enquiry.contact_email == before[enquiry.pk].contact_email
        assert enquiry.form_data == before[enquiry.pk].form_data
        assert enquiry.anonymised_at is None
    assert active.events.filter(note="Asked us to keep the file open a while.").exists()
    assert recent_closed.application.contacts.count() == 2
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert output.count("Anonymised ") == 1


def test_age_limit_defaults_to_a_year_and_can_be_changed():
    year_and_a_bit = make_closed_enquiry(days_ago=370, contact_email="a@example.org")
    half_year = make_closed_enquiry(days_ago=180, contact_email="b@example.org")

    purge()
    year_and_a_bit.refresh_from_db()
    half_year.refresh_from_db()
    assert year_and_a_bit.anonymised_at is not None
    assert half_year.anonymised_at is None

    purge("--older-than", "90")
    half_year.refresh_from_db()
    assert half_year.anonymised_at is not None


def test_dry_run_changes_nothing_and_says_what_it_would_do():
    enquiry = make_closed_enquiry()
    before = snapshot()

    output = purge("--dry-run")

    assert snapshot() == before
    assert f"Would anonymise {enquiry.reference} (Declined, last activity" in output
    assert "Dry run, nothing was changed. It would have been: enquiries anonymised: 1" in output


def test_second_run_finds_nothing_and_keeps_the_first_date():
    enquiry = make_closed_enquiry()
    purge()
    enquiry.refresh_from_db()
    first = enquiry.anonymised_at

    output = purge()

    enquiry.refresh_from_db()
    assert enquiry.anonymised_at == first
    assert output.strip() == "Nothing to change."


def test_one_line_per_enquiry_and_silence_at_verbosity_zero():
    enquiries = [make_closed_enquiry(contact_email=f"p{i}@example.org") for i in range(3)]
    assert purge("--dry-run").count("Would anonymise") == 3
    assert purge(verbosity=0) == ""
    assert all(
        e.anonymised_at for e in MembershipEnquiry.objects.filter(pk__in=[e.pk for e in enquiries])
    )


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_bad_age_limit_is_a_clear_error(value):
    enquiry = make_closed_enquiry()
    with pytest.raises(CommandError, match="older-than"):
        purge(f"--older-than={value}")
    enquiry.refresh_from_db()
    assert enquiry.anonymised_at is None


def test_history_stays_append_only_for_everyone_else():
    enquiry = make_closed_enquiry()
    enquiry_anonymise(enquiry=enquiry)
    event = enquiry.events.get()
    event.note = "Rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def purge_queries(count: int, *, batch_size: int) -> int:
    for number in range(count):
        make_closed_enquiry(contact_email=f"q{number}@example.org")
    with CaptureQueriesContext(connection) as context:
        report = membership_data_purge(older_than_days=365, batch_size=batch_size)
    assert report.enquiries_anonymised == count
    return len(context)


def test_purge_runs_a_fixed_number_of_queries_per_batch():
    counts = []
    for enquiries in (3, 6, 9):
        MembershipEnquiry.objects.all().delete()
        counts.append(purge_queries(enquiries, batch_size=3))
    # Each batch of three costs the same (no query per enquiry), and few queries.
    assert counts[2] - counts[1] == counts[1] - counts[0] <= 12


def test_interrupted_purge_keeps_finished_batches_and_a_rerun_finishes(monkeypatch):
    enquiries = [make_closed_enquiry(contact_email=f"i{n}@example.org") for n in range(5)]
    real = services.enquiries_anonymise
    calls = []

    def fail_on_second_batch(**kwargs):
        calls.append(kwargs["ids"])
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(**kwargs)

    monkeypatch.setattr(services, "enquiries_anonymise", fail_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        membership_data_purge(older_than_days=365, batch_size=2)
    done = set(MembershipEnquiry.objects.exclude(anonymised_at=None).values_list("pk", flat=True))
    assert done == {enquiries[0].pk, enquiries[1].pk}
    # The failed batch changed nothing.
    assert MembershipEnquiry.objects.get(pk=enquiries[2].pk).contact_name
    assert ApplicationContact.objects.filter(application__enquiry=enquiries[2]).exists()

    monkeypatch.setattr(services, "enquiries_anonymise", real)
    report = membership_data_purge(older_than_days=365, batch_size=2)
    assert report.enquiries_anonymised == 3
    assert not MembershipEnquiry.objects.filter(anonymised_at=None).exists()


def test_progress_is_shown_after_each_batch():
    for number in range(5):
        make_closed_enquiry(contact_email=f"b{number}@example.org")
    lines = []
    membership_data_purge(older_than_days=365, batch_size=2, progress=lines.append)
    assert [line for line in lines if line.startswith("…")] == [
        "… 2 enquiries so far",
        "… 4 enquiries so far",
        "… 5 enquiries so far",
    ]
