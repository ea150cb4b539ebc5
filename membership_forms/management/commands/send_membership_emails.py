from datetime import timedelta

from django.core.management.base import BaseCommand

from membership_forms.models import MembershipEmail
from membership_forms.services import membership_emails_resend_unsent


class Command(BaseCommand):
    help = (
        "Queue again every membership email that has not gone out (e.g. after the mail "
        "server was down for longer than the retries lasted). None is ever sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=0,
            help="Leave alone emails queued more recently than this (still being retried).",
        )

    def handle(self, *args, older_than_minutes, **options):
        queued = membership_emails_resend_unsent(older_than=timedelta(minutes=older_than_minutes))
        unsent = MembershipEmail.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(
            f"Queued {queued} unsent membership email(s); {unsent} not yet sent now "
            "(with the immediate task backend they have been tried already)."
        )
