"""The membership workflow's rules. Every change of an enquiry goes through these functions
(from the form's intake to each step of moderation), so the admin, the applicant's form,
emails and tests share one set of rules."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    OPEN_STATUSES,
    WAITING_ON_STAFF,
    EnquiryEvent,
    EnquiryStatus,
    MapsTo,
    MembershipEnquiry,
    MembershipEnquiryPage,
    Region,
)
from .tasks import enquiry_emails_enqueue

COLUMNS = [choice for choice in MapsTo.values if choice]


def region_from_answer(answer) -> str:
    """The region code for an answer given as a region's name or code."""
    text = str(answer or "").strip().casefold()
    for code, label in Region.choices:
        if text in (code, str(label).casefold()):
            return code
    return ""


def enquiry_columns(*, page: MembershipEnquiryPage, answers: dict) -> dict:
    """The enquiry's filterable columns, from the answers of the fields mapped to them."""
    columns = dict.fromkeys(COLUMNS, "")
    for field in page.get_form_fields():
        if field.maps_to not in columns or answers.get(field.clean_name) in (None, ""):
            continue
        answer = answers[field.clean_name]
        if isinstance(answer, list):
            answer = ", ".join(str(item) for item in answer)
        if field.maps_to == MapsTo.REGION:
            columns["region"] = region_from_answer(answer)
        else:
            max_length = MembershipEnquiry._meta.get_field(field.maps_to).max_length
            columns[field.maps_to] = " ".join(str(answer).split())[:max_length]
    columns["contact_email"] = columns["contact_email"].lower()
    return columns


