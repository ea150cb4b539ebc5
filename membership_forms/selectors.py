"""Reads about enquiries: due dates, overdue ones and the figures on the staff dashboard."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.fields.tuple_lookups import TupleGreaterThanOrEqual
from django.db.models.functions import Coalesce, TruncMonth, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.permission_policies import ModelPermissionPolicy

from .models import (
    CLOSED_STATUSES,
    WAITING_ON_STAFF,
    Application,
    ApplicationContact,
    ApplicationDraft,
    EnquiryEvent,
    EnquirySearchText,
    EnquiryStatus,
    EnquiryTally,
    FormField,
    MembershipEmail,
    MembershipEnquiry,
    MembershipEnquiryPage,
)
from .working_days import (
    add_working_days,
    configured_holidays,
    response_due_date,
    working_days_between,
)

# The stages an enquiry passes on its way to membership, for the monthly chart.
STAGES = (
    EnquiryStatus.APPLICATION_SENT,
    EnquiryStatus.APPLICATION_RECEIVED,
    EnquiryStatus.CONFIRMED,
)


def due_date(enquiry: MembershipEnquiry) -> date | None:
    """When staff owe the applicant an answer; None when the enquiry is not waiting on staff."""
    if enquiry.status not in WAITING_ON_STAFF:
        return None
    return response_due_date(timezone.localdate(enquiry.waiting_since))


def working_days_waiting(enquiry: MembershipEnquiry, *, today: date | None = None) -> int | None:
    if enquiry.status not in WAITING_ON_STAFF:
        return None
    today = today or timezone.localdate()
    return working_days_between(
        timezone.localdate(enquiry.waiting_since), today, holidays=configured_holidays()
    )


def is_overdue(enquiry: MembershipEnquiry, *, today: date | None = None) -> bool:
    due = due_date(enquiry)
    return due is not None and (today or timezone.localdate()) > due


def overdue_cutoff(today: date) -> date:
    """The latest day an enquiry can have started waiting and be overdue today. Due dates
    never go down as the start date goes up, so walk back from today until one is past."""
    holidays = configured_holidays()
    days = settings.MEMBERSHIP_RESPONSE_WORKING_DAYS
    start = today
    while add_working_days(start, days, holidays=holidays) >= today:
        start -= timedelta(days=1)
    return start


def overdue_since(today: date | None = None) -> datetime:
    """Enquiries waiting on staff since before this moment (the start of the local day after
    the cutoff) are overdue: a comparison of the column itself, which an index holds (its
    local date would be an expression none does)."""
    cutoff = overdue_cutoff(today or timezone.localdate())
    return timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))


def overdue_condition(*, today: date | None = None) -> Q:
    """The overdue test as a filter, to select overdue enquiries in SQL."""
    return Q(status__in=WAITING_ON_STAFF, waiting_since__lt=overdue_since(today))


def not_overdue_condition(*, today: date | None = None) -> TupleGreaterThanOrEqual:
    """The enquiries `overdue_condition` leaves out, as one range of the listing's queue index
    (rank 0 is waiting on staff): past the overdue ones at its start, rather than a filter
    that would read them all on the way to the first page."""
    return TupleGreaterThanOrEqual(
        (F("waiting_rank"), F("waiting_since")), (0, overdue_since(today))
    )


def overdue_enquiries(queryset: QuerySet | None = None, *, today: date | None = None) -> QuerySet:
    queryset = MembershipEnquiry.objects.all() if queryset is None else queryset
    return queryset.filter(overdue_condition(today=today))


# The scheduler's questions (see scheduling.py): reminders and reviewers' digests.


def application_sent_moments() -> QuerySet:
    """Enquiries waiting for the applicant's application form, each with `application_sent`,
    when it was last sent (from the history; the arrival for one without that step)."""
    last_sent = Max(
        "events__created_at", filter=Q(events__to_status=EnquiryStatus.APPLICATION_SENT)
    )
    return (
        moderated_enquiries()
        .filter(status=EnquiryStatus.APPLICATION_SENT)
        .annotate(application_sent=Coalesce(last_sent, F("submit_time")))
    )


def reminder_due_date(application_sent: datetime) -> date:
    """The day an applicant who has not sent the application form back is reminded: the
    MEMBERSHIP_APPLICATION_REMINDER_DAYSth working day after it was sent."""
    return add_working_days(
        timezone.localdate(application_sent),
        settings.MEMBERSHIP_APPLICATION_REMINDER_DAYS,
        holidays=configured_holidays(),
    )


def enquiries_to_remind(*, today: date | None = None) -> list[MembershipEnquiry]:
    """Enquiries whose applicant is owed the reminder today: the application form sent at
    least MEMBERSHIP_APPLICATION_REMINDER_DAYS working days ago and not sent back, not
    reminded since, with an address to write to; oldest first."""
    today = today or timezone.localdate()
    # N working days are at least N calendar days: a first cut in SQL, the exact rule below.
    latest = today - timedelta(days=settings.MEMBERSHIP_APPLICATION_REMINDER_DAYS - 1)
    before = timezone.make_aware(datetime.combine(latest, time.min))
    candidates = (
        application_sent_moments()
        .filter(reminder_sent_at__isnull=True, anonymised_at__isnull=True)
        .exclude(contact_email="")
        .filter(application_sent__lt=before)
        .order_by("application_sent", "pk")
    )
    return [
        enquiry for enquiry in candidates if reminder_due_date(enquiry.application_sent) <= today
    ]


@dataclass(frozen=True)
class DigestSection:
    title: str
    enquiries: list


def digest_recipients() -> QuerySet:
    """Staff who see enquiries, have an address, and have not turned the digest off."""
    policy = ModelPermissionPolicy(MembershipEnquiry)
    return (
        policy.users_with_permission("view")
        .exclude(email="")
        .exclude(membership_preferences__daily_digest=False)
        .order_by("pk")
    )


DIGEST_LOOKBACK = timedelta(days=7)


def reviewer_digest(*, reviewer, at: datetime | None = None) -> list[DigestSection]:
    """What a reviewer's digest at `at` says, each enquiry once, in this order: applications
    received since their previous digest (at most a week back), for them or for nobody yet;
    enquiries assigned to them that are due today or overdue; enquiries waiting that nobody
    has taken."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    previous = (
        MembershipEmail.objects.filter(
            kind=MembershipEmail.Kind.DIGEST, recipient=reviewer, created_at__lt=at
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = max(previous or at - timedelta(days=1), at - DIGEST_LOOKBACK)
    waiting = moderated_enquiries().filter(status__in=WAITING_ON_STAFF).select_related("page")
    received = list(
        waiting.filter(
            Q(assigned_to=reviewer) | Q(assigned_to__isnull=True),
            status=EnquiryStatus.APPLICATION_RECEIVED,
            pk__in=Application.objects.filter(submitted_at__gte=since, submitted_at__lt=at).values(
                "enquiry"
            ),
        ).order_by("waiting_since", "pk")
    )
    seen = [enquiry.pk for enquiry in received]
    # Due on or before today: overdue tomorrow.
    due = waiting.filter(
        assigned_to=reviewer, waiting_since__lt=overdue_since(today + timedelta(days=1))
    )
    due = list(due.exclude(pk__in=seen).order_by("waiting_since", "pk"))
    unassigned = waiting.filter(assigned_to__isnull=True).exclude(pk__in=seen)
    unassigned = list(unassigned.order_by("waiting_since", "pk"))
    return [
        DigestSection(_("Applications received"), received),
        DigestSection(_("Assigned to you, due today or overdue"), due),
        DigestSection(_("Waiting for someone to take them"), unassigned),
    ]


def moderated_enquiries() -> QuerySet:
    """The enquiries staff moderate: those sent through a membership enquiry page (a
    submission of any other form is not one, even if stored in the same table)."""
    return MembershipEnquiry.objects.filter(page__in=MembershipEnquiryPage.objects.all())


def moderated_enquiries_total() -> int:
    """How many enquiries staff moderate: on PostgreSQL, read from the tally its triggers
    keep (one row per page, whatever the number of enquiries); elsewhere counted."""
    if connection.vendor != "postgresql":
        return moderated_enquiries().count()
    tallies = EnquiryTally.objects.filter(page_id__in=MembershipEnquiryPage.objects.values("pk"))
    return tallies.aggregate(total=Sum("enquiries"))["total"] or 0


def years_received() -> range:
    """The years from the first enquiry to the last: two look-ups along the index on the
    arrival time (an aggregate of MIN and MAX would scan every row, given the page filter)."""
    moments = moderated_enquiries().values_list("submit_time", flat=True)
    first = moments.order_by("submit_time").first()
    if first is None:
        return range(0)
    last = moments.order_by("-submit_time").first()
    return range(timezone.localtime(first).year, timezone.localtime(last).year + 1)


# The columns a search looks in (joined in the enquiry's `search_text`), and the contacts'.
SEARCHED_COLUMNS = ("reference", "city", "country", "contact_name", "contact_email")


def contacts_matching(word: str) -> QuerySet:
    """The ids of the enquiries one of whose application contacts has `word` in their name or
    email (in any case)."""
    return (
        ApplicationContact.objects.filter(Q(name__icontains=word) | Q(email__icontains=word))
        .values("application__enquiry_id")
        .order_by()
    )


def search_rows_matching(text: str) -> QuerySet:
    """On PostgreSQL, the rows of the narrow search table holding every word of `text` (in
    any case: the table holds its text in capitals, and each word is put in capitals by the
    database, as `icontains` would): found by its trigram index, each match rechecked on a
    small row."""
    rows = EnquirySearchText.objects.all()
    for word in text.split():
        rows = rows.filter(text__contains=Upper(Value(word)))
    return rows


def enquiries_matching(queryset: QuerySet, text: str) -> QuerySet:
    """The enquiries of `queryset` in which every word of `text` appears (in any case) in
    a searched column or in the name or email of one of the application's contacts. On
    PostgreSQL the words are looked up in the search table its triggers keep, and the
    listing's page read along its order's index, keeping the rows found there."""
    if not text.split():
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=search_rows_matching(text).values("enquiry_id"))
    for word in text.split():
        queryset = queryset.filter(
            Q(search_text__icontains=word) | Q(pk__in=contacts_matching(word))
        )
    return queryset


