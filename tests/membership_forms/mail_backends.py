"""Email backends for tests of what happens when the mail server fails."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(LocmemBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FailsOnceBackend(LocmemBackend):
    """A mail server that drops the first connection, then works."""

    failures_left = 0

    def send_messages(self, messages):
        if FailsOnceBackend.failures_left:
            FailsOnceBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
