"""Background tasks (django-tasks): each email of the outbox is sent by a task queued once
the change that owes it is committed. Should that task fail or die, the email stays owed in
the outbox and the worker's sweep (`manage.py db_worker`) sends it."""

from django_tasks import task

from . import emails


@task()
def send_membership_email(email_id: int) -> bool:
    """Send one email of the outbox unless it has gone already; True if it went now."""
    return emails.outbox_send(email_id)