def same_city(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def enquiry_find_possible_duplicate(
    *, contact_email: str, city: str, before: datetime
) -> MembershipEnquiry | None:
    """The earliest enquiry within the duplicate window from the same address about the
    same city (compared without regard to case, in any script)."""
    if not contact_email or not city:
        return None
    since = before - timedelta(days=settings.MEMBERSHIP_DUPLICATE_WINDOW_DAYS)
    candidates = MembershipEnquiry.objects.filter(
        contact_email=contact_email.lower(), submit_time__gte=since, submit_time__lte=before
    ).order_by("submit_time", "pk")
    return next((enquiry for enquiry in candidates if same_city(enquiry.city, city)), None)


def enquiry_receive(*, page: MembershipEnquiryPage, answers: dict) -> MembershipEnquiry:
    """Store an enquiry from the form, then (once it is safely committed) queue the email to
    staff and the acknowledgement to the applicant."""
    with transaction.atomic():
        enquiry = MembershipEnquiry(
            page=page, form_data=answers, **enquiry_columns(page=page, answers=answers)
        )
        enquiry.possible_duplicate_of = enquiry_find_possible_duplicate(
            contact_email=enquiry.contact_email, city=enquiry.city, before=enquiry.submit_time
        )
        enquiry.save()
        transaction.on_commit(partial(enquiry_emails_enqueue, enquiry_id=enquiry.pk), robust=True)
    return enquiry


# Moderation


class TransitionNotAllowed(Exception):
    """The enquiry's status does not allow this step."""


class EnquiryChanged(Exception):
    """Someone else changed the enquiry since the reviewer loaded it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "send_application",
            _("Send application form"),
            frozenset({EnquiryStatus.RECEIVED}),
            EnquiryStatus.APPLICATION_SENT,
        ),
        Transition(
            "receive_application",
            _("Application received"),
            frozenset({EnquiryStatus.APPLICATION_SENT}),
            EnquiryStatus.APPLICATION_RECEIVED,
        ),
        Transition(
            "confirm",
            _("Confirm membership"),
            frozenset({EnquiryStatus.APPLICATION_RECEIVED}),
            EnquiryStatus.CONFIRMED,
        ),
        Transition(
            "decline",
            _("Decline"),
            frozenset({EnquiryStatus.RECEIVED, EnquiryStatus.APPLICATION_RECEIVED}),
            EnquiryStatus.DECLINED,
        ),
        Transition("withdraw", _("Mark as withdrawn"), OPEN_STATUSES, EnquiryStatus.WITHDRAWN),
        Transition("mark_spam", _("Mark as spam"), OPEN_STATUSES, EnquiryStatus.SPAM),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({EnquiryStatus.DECLINED, EnquiryStatus.WITHDRAWN}),
            EnquiryStatus.RECEIVED,
        ),
    ]
}

# Steps a reviewer takes in the admin; "receive_application" is the applicant's own.
STAFF_TRANSITIONS = ("send_application", "confirm", "decline", "withdraw", "mark_spam", "reopen")


def allowed_transitions(enquiry: MembershipEnquiry, *, for_staff: bool = True) -> list[Transition]:
    names = STAFF_TRANSITIONS if for_staff else tuple(TRANSITIONS)
    return [TRANSITIONS[n] for n in names if enquiry.status in TRANSITIONS[n].sources]


def _transition(
    *,
    enquiry: MembershipEnquiry,
    name: str,
    by,
    note: str = "",
    expected_version: int | None = None,
    after: Callable[[MembershipEnquiry], None] | None = None,
) -> MembershipEnquiry:
    """Move `enquiry` along `name`, record it, and run `after` in the same transaction.

    The UPDATE matches the status and version the caller saw, so of two reviewers acting at
    once only the first succeeds; the second gets EnquiryChanged and nothing changes."""
    transition = TRANSITIONS[name]
    if enquiry.status not in transition.sources:
        raise TransitionNotAllowed(
            _("An enquiry that is “%(status)s” cannot take the step “%(step)s”.")
            % {"status": enquiry.get_status_display(), "step": transition.label}
        )
    version = enquiry.version if expected_version is None else expected_version
    now = timezone.now()
    changes = {"status": transition.target, "version": models.F("version") + 1}
    if transition.target in WAITING_ON_STAFF:
        changes["waiting_since"] = now
    with transaction.atomic():
        updated = MembershipEnquiry.objects.filter(
            pk=enquiry.pk, status=enquiry.status, version=version
        ).update(**changes)
        if not updated:
            raise EnquiryChanged(
                _(
                    "Enquiry %(reference)s was changed by someone else while you were looking "
                    "at it. Nothing was changed: reload it to see its current state."
                )
                % {"reference": enquiry.reference}
            )
        EnquiryEvent.objects.create(
            enquiry=enquiry,
            kind=EnquiryEvent.Kind.STATUS_CHANGE,
            created_at=now,
            actor=by,
            from_status=enquiry.status,
            to_status=transition.target,
            waited_since=enquiry.waiting_since if enquiry.status in WAITING_ON_STAFF else None,
            note=note,
        )
        enquiry.refresh_from_db()
        if after is not None:
            after(enquiry)
    return enquiry


def enquiry_send_application(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry,
        name="send_application",
        by=by,
        note=note,
        expected_version=expected_version,
    )


def enquiry_receive_application(*, enquiry, note=""):
    """The applicant sent the application form back (no staff user involved)."""
    return _transition(enquiry=enquiry, name="receive_application", by=None, note=note)


def enquiry_confirm(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry, name="confirm", by=by, note=note, expected_version=expected_version
    )


def enquiry_decline(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry, name="decline", by=by, note=note, expected_version=expected_version
    )


def enquiry_withdraw(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry, name="withdraw", by=by, note=note, expected_version=expected_version
    )


def enquiry_mark_spam(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry, name="mark_spam", by=by, note=note, expected_version=expected_version
    )


def enquiry_reopen(*, enquiry, by, note="", expected_version=None):
    return _transition(
        enquiry=enquiry, name="reopen", by=by, note=note, expected_version=expected_version
    )


def enquiry_assign(*, enquiry, by, assignee, note="") -> MembershipEnquiry:
    """Give the enquiry to `assignee` (None to unassign), and record who did it."""
    with transaction.atomic():
        MembershipEnquiry.objects.filter(pk=enquiry.pk).update(
            assigned_to=assignee, version=models.F("version") + 1
        )
        EnquiryEvent.objects.create(
            enquiry=enquiry,
            kind=EnquiryEvent.Kind.ASSIGNMENT,
            actor=by,
            assignee=assignee,
            note=note,
        )
    enquiry.refresh_from_db()
    return enquiry


def enquiry_add_note(*, enquiry, by, text: str) -> EnquiryEvent:
    text = text.strip()
    if not text:
        raise ValueError(_("A note needs some text."))
    return EnquiryEvent.objects.create(
        enquiry=enquiry, kind=EnquiryEvent.Kind.NOTE, actor=by, note=text
    )
