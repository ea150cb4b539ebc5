"""django-tasks-db's worker, with the email outbox's sweep running beside it: an email whose
task died (a worker killed mid-send, a task lost from the queue) is sent within
MEMBERSHIP_EMAIL_SWEEP_SECONDS of its lease running out, with nobody running a command.
This app comes before django_tasks_db in INSTALLED_APPS, so `manage.py db_worker` is this."""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from django_tasks_db.management.commands import db_worker

from membership_forms.emails import outbox_send_due

logger = logging.getLogger(__name__)


def sweep_outbox_forever() -> None:
    while True:
        try:
            sent = outbox_send_due()
            if sent:
                logger.info("The outbox sweep sent %s email(s).", sent)
        except Exception:
            logger.exception("The outbox sweep failed; it will try again.")
        finally:
            close_old_connections()
        time.sleep(settings.MEMBERSHIP_EMAIL_SWEEP_SECONDS)


class Command(db_worker.Command):
    help = db_worker.Command.help + " Also sweeps the membership email outbox."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-outbox-sweep",
            action="store_true",
            help="Do not sweep the email outbox in this worker (another worker does).",
        )

    def handle(self, *args, no_outbox_sweep=False, **options):
        if not no_outbox_sweep and not options.get("batch"):
            # A daemon thread: it ends with the worker, and a send it was in the middle of is
            # left to the lease, like one of a killed worker.
            threading.Thread(target=sweep_outbox_forever, name="outbox-sweep", daemon=True).start()
        super().handle(*args, **options)
