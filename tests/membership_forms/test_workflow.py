"""The membership workflow's rules (services.py) and the figures staff see (selectors.py)."""

import threading
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

import pytest

from membership_forms import selectors, services
from membership_forms.models import EnquiryEvent, EnquiryStatus, MembershipEnquiry

from .factories import make_enquiry, make_enquiry_waiting, make_user

S = EnquiryStatus

# (step, from, to) for every allowed transition.
ALLOWED = [
    ("send_application", S.RECEIVED, S.APPLICATION_SENT),
    ("receive_application", S.APPLICATION_SENT, S.APPLICATION_RECEIVED),
    ("confirm", S.APPLICATION_RECEIVED, S.CONFIRMED),
    ("decline", S.RECEIVED, S.DECLINED),
    ("decline", S.APPLICATION_RECEIVED, S.DECLINED),
    ("withdraw", S.RECEIVED, S.WITHDRAWN),
    ("withdraw", S.APPLICATION_SENT, S.WITHDRAWN),
    ("withdraw", S.APPLICATION_RECEIVED, S.WITHDRAWN),
    ("mark_spam", S.RECEIVED, S.SPAM),
    ("mark_spam", S.APPLICATION_SENT, S.SPAM),
    ("mark_spam", S.APPLICATION_RECEIVED, S.SPAM),
    ("reopen", S.DECLINED, S.RECEIVED),
    ("reopen", S.WITHDRAWN, S.RECEIVED),
]
ALLOWED_PAIRS = {(step, source) for step, source, _ in ALLOWED}
FORBIDDEN = [
    (step, source)
    for step in services.TRANSITIONS
    for source in S.values
    if (step, source) not in ALLOWED_PAIRS
]


def run_step(step, enquiry, by, **kwargs):
    if step == "receive_application":
        return services.enquiry_receive_application(enquiry=enquiry, **kwargs)
    function = getattr(services, f"enquiry_{step}")
    return function(enquiry=enquiry, by=by, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "source", "target"), ALLOWED)
def test_allowed_transition_moves_and_records_history(step, source, target):
    reviewer = make_user()
    enquiry = make_enquiry(status=source)
    run_step(step, enquiry, reviewer, note="Checked by phone")

    enquiry.refresh_from_db()
    assert enquiry.status == target
    assert enquiry.version == 2
    event = enquiry.events.get()
    assert (event.kind, event.from_status, event.to_status) == ("status_change", source, target)
    assert event.note == "Checked by phone"
    assert event.actor == (None if step == "receive_application" else reviewer)
    assert abs(event.created_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "source"), FORBIDDEN)
def test_forbidden_transition_raises_and_changes_nothing(step, source):
    enquiry = make_enquiry(status=source)
    with pytest.raises(services.TransitionNotAllowed) as error:
        run_step(step, enquiry, make_user())
    assert "cannot take the step" in str(error.value)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.version) == (source, 1)
    assert not enquiry.events.exists()


@pytest.mark.django_db
def test_entering_a_waiting_state_restarts_the_clock():
    enquiry = make_enquiry_waiting(days_ago=10, status=S.APPLICATION_SENT)
    services.enquiry_receive_application(enquiry=enquiry)
    enquiry.refresh_from_db()
    assert timezone.now() - enquiry.waiting_since < timedelta(minutes=1)


