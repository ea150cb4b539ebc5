from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from membership_forms.services import membership_emails_unsent
from membership_forms.tasks import send_membership_email


class Command(BaseCommand):
    help = (
        "Queue again the membership emails (invitations, application notices, welcomes, "
        "declines) that have not gone out, e.g. after the mail server was down for longer than "
        "the retries last. Emails already sent are skipped, so none goes twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How far back to look (7).")
        parser.add_argument("--dry-run", action="store_true", help="Only list what is missing.")

    def handle(self, *args, days, dry_run, **options):
        unsent = membership_emails_unsent(since=timezone.now() - timedelta(days=days))
        queued = 0
        for email in unsent:
            self.stdout.write(
                f"{email.enquiry.reference}: {email.get_kind_display().lower()} not sent"
            )
            if not dry_run:
                send_membership_email.enqueue(email_id=email.pk)
            queued += 1
        if dry_run:
            self.stdout.write(f"{queued} email(s) would be queued (dry run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{queued} email(s) queued."))
