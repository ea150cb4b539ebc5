"""Background tasks (django-tasks): enquiry emails leave after the enquiry is committed,
and a failed send is retried a bounded number of times."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from django_tasks import task

from . import emails

logger = logging.getLogger(__name__)


@task()
def send_enquiry_email(enquiry_id: int, kind: str, attempt: int = 1) -> bool:
    """Send one of an enquiry's emails unless it has already gone; True if sent now."""
    try:
        return emails.enquiry_email_send(enquiry_id=enquiry_id, kind=kind)
    except Exception:
        attempts = settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS
        if attempt >= attempts:
            logger.error(
                "Gave up sending the %s email of enquiry %s after %s attempts.",
                kind,
                enquiry_id,
                attempt,
                exc_info=True,
            )
            raise
        logger.warning(
            "Sending the %s email of enquiry %s failed (attempt %s of %s); trying again.",
            kind,
            enquiry_id,
            attempt,
            attempts,
            exc_info=True,
        )
        retry = send_enquiry_email
        if retry.get_backend().supports_defer:
            delay = settings.MEMBERSHIP_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
            retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
        retry.enqueue(enquiry_id=enquiry_id, kind=kind, attempt=attempt + 1)
        raise


def enquiry_emails_enqueue(*, enquiry_id: int) -> None:
    for kind in emails.EMAIL_KINDS:
        send_enquiry_email.enqueue(enquiry_id=enquiry_id, kind=kind)
