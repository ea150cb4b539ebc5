from django.core.management.base import BaseCommand, CommandError

from membership_forms.scheduling import JOBS, scheduled_work_run


class Command(BaseCommand):
    help = (
        "The membership office's periodic work, in order: reminders to applicants who have "
        "not sent the application form back, reviewers' daily digests, the clean-up of "
        "expired captchas, the data-protection purge, and sending the outbox. Safe to run as "
        "often as you like (nothing is ever sent twice); run it from cron or a systemd timer, "
        "e.g. every 15 minutes (see deploy/systemd/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent or changed; send and change nothing.",
        )
        parser.add_argument(
            "--only",
            metavar="JOBS",
            help=f"Comma-separated jobs to run, of: {', '.join(JOBS)} (default: all).",
        )

    def handle(self, *args, dry_run, only, verbosity, **options):
        names = [name.strip() for name in (only or "").split(",") if name.strip()]
        unknown = sorted(set(names) - set(JOBS))
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(unknown)}. The jobs are: {', '.join(JOBS)}."
            )
        reports = scheduled_work_run(
            only=names or None,
            dry_run=dry_run,
            progress=self.stdout.write if verbosity >= 1 else lambda line: None,
        )
        if verbosity >= 1:
            summary = ", ".join(f"{report.name}: {report.count}" for report in reports)
            prefix = "Dry run, nothing was sent or changed. " if dry_run else "Done. "
            self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}."))