# A search is counted this far and no further: a word as common as a city's name matches
# thousands of enquiries, and counting them all reads most of the search table. The listing
# then shows the first matches in its order and asks for another word.
SEARCH_COUNT_LIMIT = 1000


def ids_matching(queryset: QuerySet, text: str, *, filtered: bool = True, limit: int) -> list:
    """The ids of the enquiries `enquiries_matching(queryset, text)` holds, in no order, or
    of `limit` + 1 of them when there are more. Unfiltered on PostgreSQL they are read from
    the search table alone (it holds each row's page); otherwise from the union of those
    whose own text has the first word and those whose contacts have it, each part found by
    its own index, where the OR of the two would be tested on every row."""
    words = text.split()
    if connection.vendor == "postgresql":
        if not filtered:
            pages = MembershipEnquiryPage.objects.values("pk")
            matches = search_rows_matching(text).filter(page_id__in=pages).values_list("pk")
        else:
            matches = enquiries_matching(queryset, text).order_by().values_list("pk")
    else:
        narrowed = enquiries_matching(queryset, " ".join(words[1:])).order_by().values_list("pk")
        own = narrowed.filter(search_text__icontains=words[0])
        contacts = narrowed.filter(pk__in=contacts_matching(words[0]))
        matches = own.union(contacts)
    return [pk for (pk,) in matches[: limit + 1]]


