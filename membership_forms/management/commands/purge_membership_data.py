from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from membership_forms.services import membership_data_purge


class Command(BaseCommand):
    help = (
        "Anonymise closed (declined, withdrawn, spam) membership enquiries with no activity "
        "for longer than the limit. City, country, region, reference and status stay for "
        "the network's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.MEMBERSHIP_PURGE_AFTER_DAYS,
            metavar="DAYS",
            help="Anonymise enquiries whose last activity is more than DAYS days old "
            "(default MEMBERSHIP_PURGE_AFTER_DAYS, 365).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, older_than, dry_run, verbosity, **options):
        if older_than < 0:
            raise CommandError("--older-than must be zero or more days.")
        report = membership_data_purge(
            older_than_days=older_than,
            dry_run=dry_run,
            progress=self.stdout.write if verbosity >= 1 else lambda line: None,
        )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
