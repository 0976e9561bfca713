"""E-mail backends for the tests: one whose server is gone, one whose server refuses the
recipient, one that is slow, one that dies after the server took the message."""

import os
import time
from pathlib import Path
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingBackend(BaseEmailBackend):
    """The mail server cannot be reached. Counts the attempts (`FailingBackend.calls`)."""

    calls = 0

    def send_messages(self, email_messages):
        FailingBackend.calls += 1
        raise SMTPServerDisconnected("the mail server went away")


class RefusingBackend(BaseEmailBackend):
    """The mail server answers, and refuses the recipient for now (451)."""

    def send_messages(self, email_messages):
        recipients = [address for message in email_messages for address in message.to]
        raise SMTPRecipientsRefused(dict.fromkeys(recipients, (451, b"4.2.0 try again later")))


class WorkerDied(BaseException):
    """What a SIGKILL does to a delivery, in-process: nothing after it runs (not an
    Exception, so no handler records the attempt)."""


class DyingAfterSendingBackend(BaseEmailBackend):
    """The mail server takes the message (it lands in `mail.outbox`), then the worker dies
    before it can record that."""

    def send_messages(self, email_messages):
        mail.outbox.extend(email_messages)
        raise WorkerDied


class SlowFileBackend(FileBackend):
    """Writes a marker when a delivery starts, waits, then writes the message to a file;
    with SLOW_MAIL_AFTER=1 it writes the message first and waits after (the mail server has
    the message but has not answered yet).

    The worker-kill tests kill the worker while it waits.
    """

    def send_messages(self, email_messages):
        after = os.environ.get("SLOW_MAIL_AFTER") == "1"
        sent = super().send_messages(email_messages) if after else 0
        marker = Path(os.environ["SLOW_MAIL_MARKER"])
        marker.write_text("sending")
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "4")))
        return sent if after else super().send_messages(email_messages)
