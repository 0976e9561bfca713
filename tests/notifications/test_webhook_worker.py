"""Webhooks through a real Celery worker: the worker's sweep takes a delivery written while
the broker was away, signs and posts it to a receiver on 127.0.0.1; a worker killed while the
receiver holds the request (it has the message, the row is not marked sent) leaves one row,
sent again with the same delivery id, so the receiver handles it once.

Needs PostgreSQL (shared with the processes) and TEST_REDIS_URL, like test_worker.py.
"""

import time

import pytest

from notifications import services
from notifications.models import Notification

from ..factories import signal_factory
from ..support.processes import base_env, start_worker, wait_for
from ..support.receiver import Receiver

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BOUND = 20  # seconds within which a worker must have delivered


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES = True
    server = Receiver()
    yield server
    server.stop()


def test_a_worker_delivers_and_a_killed_one_is_followed_by_the_same_delivery(
    shared, receiver, monkeypatch
):
    world, redis_url, tmp_path, started = shared
    env = base_env(tmp_path, redis_url, WEBHOOK_ALLOW_LOCAL_ADDRESSES="True")
    _endpoint, secret = services.webhook_endpoint_create(
        owner=world.org_a, url=receiver.url, events=["signal.received"]
    )
    # This process has no broker: the rows wait for the workers' sweep.
    monkeypatch.setattr(services, "enqueue_delivery", lambda pk: False)
    receiver.hold_seconds = 5
    signal_factory(reporter=world.volunteer, team=world.team_a)
    row = Notification.objects.get(channel="webhook")

    doomed = start_worker(tmp_path, env, name="doomed")
    started.append(doomed)
    wait_for(lambda: receiver.arrivals, timeout=BOUND, what="the receiver to get the delivery")
    doomed.kill()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sending", 1)

    receiver.hold_seconds = 0
    started.append(start_worker(tmp_path, env, name="survivor"))

    def sent() -> bool:
        row.refresh_from_db()
        return row.status == Notification.Status.SENT

    wait_for(sent, timeout=BOUND, what="delivery by the second worker")
    first, second = receiver.arrivals
    assert first.body == second.body
    assert first.headers["Buurtpreventie-Delivery"] == second.headers["Buurtpreventie-Delivery"]
    assert first.signed_with(secret)
    assert second.signed_with(secret)
    assert first.payload["type"] == "signal.received"
    assert Notification.objects.filter(channel="webhook").count() == 1
    assert row.attempts == 2
    time.sleep(3)  # several sweeps later: nothing more went out
    assert len(receiver.arrivals) == 2
