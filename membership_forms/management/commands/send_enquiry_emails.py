from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from membership_forms.emails import EMAIL_KINDS, SENT_AT
from membership_forms.models import MembershipEnquiry
from membership_forms.tasks import send_enquiry_email


class Command(BaseCommand):
    help = (
        "Queue again the emails of recent enquiries that have not gone out, e.g. after the mail "
        "server was down for longer than the retries last. Emails already sent are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How far back to look (7).")
        parser.add_argument("--dry-run", action="store_true", help="Only list what is missing.")

    def handle(self, *args, days, dry_run, **options):
        since = timezone.now() - timedelta(days=days)
        unsent = Q(staff_notified_at__isnull=True) | Q(acknowledged_at__isnull=True)
        queued = 0
        for enquiry in MembershipEnquiry.objects.filter(unsent, submit_time__gte=since):
            for kind in EMAIL_KINDS:
                if getattr(enquiry, SENT_AT[kind]) is None:
                    self.stdout.write(f"{enquiry.reference}: {kind.replace('_', ' ')} not sent")
                    if not dry_run:
                        send_enquiry_email.enqueue(enquiry_id=enquiry.pk, kind=kind)
                    queued += 1
        if dry_run:
            self.stdout.write(f"{queued} email(s) would be queued (dry run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{queued} email(s) queued."))
