"""Background tasks (django-tasks): membership emails leave after the change that calls for
them is committed, and a failed send is retried a bounded number of times."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from django_tasks import task

from . import emails
from .models import MembershipEmail

logger = logging.getLogger(__name__)


def retry_or_give_up(retry, *, attempt: int, description: str, **kwargs) -> None:
    """After a failed attempt: queue the next one (later, on a queue that can wait), or log
    that we gave up once MEMBERSHIP_EMAIL_MAX_ATTEMPTS attempts have failed."""
    attempts = settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS
    if attempt >= attempts:
        logger.error("Gave up sending %s after %s attempts.", description, attempt, exc_info=True)
        return
    logger.warning(
        "Sending %s failed (attempt %s of %s); trying again.",
        description,
        attempt,
        attempts,
        exc_info=True,
    )
    if retry.get_backend().supports_defer:
        delay = settings.MEMBERSHIP_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
    retry.enqueue(attempt=attempt + 1, **kwargs)


@task()
def send_enquiry_email(enquiry_id: int, kind: str, attempt: int = 1) -> bool:
    """Send one of an enquiry's emails unless it has already gone; True if sent now."""
    try:
        return emails.enquiry_email_send(enquiry_id=enquiry_id, kind=kind)
    except Exception:
        retry_or_give_up(
            send_enquiry_email,
            attempt=attempt,
            description=f"the {kind} email of enquiry {enquiry_id}",
            enquiry_id=enquiry_id,
            kind=kind,
        )
        raise


def enquiry_emails_enqueue(*, enquiry_id: int) -> None:
    for kind in emails.EMAIL_KINDS:
        send_enquiry_email.enqueue(enquiry_id=enquiry_id, kind=kind)


@task()
def send_membership_email(email_id: int, attempt: int = 1) -> bool:
    """Send one email the workflow owes (a MembershipEmail) unless it has already gone."""
    try:
        return emails.membership_email_send(email_id=email_id)
    except Exception as error:
        MembershipEmail.objects.filter(pk=email_id).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        retry_or_give_up(
            send_membership_email,
            attempt=attempt,
            description=f"membership email {email_id}",
            email_id=email_id,
        )
        raise
