from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from membership_forms.services import membership_emails_retry, membership_emails_unsent


class Command(BaseCommand):
    help = (
        "Try again, now, every membership email of the last days that has not gone out: "
        "those the outbox gave up on (e.g. the mail server was down for longer than the "
        "retries last) and those still waiting. Emails already sent are skipped, so none goes "
        "twice. The worker's sweep sends due emails by itself; this is for after an outage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How far back to look (7).")
        parser.add_argument("--dry-run", action="store_true", help="Only list what is missing.")

    def handle(self, *args, days, dry_run, **options):
        unsent = list(membership_emails_unsent(since=timezone.now() - timedelta(days=days)))
        for email in unsent:
            about = email.enquiry.reference if email.enquiry else email.recipient.get_username()
            self.stdout.write(f"{about}: {email.get_kind_display().lower()} not sent")
        if dry_run:
            self.stdout.write(f"{len(unsent)} email(s) would be queued (dry run).")
            return
        membership_emails_retry(unsent)
        self.stdout.write(self.style.SUCCESS(f"{len(unsent)} email(s) queued."))
