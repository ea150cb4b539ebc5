"""The membership workflow's rules. Every change of an enquiry's state goes through these
functions, so the admin, the applicant's form, emails and tests share one set of rules."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    OPEN_STATUSES,
    WAITING_ON_STAFF,
    EnquiryEvent,
    EnquiryStatus,
    MembershipEnquiry,
)


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
