"""The membership workflow's rules. Every change of an enquiry goes through these functions
(receiving it from the form, moving it along, anonymising it), so the admin, the applicant's
forms, emails and tests share one set of rules."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _

from home.services import MEMBERS_GROUP_NAME

from . import tokens
from .dashboard import dashboard_figures_forget
from .models import (
    OPEN_STATUSES,
    WAITING_ON_STAFF,
    Application,
    ApplicationContact,
    ApplicationDraft,
    EnquiryEvent,
    EnquiryStatus,
    MapsTo,
    Member,
    MembershipEmail,
    MembershipEnquiry,
    MembershipEnquiryPage,
    Region,
)
from .selectors import purgeable_enquiries
from .tasks import send_membership_email

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


# What every enquiry owes, once it is committed.
ENQUIRY_EMAIL_KINDS = (
    MembershipEmail.Kind.STAFF_NOTIFICATION,
    MembershipEmail.Kind.ACKNOWLEDGEMENT,
)


def enquiry_receive(
    *, page: MembershipEnquiryPage, answers: dict, language: str | None = None
) -> MembershipEnquiry:
    """Store an enquiry from the form with the two emails it owes, to staff and the
    applicant's acknowledgement, which leave once it is safely committed. The enquiry is in
    `language` (by default the form page's), which its later emails are written in."""
    with transaction.atomic():
        enquiry = MembershipEnquiry(
            page=page,
            form_data=answers,
            language=get_supported_language_variant(language or page.locale.language_code),
            **enquiry_columns(page=page, answers=answers),
        )
        enquiry.possible_duplicate_of = enquiry_find_possible_duplicate(
            contact_email=enquiry.contact_email, city=enquiry.city, before=enquiry.submit_time
        )
        enquiry.save()
        for kind in ENQUIRY_EMAIL_KINDS:
            membership_email_queue(enquiry=enquiry, kind=kind)
        transaction.on_commit(dashboard_figures_forget, robust=True)
    return enquiry


# The moderation workflow.


class TransitionNotAllowed(Exception):
    """The enquiry's status does not allow this step."""


class EnquiryChanged(Exception):
    """Someone else changed the enquiry since the reviewer loaded it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: Collection[str]
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
    if transition.target == EnquiryStatus.APPLICATION_SENT:
        changes["reminder_sent_at"] = None  # a new form sent: a new reminder owed in time
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
        transaction.on_commit(dashboard_figures_forget, robust=True)
    return enquiry


def enquiry_send_application(*, enquiry, by, note="", expected_version=None):
    """Move the enquiry on and email the applicant a link to the application form."""
    return _transition(
        enquiry=enquiry,
        name="send_application",
        by=by,
        note=note,
        expected_version=expected_version,
        after=_queue_email(MembershipEmail.Kind.APPLICATION_INVITATION),
    )


def enquiry_receive_application(*, enquiry, note=""):
    """The applicant sent the application form back (no staff user involved)."""
    return _transition(enquiry=enquiry, name="receive_application", by=None, note=note)


def enquiry_confirm(*, enquiry, by, note="", expected_version=None, show_in_directory: bool = True):
    """Make the city a member: its member record, an Online Hub account for each point of
    contact, and (once committed) a welcome email to each with a link to choose a password,
    and the news to the enquiry's contact if they are not one of them."""
    return _transition(
        enquiry=enquiry,
        name="confirm",
        by=by,
        note=note,
        expected_version=expected_version,
        after=lambda enquiry: member_welcome(enquiry=enquiry, show_in_directory=show_in_directory),
    )


def enquiry_decline(*, enquiry, by, note="", expected_version=None):
    """Close the enquiry and send the applicant the (staff-editable) polite answer."""
    return _transition(
        enquiry=enquiry,
        name="decline",
        by=by,
        note=note,
        expected_version=expected_version,
        after=decline_emails_queue,
    )


def decline_emails_queue(enquiry: MembershipEnquiry) -> list[MembershipEmail]:
    """The decline owed to everyone who spoke for the city: the enquiry's contact and each
    point of contact of its application, once per address (whatever its case)."""
    queued = [membership_email_queue(enquiry=enquiry, kind=MembershipEmail.Kind.DECLINE)]
    addresses = {enquiry.contact_email.strip().lower()} - {""}
    for contact in ApplicationContact.objects.filter(application__enquiry=enquiry).order_by("pk"):
        address = contact.email.strip().lower()
        if address and address not in addresses:
            addresses.add(address)
            queued.append(
                membership_email_queue(
                    enquiry=enquiry, kind=MembershipEmail.Kind.DECLINE, contact=contact
                )
            )
    return queued


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


KEEP = object()


def enquiry_assign(*, enquiry, by, assignee, note="", seen_assignee_id=KEEP) -> MembershipEnquiry:
    """Give the enquiry to `assignee` (None to unassign), and record who did it. With
    `seen_assignee_id` (whom the reviewer saw it assigned to, None for nobody), the UPDATE
    matches it, so of two reviewers assigning at once the second gets EnquiryChanged."""
    with transaction.atomic():
        enquiries = MembershipEnquiry.objects.filter(pk=enquiry.pk)
        if seen_assignee_id is not KEEP:
            enquiries = enquiries.filter(assigned_to_id=seen_assignee_id)
        updated = enquiries.update(assigned_to=assignee, version=models.F("version") + 1)
        if not updated:
            raise EnquiryChanged(
                _(
                    "Enquiry %(reference)s was assigned by someone else while you were looking "
                    "at it. Nothing was changed."
                )
                % {"reference": enquiry.reference}
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


# Data protection: the `purge_membership_data` and `erase_applicant` commands.

REDACTED = "[removed for data protection]"
REDACTED_FORM_DATA = {"redacted": REDACTED}


class ErasureRefused(Exception):
    """The address belongs to an account this tool must not delete."""


@dataclass
class DataProtectionReport:
    """What a purge or erasure changed or, in a dry run, would change."""

    dry_run: bool = False
    enquiries_withdrawn: int = 0
    enquiries_anonymised: int = 0
    notes_scrubbed: int = 0
    contacts_deleted: int = 0
    drafts_deleted: int = 0
    hub_accounts_deleted: int = 0
    members_kept: int = 0

    def summary(self) -> str:
        counts = [
            (f.name.replace("_", " "), getattr(self, f.name))
            for f in fields(self)
            if f.name != "dry_run"
        ]
        changes = ", ".join(f"{label}: {n}" for label, n in counts if n)
        if self.dry_run:
            return f"Dry run, nothing was changed. It would have been: {changes or 'nothing'}."
        return f"Done. {changes[0].upper()}{changes[1:]}." if changes else "Nothing to change."


def _quiet(line: str) -> None:
    """The default progress callback: say nothing."""


def enquiry_anonymise(
    *, enquiry: MembershipEnquiry, keep_application: bool = False
) -> MembershipEnquiry:
    """Remove the applicant's personal details from `enquiry`. What statistics need stays:
    reference, status, dates, city, country, region, and the shape of the history (who did
    what, when).

    Scrubbing notes is the one sanctioned exception to the append-only history: it uses a
    queryset update, which bypasses EnquiryEvent.save's guard on purpose, so the guard
    still holds for every other caller. With `keep_application`, a member city's
    application (its background and its other points of contact) stays."""
    with transaction.atomic():
        enquiries_anonymise(ids=[enquiry.pk], keep_application=keep_application)
    enquiry.refresh_from_db()
    return enquiry


PURGE_BATCH_SIZE = 500


def membership_data_purge(
    *,
    older_than_days: int,
    dry_run: bool = False,
    progress: Callable[[str], None] = _quiet,
    batch_size: int = PURGE_BATCH_SIZE,
) -> DataProtectionReport:
    """Anonymise every closed enquiry with no activity in the last `older_than_days` days.

    In batches of `batch_size`, each its own transaction with a fixed number of queries, so
    that memory and locks stay small whatever the number of enquiries, and an interrupted
    purge keeps what it finished: run again, it carries on with the rest."""
    if older_than_days < 0:
        raise ValueError("The age limit must not be negative.")
    report = DataProtectionReport(dry_run=dry_run)
    now = timezone.now()
    verb = "Would anonymise" if dry_run else "Anonymised"
    last_pk = 0
    while True:
        with transaction.atomic():
            candidates = purgeable_enquiries(older_than_days=older_than_days, now=now).filter(
                pk__gt=last_pk
            )
            if not dry_run:
                candidates = candidates.select_for_update()
            ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            last_pk = ids[-1]
            contacts = dict(
                ApplicationContact.objects.filter(application__enquiry_id__in=ids)
                .values_list("application__enquiry_id")
                .annotate(n=models.Count("pk"))
                .order_by()
            )
            enquiries = (
                MembershipEnquiry.objects.filter(pk__in=ids)
                .annotate(
                    notes=models.Count("events", filter=~models.Q(events__note="")),
                    last_event_at=models.Max("events__created_at"),
                    draft=models.Exists(
                        ApplicationDraft.objects.filter(enquiry=models.OuterRef("pk"))
                    ),
                )
                .order_by("submit_time", "pk")
                .values_list(
                    "pk", "reference", "status", "submit_time", "notes", "last_event_at", "draft"
                )
            )
            labels = dict(EnquiryStatus.choices)
            drafts = 0
            for pk, reference, status, submit_time, notes, last_event_at, draft in enquiries:
                last_activity = max(filter(None, [submit_time, last_event_at]))
                progress(
                    f"{verb} {reference} ({labels[status]}, last activity "
                    f"{last_activity:%Y-%m-%d}): {notes} note(s), {contacts.get(pk, 0)} contact(s)"
                    + (", a saved draft" if draft else "")
                )
                report.notes_scrubbed += notes
                drafts += draft
            report.enquiries_anonymised += len(ids)
            report.contacts_deleted += sum(contacts.values())
            report.drafts_deleted += drafts
            if not dry_run:
                enquiries_anonymise(ids=ids)
        progress(f"… {report.enquiries_anonymised} enquiries so far")
    return report


def enquiries_anonymise(*, ids: list[int], keep_application: bool = False) -> None:
    """`enquiry_anonymise` for many enquiries at once, in a few queries (in the caller's
    transaction)."""
    MembershipEnquiry.objects.filter(pk__in=ids).update(
        contact_name="",
        contact_email="",
        organisation="",
        form_data=REDACTED_FORM_DATA,
        anonymised_at=timezone.now(),
        version=models.F("version") + 1,
    )
    EnquiryEvent.objects.filter(enquiry_id__in=ids).exclude(note="").update(note=REDACTED)
    # A draft is all personal data, and never part of the record.
    ApplicationDraft.objects.filter(enquiry_id__in=ids).delete()
    if not keep_application:
        ApplicationContact.objects.filter(application__enquiry_id__in=ids).delete()
        Application.objects.filter(enquiry_id__in=ids).update(background="")


def is_staff_account(user) -> bool:
    """Whether `user` can (or, if reactivated, could) use the admin. Checked on the
    permission rows themselves, as `has_perm` says no to every inactive account."""
    if user.is_superuser or user.is_staff:
        return True
    return (
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        .filter(models.Q(user=user) | models.Q(group__user=user))
        .exists()
    )


ERASE_BATCH_SIZE = 200


def _batches(ids: QuerySet, *, dry_run: bool, size: int = ERASE_BATCH_SIZE):
    """Successive batches of the ids `ids` selects. A real run takes the first ones again
    each time (those done no longer match); a dry run, which changes nothing, moves on."""
    last_pk = 0
    while batch := list(ids.filter(pk__gt=last_pk)[:size]):
        yield batch
        if dry_run:
            last_pk = batch[-1]


def _erase_enquiry(
    *, enquiry, email: str, report: DataProtectionReport, verb, progress: Callable[[str], None]
) -> None:
    """One enquiry of the erased person: withdrawn if open, then anonymised."""
    member = getattr(enquiry, "member", None)
    if enquiry.status in OPEN_STATUSES:
        progress(f"{verb('withdraw', 'Withdrew')} {enquiry.reference}")
        report.enquiries_withdrawn += 1
        if not report.dry_run:
            enquiry = _transition(enquiry=enquiry, name="withdraw", by=None)
    keep_application = enquiry.status == EnquiryStatus.CONFIRMED
    notes = enquiry.events.exclude(note="").count()
    others = (
        0
        if keep_application
        else ApplicationContact.objects.filter(application__enquiry=enquiry)
        .exclude(email__iexact=email)
        .count()
    )
    kept = f", kept member city {member}" if member else ""
    draft = ApplicationDraft.objects.filter(enquiry=enquiry).exists()
    progress(
        f"{verb('anonymise', 'Anonymised')} {enquiry.reference}: {notes} note(s), "
        f"{others} other contact(s){', a saved draft' if draft else ''}{kept}"
    )
    if not report.dry_run:
        enquiry_anonymise(enquiry=enquiry, keep_application=keep_application)
    report.enquiries_anonymised += 1
    report.notes_scrubbed += notes
    report.contacts_deleted += others
    report.drafts_deleted += draft
    report.members_kept += member is not None


def draft_names(draft: ApplicationDraft, email: str) -> bool:
    """Whether a draft gives `email` (whatever its case) for one of its points of contact."""
    contacts = draft.answers.get("contacts") if isinstance(draft.answers, dict) else None
    wanted = email.strip().casefold()
    return any(
        isinstance(contact, dict)
        and isinstance(contact.get("email"), str)
        and contact["email"].strip().casefold() == wanted
        for contact in contacts or []
    )


def applicant_erase(
    *,
    email: str,
    dry_run: bool = False,
    progress: Callable[[str], None] = _quiet,
) -> DataProtectionReport:
    """Remove one person's data everywhere, matching `email` whatever its case.

    - Enquiries they sent are anonymised rather than deleted, so that the network's figures
      and the history of its decisions stay true; an open one is first closed as withdrawn,
      as nobody is left to answer. A member city's enquiry keeps its application (the other
      points of contact are other people), and its Member record stays.
    - Their points of contact in any application are deleted, and notes on other enquiries
      that quote the address are scrubbed.
    - Their Online Hub account is deleted. A staff or superuser account is never deleted:
      the whole erasure is refused, before anything changes."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"“{email}” is not an email address.") from None
    report = DataProtectionReport(dry_run=dry_run)

    def verb(present: str, past: str) -> str:
        return f"Would {present}" if dry_run else past

    users = list(
        get_user_model()
        .objects.filter(
            models.Q(email__iexact=email) | models.Q(membership_contacts__email__iexact=email)
        )
        .distinct()
        .order_by("pk")
    )
    staff = [user.get_username() for user in users if is_staff_account(user)]
    if staff:
        raise ErasureRefused(
            f"{email} belongs to the staff account(s) {', '.join(staff)}, which this "
            "command never deletes. Nothing was changed. Remove the account's staff "
            "rights or delete it in the admin (Settings › Users) first."
        )

    # Accounts first: they are found through the contacts too, which go next. Then each
    # step in batches, each its own transaction, so an interrupted erasure run again
    # finds what is left and finishes it.
    for user in users:
        progress(f"{verb('delete', 'Deleted')} hub account {user.get_username()}")
        report.hub_accounts_deleted += 1
        if not dry_run:
            user.delete()

    contacts = ApplicationContact.objects.filter(email__iexact=email).order_by("pk")
    for batch in _batches(contacts.values_list("pk", flat=True), dry_run=dry_run):
        with transaction.atomic():
            for contact in ApplicationContact.objects.filter(pk__in=batch).select_related(
                "application__enquiry"
            ):
                progress(
                    f"{verb('delete', 'Deleted')} point of contact {contact.name} "
                    f"on {contact.application.enquiry.reference}"
                )
                report.contacts_deleted += 1
            if not dry_run:
                ApplicationContact.objects.filter(pk__in=batch).delete()

    # Drafts of other cities' applications that name them as a point of contact. Drafts are
    # few (one per enquiry waiting for its application), so they are read here one by one
    # rather than searched inside the JSON, which each database does its own way.
    quoted_in = [
        draft.pk
        for draft in ApplicationDraft.objects.exclude(enquiry__contact_email__iexact=email)
        .select_related("enquiry")
        .order_by("pk")
        .iterator()
        if draft_names(draft, email)
    ]
    for draft in ApplicationDraft.objects.filter(pk__in=quoted_in).select_related("enquiry"):
        progress(
            f"{verb('delete', 'Deleted')} the saved draft of an application on "
            f"{draft.enquiry.reference} that names the address"
        )
        report.drafts_deleted += 1
    if not dry_run:
        ApplicationDraft.objects.filter(pk__in=quoted_in).delete()

    enquiries = MembershipEnquiry.objects.filter(contact_email__iexact=email).order_by("pk")
    for batch in _batches(enquiries.values_list("pk", flat=True), dry_run=dry_run):
        with transaction.atomic():
            for enquiry in (
                MembershipEnquiry.objects.filter(pk__in=batch)
                .select_related("member")
                .order_by("submit_time", "pk")
            ):
                _erase_enquiry(
                    enquiry=enquiry, email=email, report=report, verb=verb, progress=progress
                )

    quoting = (
        EnquiryEvent.objects.filter(note__icontains=email)
        .exclude(note=REDACTED)
        .exclude(enquiry__contact_email__iexact=email)
        .order_by("pk")
    )
    for batch in _batches(quoting.values_list("pk", flat=True), dry_run=dry_run):
        with transaction.atomic():
            for event in EnquiryEvent.objects.filter(pk__in=batch).select_related("enquiry"):
                progress(
                    f"{verb('scrub', 'Scrubbed')} a note on {event.enquiry.reference} "
                    "that quotes the address"
                )
                report.notes_scrubbed += 1
            if not dry_run:
                EnquiryEvent.objects.filter(pk__in=batch).update(note=REDACTED)
    return report


# The applicant's side: the application form, emails owed, and new members' accounts.

MIN_CONTACTS = 2
MAX_CONTACTS = 3


class ApplicationLinkInvalid(Exception):
    """The application link was altered, or its enquiry no longer exists."""


class ApplicationLinkExpired(Exception):
    """The application link is genuine but older than MEMBERSHIP_APPLICATION_LINK_DAYS."""


def enquiry_for_status_link(*, token: str) -> MembershipEnquiry:
    """The enquiry a status link belongs to (ApplicationLinkInvalid if altered or gone,
    ApplicationLinkExpired if older than MEMBERSHIP_STATUS_LINK_DAYS)."""
    try:
        enquiry_id, expired = tokens.read_status_token(token)
    except tokens.BadApplicationToken as error:
        raise ApplicationLinkInvalid from error
    if expired:
        raise ApplicationLinkExpired
    enquiry = MembershipEnquiry.objects.filter(pk=enquiry_id).exclude(status=EnquiryStatus.SPAM)
    enquiry = enquiry.select_related("application").first()
    if enquiry is None:
        raise ApplicationLinkInvalid
    return enquiry


def enquiry_withdraw_by_applicant(*, enquiry: MembershipEnquiry) -> MembershipEnquiry:
    """The applicant withdrew the enquiry from its status page (in its history, no staff
    user involved). Their saved draft of the application goes at once, in the same
    transaction: they said they will not finish it, so there is no reason to keep it until
    the purge."""
    return _transition(
        enquiry=enquiry,
        name="withdraw",
        by=None,
        note=_("Withdrawn by the applicant on the enquiry's status page."),
        after=lambda enquiry: ApplicationDraft.objects.filter(enquiry=enquiry).delete(),
    )


class ApplicationInvalid(ValueError):
    """The application breaks a rule the form should already have enforced."""


def _queue_email(kind: str) -> Callable[[MembershipEnquiry], MembershipEmail]:
    return lambda enquiry: membership_email_queue(enquiry=enquiry, kind=kind)


def membership_email_queue(
    *,
    enquiry: MembershipEnquiry | None,
    kind: str,
    contact: ApplicationContact | None = None,
    recipient=None,
    once_key: str | None = None,
) -> MembershipEmail:
    """Record an email the workflow owes (in the caller's transaction) and send it in the
    background once that transaction is committed. With `once_key`, an email already owed
    under that key is never owed again (IntegrityError: the caller's transaction fails)."""
    email = MembershipEmail.objects.create(
        enquiry=enquiry, contact=contact, kind=kind, recipient=recipient, once_key=once_key
    )
    transaction.on_commit(partial(send_membership_email.enqueue, email_id=email.pk), robust=True)
    return email


def membership_emails_unsent(*, since: datetime) -> QuerySet[MembershipEmail]:
    """Emails owed since `since` that have not gone out (e.g. the mail server was down for
    longer than the retries lasted, or there was nobody to send one to)."""
    return (
        MembershipEmail.objects.filter(sent_at__isnull=True, created_at__gte=since)
        .select_related("enquiry", "recipient")
        .order_by("created_at", "pk")
    )


def membership_emails_retry(unsent: Collection[MembershipEmail]) -> None:
    """Make these unsent emails due now (even those given up on) and queue their tasks. One
    held by a sender, or waiting for its next try, keeps its time: a sender may be sending
    it at this moment (the two cannot be told apart, and neither is lost)."""
    now = timezone.now()
    MembershipEmail.objects.filter(
        models.Q(available_at__isnull=True) | models.Q(available_at__lte=now),
        pk__in=[email.pk for email in unsent],
        sent_at__isnull=True,
    ).update(available_at=now)
    for email in unsent:
        send_membership_email.enqueue(email_id=email.pk)


def application_link(*, enquiry: MembershipEnquiry) -> str:
    """The applicant's own address of the application form (also for staff to pass on)."""
    return tokens.application_link(enquiry.pk)


def enquiry_for_application_link(*, token: str) -> MembershipEnquiry:
    """The enquiry an application link belongs to. An expired link still leads to an enquiry
    that is no longer waiting for its application (to say it was received, or closed)."""
    try:
        enquiry_id, expired = tokens.read_application_token(token)
    except tokens.BadApplicationToken as error:
        raise ApplicationLinkInvalid from error
    enquiry = MembershipEnquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        raise ApplicationLinkInvalid
    if expired and enquiry.status == EnquiryStatus.APPLICATION_SENT:
        raise ApplicationLinkExpired
    return enquiry


def application_submit(
    *,
    enquiry: MembershipEnquiry,
    background: str,
    principles: list[dict],
    data_consent: bool,
    contacts: list[dict],
) -> Application:
    """Store the application and its points of contact, move the enquiry to "application
    received", and (once committed) tell the reviewer. All or nothing."""
    if not data_consent:
        raise ApplicationInvalid(_("The applicant must consent to the handling of their data."))
    if not MIN_CONTACTS <= len(contacts) <= MAX_CONTACTS:
        raise ApplicationInvalid(_("An application needs two or three points of contact."))
    emails = [contact["email"].strip().lower() for contact in contacts]
    if len(set(emails)) != len(emails):
        raise ApplicationInvalid(_("Each point of contact needs their own email address."))
    with transaction.atomic():
        enquiry = enquiry_receive_application(enquiry=enquiry)
        # A reopened enquiry's earlier application is replaced by the new one.
        Application.objects.filter(enquiry=enquiry).delete()
        application = Application.objects.create(
            enquiry=enquiry,
            background=background,
            principles=principles,
            data_consent=data_consent,
        )
        ApplicationContact.objects.bulk_create(
            ApplicationContact(application=application, **{**contact, "email": email})
            for contact, email in zip(contacts, emails, strict=True)
        )
        ApplicationDraft.objects.filter(enquiry=enquiry).delete()
        membership_email_queue(enquiry=enquiry, kind=MembershipEmail.Kind.APPLICATION_RECEIVED)
    return application


def application_draft_save(*, enquiry: MembershipEnquiry, answers: dict) -> ApplicationDraft:
    """Keep the applicant's unfinished answers, replacing any earlier draft. Only while the
    enquiry waits for its application (TransitionNotAllowed otherwise, e.g. it was sent from
    another window meanwhile). A draft is not an application: the enquiry, its history and
    what staff see do not change."""
    with transaction.atomic():
        status = (
            MembershipEnquiry.objects.select_for_update()
            .filter(pk=enquiry.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status != EnquiryStatus.APPLICATION_SENT:
            raise TransitionNotAllowed(_("This enquiry is no longer waiting for its application."))
        draft, _created = ApplicationDraft.objects.update_or_create(
            enquiry=enquiry, defaults={"answers": answers, "saved_at": timezone.now()}
        )
    return draft


def hub_account_get_or_create(*, email: str, name: str = ""):
    """The Online Hub account of the person with this email: an existing user with the
    address (made active again if it was closed, unless it is a staff account, which only an
    administrator may reopen), or a new one (username = the address, no usable password until
    they choose one), in the Members group either way."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(
            username=_free_username(email),
            email=email,
            first_name=name[: User._meta.get_field("first_name").max_length],
        )
        user.set_unusable_password()
        user.save()
    elif not user.is_active and not is_staff_account(user):
        user.is_active = True
        user.save(update_fields=["is_active"])
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)
    user.groups.add(members)
    return user


def _free_username(email: str) -> str:
    User = get_user_model()
    max_length = User._meta.get_field(User.USERNAME_FIELD).max_length
    username = email[:max_length]
    suffix = 1
    while User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        suffix += 1
        username = f"{email[: max_length - len(str(suffix)) - 1]}-{suffix}"
    return username


def member_welcome(*, enquiry: MembershipEnquiry, show_in_directory: bool = True) -> Member:
    """The confirmed city's member record, hub accounts for its points of contact, and a
    welcome email owed to each of them; and, unless the enquiry's contact is one of them
    (the same address, whatever its case), the news of the membership owed to that contact,
    who gets no account."""
    member = Member.objects.create(
        enquiry=enquiry,
        city=enquiry.city,
        country=enquiry.country,
        region=enquiry.region,
        joined_on=timezone.localdate(),
        show_in_directory=show_in_directory,
    )
    application = Application.objects.filter(enquiry=enquiry).first()
    contacts = application.contacts.all() if application else []
    for contact in contacts:
        contact.hub_user = hub_account_get_or_create(email=contact.email, name=contact.name)
        contact.save(update_fields=["hub_user"])
        membership_email_queue(enquiry=enquiry, kind=MembershipEmail.Kind.WELCOME, contact=contact)
    welcomed = {contact.email.strip().lower() for contact in contacts}
    if enquiry.contact_email.strip().lower() not in welcomed:
        membership_email_queue(enquiry=enquiry, kind=MembershipEmail.Kind.MEMBERSHIP_CONFIRMED)
    return member