@pytest.mark.django_db
def test_stale_version_loses_and_changes_nothing():
    first, second = make_user("first"), make_user("second")
    enquiry = make_enquiry()
    seen_by_second = MembershipEnquiry.objects.get(pk=enquiry.pk)

    services.enquiry_send_application(enquiry=enquiry, by=first, expected_version=1)
    with pytest.raises(services.EnquiryChanged) as error:
        services.enquiry_mark_spam(enquiry=seen_by_second, by=second, expected_version=1)
    assert "changed by someone else" in str(error.value)
    enquiry.refresh_from_db()
    assert enquiry.status == S.APPLICATION_SENT
    assert enquiry.events.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_only_one_wins(migrated_database):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in tests takes one writer at a time; CI runs this on PostgreSQL")
    reviewers = [make_user("r1"), make_user("r2")]
    enquiry_id = make_enquiry().pk
    barrier = threading.Barrier(2)
    outcomes = []

    def act(reviewer, step):
        from django.db import connection as thread_connection

        enquiry = MembershipEnquiry.objects.get(pk=enquiry_id)
        barrier.wait()
        try:
            run_step(step, enquiry, reviewer, expected_version=1)
            outcomes.append("won")
        except (services.EnquiryChanged, services.TransitionNotAllowed):
            outcomes.append("lost")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=act, args=(reviewers[0], "send_application")),
        threading.Thread(target=act, args=(reviewers[1], "mark_spam")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["lost", "won"]
    assert EnquiryEvent.objects.filter(enquiry_id=enquiry_id).count() == 1


@pytest.mark.django_db
def test_history_is_append_only():
    enquiry = make_enquiry()
    note = services.enquiry_add_note(enquiry=enquiry, by=make_user(), text="  Called the city  ")
    assert note.note == "Called the city"
    note.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        note.save()


@pytest.mark.django_db
def test_empty_note_is_refused():
    with pytest.raises(ValueError):
        services.enquiry_add_note(enquiry=make_enquiry(), by=make_user(), text="   ")


@pytest.mark.django_db
def test_assignment_is_recorded():
    lead, reviewer = make_user("lead"), make_user("reviewer")
    enquiry = services.enquiry_assign(enquiry=make_enquiry(), by=lead, assignee=reviewer)
    assert enquiry.assigned_to == reviewer
    event = enquiry.events.get()
    assert (event.kind, event.actor, event.assignee) == ("assignment", lead, reviewer)


@pytest.mark.django_db
def test_allowed_transitions_offered_to_staff():
    names = {t.name for t in services.allowed_transitions(make_enquiry(status=S.RECEIVED))}
    assert names == {"send_application", "decline", "withdraw", "mark_spam"}
    names = {t.name for t in services.allowed_transitions(make_enquiry(status=S.APPLICATION_SENT))}
    assert names == {"withdraw", "mark_spam"}  # the applicant sends the application back
    assert services.allowed_transitions(make_enquiry(status=S.CONFIRMED)) == []


def at(day: date, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.django_db
def test_due_date_skips_weekends_and_holidays(settings):
    settings.MEMBERSHIP_RESPONSE_WORKING_DAYS = 3
    settings.MEMBERSHIP_HOLIDAYS = ["2026-12-28"]
    friday = date(2026, 12, 25)
    enquiry = make_enquiry(submit_time=at(friday), waiting_since=at(friday))
    # Mon 28th is a holiday: Tue 29, Wed 30, Thu 31.
    assert selectors.due_date(enquiry) == date(2026, 12, 31)
    assert selectors.working_days_waiting(enquiry, today=date(2026, 12, 30)) == 2
    assert not selectors.is_overdue(enquiry, today=date(2026, 12, 31))
    assert selectors.is_overdue(enquiry, today=date(2027, 1, 1))


@pytest.mark.django_db
def test_only_waiting_enquiries_have_a_due_date():
    enquiry = make_enquiry_waiting(days_ago=30, status=S.APPLICATION_SENT)
    assert selectors.due_date(enquiry) is None
    assert not selectors.is_overdue(enquiry)


@pytest.mark.django_db
def test_overdue_filter_matches_the_per_enquiry_rule(settings):
    settings.MEMBERSHIP_HOLIDAYS = []
    enquiries = [make_enquiry_waiting(days_ago=n, contact_email=f"c{n}@x.org") for n in range(12)]
    enquiries.append(make_enquiry_waiting(days_ago=20, status=S.APPLICATION_SENT))
    for today in [timezone.localdate() + timedelta(days=d) for d in range(0, 7)]:
        expected = {e.pk for e in enquiries if selectors.is_overdue(e, today=today)}
        actual = set(selectors.overdue_enquiries(today=today).values_list("pk", flat=True))
        assert actual == expected, today


@pytest.mark.django_db
def test_dashboard_figures():
    reviewer = make_user()
    answered = make_enquiry_waiting(days_ago=7)
    services.enquiry_send_application(enquiry=answered, by=reviewer)
    make_enquiry_waiting(days_ago=1, contact_email="b@x.org")
    make_enquiry(status=S.SPAM, contact_email="c@x.org")

    counts = selectors.status_counts()
    assert counts[S.RECEIVED] == 1
    assert counts[S.APPLICATION_SENT] == 1
    assert counts[S.SPAM] == 1
    assert counts[S.CONFIRMED] == 0

    median = selectors.median_response_working_days()
    assert 4 <= median <= 5  # seven calendar days hold four or five working days

    months = selectors.monthly_stage_counts(months=3)
    assert len(months) == 3
    assert sum(m["received"] for m in months) == 3
    assert sum(m[S.APPLICATION_SENT] for m in months) == 1
