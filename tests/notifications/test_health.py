"""What /healthz says about delivery where workers deliver: the outbox's backlog, the mail
server, the workers' sweep and beat, each with its own "ok"."""

import datetime

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification, ServiceState

from ..factories import UserFactory
from .test_outbox import ready_message

WORKERS = override_settings(CELERY_TASK_ALWAYS_EAGER=False)


def health(client) -> tuple[int, dict]:
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()


@WORKERS
def test_a_missing_beat_and_no_sweep_make_the_status_degraded_but_the_server_ready(client, db):
    status, body = health(client)
    assert status == 200  # this web server can serve: a monitor alerts on "degraded"
    assert body["status"] == "degraded"
    assert body["checks"]["database"] is True
    assert body["checks"]["beat"] == {"ok": False, "last_seen_seconds": None}
    assert body["checks"]["workers"] == {"ok": False, "last_seen_seconds": None}
    assert body["checks"]["outbox"] == {"ok": True, "pending": 0, "oldest_pending_seconds": None}
    assert body["checks"]["mail_server"] == {"ok": True, "failing_seconds": None}


@WORKERS
def test_beat_and_the_workers_are_ok_while_seen_and_missing_after(client, db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.beat_seen()
        services.notification_sweep()
    with time_machine.travel(start + datetime.timedelta(seconds=20), tick=False):
        status, body = health(client)
    assert (status, body["status"]) == (200, "ok")
    assert body["checks"]["beat"] == {"ok": True, "last_seen_seconds": 20}
    assert body["checks"]["workers"] == {"ok": True, "last_seen_seconds": 20}

    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        services.notification_sweep()  # the workers go on; beat is gone
        status, body = health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["beat"] == {"ok": False, "last_seen_seconds": 180}
    assert body["checks"]["workers"]["ok"] is True


@WORKERS
def test_an_old_pending_message_and_a_failing_mail_server_show(client, db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = ready_message(UserFactory.create())[1]
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=start)
    ServiceState.objects.create(name=ServiceState.MAIL_SERVER, failing_since=start)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        services.beat_seen()
        ServiceState.objects.create(name=ServiceState.SWEEP, seen_at=timezone.now())
        _status, body = health(client)
    assert body["status"] == "degraded"
    assert body["checks"]["outbox"] == {
        "ok": False,
        "pending": 1,
        "oldest_pending_seconds": 600,
    }
    assert body["checks"]["mail_server"] == {"ok": False, "failing_seconds": 600}
