"""Push through real processes: gunicorn writes the outbox row, a Celery worker delivers it to
a push service on 127.0.0.1, and a worker killed in the crash window (the push service took the
message, the row is not marked sent yet) does not leave the person with two notifications.

Needs PostgreSQL (shared with the processes) and TEST_REDIS_URL, like test_worker.py.
"""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.services import push_subscribe

from ..factories import shift_factory
from ..support.processes import Browserless, base_env, start_web, start_worker, wait_for
from ..support.webpush import Device, PushService, VapidKeys

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BOUND = 20  # seconds within which a worker must have delivered


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.stop()


def test_a_worker_killed_after_the_push_service_took_the_message_leaves_one_notification(
    shared, push_service
):
    world, redis_url, tmp_path, started = shared
    service = push_service
    keys = VapidKeys.make()
    env = base_env(
        tmp_path,
        redis_url,
        **keys.as_env(),
        PUSH_SERVICE_ORIGINS=service.origin,
    )
    phone = Device(service)
    subscription = phone.subscription()
    push_subscribe(user=world.volunteer, endpoint=phone.endpoint, **subscription["keys"])
    tonight = shift_factory(world.team_a, days=0.4, crew=[world.volunteer_membership])
    # The push service takes the message, then keeps the worker waiting for its answer.
    service.hold_seconds = 5
    doomed = start_worker(tmp_path, env, name="doomed")
    started.append(doomed)
    web = start_web(tmp_path, env)
    started.append(web)

    coordinator = Client()
    coordinator.force_login(world.coordinator)
    browser = Browserless(web.extra["url"], coordinator.cookies["sessionid"].value)
    cancel = reverse("teams:shift_cancel", args=[tonight.pk])
    assert browser.post_form(cancel, {"reason": "Storm op komst"}) == 302, web.output()

    wait_for(phone.arrivals, timeout=BOUND, what="the push service to receive the message")
    doomed.kill()
    row = Notification.objects.get(recipient=world.volunteer, channel="push")
    assert (row.status, row.attempts) == ("sending", 1)  # interrupted, and recorded as such

    service.hold_seconds = 0
    started.append(start_worker(tmp_path, env, name="survivor"))

    def sent() -> bool:
        row.refresh_from_db()
        return row.status == Notification.Status.SENT

    wait_for(sent, timeout=BOUND, what="delivery by the second worker")
    assert row.attempts == 2
    first, second = phone.arrivals()
    # The device got it twice, as one notification: same Topic at the push service, same
    # tag on the device (which replaces a shown notification with that tag).
    assert first.headers["topic"] == second.headers["topic"] == f"n{row.pk}"
    one, two = (json.loads(phone.decrypt(arrival.body)) for arrival in (first, second))
    assert one == two
    assert one["tag"] == f"buurtpreventie-{row.pk}"
    assert one["title"] == "Je ronde gaat niet door"
    time.sleep(4)  # several sweeps later: nothing more went out
    assert len(phone.arrivals()) == 2
