"""E-mail backends for the tests: one that always fails, one that is slow."""

import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("the mail server went away")


class SlowFileBackend(FileBackend):
    """Writes a marker when a delivery starts, waits, then writes the message to a file.

    The worker-kill test kills the worker between the two.
    """

    def send_messages(self, email_messages):
        marker = Path(os.environ["SLOW_MAIL_MARKER"])
        marker.write_text("sending")
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "4")))
        return super().send_messages(email_messages)