def reviewers() -> QuerySet:
    """Active users who may move enquiries along (the reviewers group, superusers, and anyone
    given the permission directly), for the assignment menu."""
    policy = ModelPermissionPolicy(MembershipEnquiry)
    return policy.users_with_permission("moderate").order_by("first_name", "last_name", "username")


def status_counts(queryset: QuerySet | None = None) -> dict[str, int]:
    queryset = MembershipEnquiry.objects.all() if queryset is None else queryset
    rows = queryset.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(EnquiryStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def median_response_working_days(*, days: int = 90, now=None) -> float | None:
    """Median working days staff took to answer a waiting enquiry, over the last `days`."""
    now = now or timezone.now()
    answers = EnquiryEvent.objects.filter(
        kind=EnquiryEvent.Kind.STATUS_CHANGE,
        waited_since__isnull=False,
        actor__isnull=False,
        created_at__gte=now - timedelta(days=days),
    ).values_list("waited_since", "created_at")
    holidays = configured_holidays()
    spans = [
        working_days_between(timezone.localdate(start), timezone.localdate(end), holidays=holidays)
        for start, end in answers
    ]
    return statistics.median(spans) if spans else None


def monthly_stage_counts(*, months: int = 12, today: date | None = None) -> list[dict]:
    """Per month of arrival: how many enquiries came, and how many of them reached each stage.
    Counted by the database in two grouped queries (arrivals, and stages reached through the
    history's `event_stage_enquiry` index), whatever the number of enquiries."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _month in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    arrivals = (
        moderated_enquiries()
        .filter(submit_time__gte=since)
        .annotate(month=TruncMonth("submit_time"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages = (
        EnquiryEvent.objects.filter(
            to_status__in=STAGES,
            enquiry__submit_time__gte=since,
            enquiry__page__in=MembershipEnquiryPage.objects.all(),
        )
        .annotate(month=TruncMonth("enquiry__submit_time"))
        .values("month", "to_status")
        .annotate(n=Count("enquiry", distinct=True))
        .order_by()
    )

    def day(month) -> date:
        return month.date() if isinstance(month, datetime) else month

    table = {}
    month = first
    while month <= today:
        table[month] = {"month": month, "received": 0, **dict.fromkeys(STAGES, 0)}
        month = (month + timedelta(days=32)).replace(day=1)
    for row in arrivals:
        if day(row["month"]) in table:
            table[day(row["month"])]["received"] = row["n"]
    for row in stages:
        if day(row["month"]) in table:
            table[day(row["month"])][row["to_status"]] = row["n"]
    return list(table.values())


def purgeable_enquiries(*, older_than_days: int, now=None) -> QuerySet:
    """Closed enquiries, not yet anonymised, with no activity (arrival or history) for more
    than `older_than_days` days; oldest first."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    recent_activity = EnquiryEvent.objects.filter(enquiry=OuterRef("pk"), created_at__gte=cutoff)
    return (
        MembershipEnquiry.objects.filter(
            status__in=CLOSED_STATUSES, anonymised_at__isnull=True, submit_time__lt=cutoff
        )
        .exclude(Exists(recent_activity))
        .order_by("submit_time", "pk")
    )


def labels_in_language(fields, language: str) -> dict[str, str]:
    """{stored name: label} of a form's `fields` as the form's translation in `language` words
    them (for staff reading an enquiry sent in another language); a field that translation
    lacks keeps its own label. One query."""
    translated = dict(
        FormField.objects.filter(
            translation_key__in=[field.translation_key for field in fields],
            locale__language_code=language,
        ).values_list("translation_key", "label")
    )
    return {
        field.clean_name: translated.get(field.translation_key, field.label) for field in fields
    }


@dataclass(frozen=True)
class ProgressStep:
    label: str
    on: date | None  # when it happened; None if it has not (yet)


def enquiry_progress(enquiry: MembershipEnquiry) -> list[ProgressStep]:
    """The steps an applicant sees on the status page, each with the day it happened: from
    the enquiry's history, never its notes or who works on it."""
    reached = {}
    events = enquiry.events.filter(kind=EnquiryEvent.Kind.STATUS_CHANGE).order_by("created_at")
    for to_status, created_at in events.values_list("to_status", "created_at"):
        reached[to_status] = timezone.localdate(created_at)  # the latest, if it came back
    application = getattr(enquiry, "application", None)
    if application is not None:
        reached[EnquiryStatus.APPLICATION_RECEIVED] = timezone.localdate(application.submitted_at)
    steps = [
        ProgressStep(_("Enquiry received"), timezone.localdate(enquiry.submit_time)),
        ProgressStep(
            _("Application form sent to you"), reached.get(EnquiryStatus.APPLICATION_SENT)
        ),
        ProgressStep(_("Application received"), reached.get(EnquiryStatus.APPLICATION_RECEIVED)),
    ]
    endings = {
        EnquiryStatus.CONFIRMED: _("Membership confirmed"),
        EnquiryStatus.DECLINED: _("Membership declined"),
        EnquiryStatus.WITHDRAWN: _("Enquiry withdrawn"),
    }
    if enquiry.status in endings:
        steps.append(ProgressStep(endings[enquiry.status], reached.get(enquiry.status)))
    else:
        steps.append(ProgressStep(_("Decision on membership"), None))
    return steps


def application_draft(enquiry: MembershipEnquiry):
    """The applicant's saved draft of the application, if any (one query)."""
    return ApplicationDraft.objects.filter(enquiry=enquiry).first()
