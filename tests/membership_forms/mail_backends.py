"""Email backends for tests of what happens when the mail server fails."""

import os
import smtplib
import time
import uuid
from pathlib import Path

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


class SlowFileBackend(LocmemBackend):
    """A mail server in another process's reach: each message is written to a file of its
    own in SLOW_MAIL_DIR, after a marker saying it is being sent and a pause of
    SLOW_MAIL_SECONDS (so that a test can kill the sender mid-send)."""

    def send_messages(self, messages):
        folder = Path(os.environ["SLOW_MAIL_DIR"])
        for message in messages:
            name = message.extra_headers["Message-ID"].strip("<>")
            (folder / f"sending-{name}-{uuid.uuid4().hex}").touch()
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
            (folder / f"sent-{name}-{uuid.uuid4().hex}.eml").write_bytes(
                message.message().as_bytes()
            )
        return len(messages)
