"""A mail server that accepts the connection and never answers may not hold a delivery (and
the row it locked) for ever: the attempt gives up after EMAIL_TIMEOUT and is retried later."""

import signal
import time

from django.test import override_settings
from django.utils import timezone

from notifications import services
from notifications.models import Notification, ServiceState
from notifications.tasks import deliver_notification

from ..factories import UserFactory
from ..support.smtp import CountingSmtpServer
from .test_outbox import ready_message


def _still_waiting(signum, frame):
    raise AssertionError("the delivery still waits for the silent mail server")


def test_a_silent_mail_server_fails_the_attempt_after_the_timeout_and_it_waits(db):
    row = ready_message(UserFactory.create())[1]
    server = CountingSmtpServer()
    server.set_mode("silent")
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=1,
        ):
            # A delivery that hangs fails this test instead of holding it.
            signal.signal(signal.SIGALRM, _still_waiting)
            signal.alarm(15)
            started = time.monotonic()
            try:
                outcome = services.notification_deliver(row.pk)
            finally:
                signal.alarm(0)
            assert time.monotonic() - started < 10
            assert server.accepted, "the delivery did connect to the silent server"
    finally:
        server.stop()
    # The server is taken to be failing: the message waits for the next probe, uncounted.
    assert outcome.status == "waiting"
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 0
    assert row.next_attempt_at > timezone.now()
    assert "timed out" in row.last_error
    assert ServiceState.objects.get(name=ServiceState.MAIL_SERVER).failing_since is not None


def test_the_delivery_task_has_time_limits_within_which_the_timeout_fits():
    from django.conf import settings

    soft, hard = deliver_notification.soft_time_limit, deliver_notification.time_limit
    assert soft is not None
    assert hard is not None
    assert soft >= 2 * settings.EMAIL_TIMEOUT
    assert hard > soft
