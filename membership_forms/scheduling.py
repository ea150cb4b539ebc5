"""The membership office's periodic work, run by `manage.py run_scheduled_work` (from cron,
a systemd timer or by hand): reminders to applicants, reviewers' daily digests, the captcha
table's clean-up, the data-protection purge and the outbox's sweep.

Every job is safe to run again at any moment: an email is owed at most once (a reminder by
a conditional UPDATE of its enquiry, a digest by its once-only key, one per reviewer and
day), and the outbox sends each owed email exactly once. With `dry_run`, each job says what
it would do and changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, selectors, services
from .models import EnquiryEvent, EnquiryStatus, MembershipEmail, MembershipEnquiry
from .working_days import configured_holidays, is_working_day


@dataclass
class JobReport:
    """What one job did or, in a dry run, would do: a line per thing, and how many."""

    name: str
    lines: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.count += 1


def application_reminders_send(*, today: date | None = None, dry_run: bool = False) -> JobReport:
    """Remind once each applicant whose application form has waited the configured working
    days (see `selectors.enquiries_to_remind`), and flag the enquiry for staff: its
    `reminder_sent_at` (the listing's "reminded" flag and filter) and a line in its history.
    The UPDATE that sets the flag only matches an enquiry still waiting and not yet reminded,
    so two runs at once cannot both remind it."""
    report = JobReport("reminders")
    for enquiry in selectors.enquiries_to_remind(today=today):
        sent_on = timezone.localdate(enquiry.application_sent)
        # References and usernames only: these lines end up in cron mail and the journal.
        line = f"{enquiry.reference}: reminder to the applicant (form sent {sent_on})"
        if dry_run:
            report.add(f"Would send {line}")
            continue
        now = timezone.now()
        with transaction.atomic():
            claimed = MembershipEnquiry.objects.filter(
                pk=enquiry.pk,
                status=EnquiryStatus.APPLICATION_SENT,
                reminder_sent_at__isnull=True,
                anonymised_at__isnull=True,
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            EnquiryEvent.objects.create(
                enquiry=enquiry, kind=EnquiryEvent.Kind.REMINDER, created_at=now
            )
            services.membership_email_queue(
                enquiry=enquiry,
                kind=MembershipEmail.Kind.APPLICATION_REMINDER,
                once_key=f"reminder:{enquiry.pk}:{enquiry.application_sent.isoformat()}",
            )
        report.add(f"Sent {line}")
    return report


def digest_key(reviewer, day: date) -> str:
    return f"digest:{reviewer.pk}:{day.isoformat()}"


def reviewer_digests_send(*, dry_run: bool = False, now=None) -> JobReport:
    """Owe each reviewer who wants it today's digest, when it has something to say, at most
    once a day, from MEMBERSHIP_DIGEST_HOUR (local time) on. Only on working days: on a
    weekend or holiday nothing falls due."""
    report = JobReport("digests")
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today, holidays=configured_holidays()):
        return report
    if timezone.localtime(now).hour < settings.MEMBERSHIP_DIGEST_HOUR:
        return report
    for reviewer in selectors.digest_recipients():
        key = digest_key(reviewer, today)
        if MembershipEmail.objects.filter(once_key=key).exists():
            continue
        sections = selectors.reviewer_digest(reviewer=reviewer, at=now)
        counts = ", ".join(
            f"{len(section.enquiries)} {str(section.title).lower()}"
            for section in sections
            if section.enquiries
        )
        if not counts:
            continue
        line = f"digest to {reviewer.get_username()}: {counts}"
        if dry_run:
            report.add(f"Would send {line}")
            continue
        try:
            with transaction.atomic():
                email = services.membership_email_queue(
                    enquiry=None, kind=MembershipEmail.Kind.DIGEST, recipient=reviewer, once_key=key
                )
                if email.created_at != now:
                    MembershipEmail.objects.filter(pk=email.pk).update(created_at=now)
        except IntegrityError:  # another run owed it in the meantime
            continue
        report.add(f"Sent {line}")
    return report


def captchas_clean_up(*, dry_run: bool = False) -> JobReport:
    """Delete django-simple-captcha's expired challenges (a table that only grows)."""
    from captcha.models import CaptchaStore

    report = JobReport("captchas")
    expired = CaptchaStore.objects.filter(expiration__lte=timezone.now())
    count = expired.count()
    if count:
        verb = "Would delete" if dry_run else "Deleted"
        report.lines.append(f"{verb} {count} expired captcha(s)")
        report.count = count
    if not dry_run:
        CaptchaStore.remove_expired()
    return report


def purge_run(*, dry_run: bool = False) -> JobReport:
    """The data-protection purge with `purge_membership_data`'s policy: closed enquiries
    with no activity for MEMBERSHIP_PURGE_AFTER_DAYS days are anonymised."""
    report = JobReport("purge")
    result = services.membership_data_purge(
        older_than_days=settings.MEMBERSHIP_PURGE_AFTER_DAYS, dry_run=dry_run, progress=report.add
    )
    report.count = result.enquiries_anonymised
    return report


def outbox_run(*, dry_run: bool = False) -> JobReport:
    """Send every owed email that is due (those just owed by the jobs above included)."""
    report = JobReport("outbox")
    if dry_run:
        due = MembershipEmail.objects.filter(emails.owed(timezone.now())).select_related(
            "enquiry", "recipient"
        )
        for email in due.order_by("available_at", "pk"):
            if email.enquiry:
                about = email.enquiry.reference
            else:
                about = email.recipient.get_username() if email.recipient else "?"
            report.add(f"Would send {email.get_kind_display().lower()} ({about})")
        return report
    report.count = emails.outbox_send_due()
    if report.count:
        report.lines.append(f"Sent {report.count} email(s)")
    return report


JOBS: dict[str, Callable[..., JobReport]] = {
    "reminders": lambda dry_run: application_reminders_send(dry_run=dry_run),
    "digests": reviewer_digests_send,
    "captchas": captchas_clean_up,
    "purge": purge_run,
    "outbox": outbox_run,
}


def scheduled_work_run(
    *, only: list[str] | None = None, dry_run: bool = False, progress=lambda line: None
) -> list[JobReport]:
    """Run the jobs (all, or those named in `only`) in order; the outbox goes last, so what
    the others owe leaves in the same run."""
    reports = []
    for name, job in JOBS.items():
        if only and name not in only:
            continue
        report = job(dry_run=dry_run)
        for line in report.lines:
            progress(f"{name}: {line}")
        reports.append(report)
    return reports
