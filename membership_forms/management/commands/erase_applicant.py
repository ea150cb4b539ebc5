from django.core.management.base import BaseCommand, CommandError

from membership_forms.services import ErasureRefused, applicant_erase


class Command(BaseCommand):
    help = (
        "Remove one person's data everywhere: anonymise the enquiries they sent, delete their "
        "points of contact and their Online Hub account. Matches the address in any case."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, metavar="ADDRESS")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, email, dry_run, verbosity, **options):
        try:
            report = applicant_erase(
                email=email,
                dry_run=dry_run,
                progress=self.stdout.write if verbosity >= 1 else lambda line: None,
            )
        except (ValueError, ErasureRefused) as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
