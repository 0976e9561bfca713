"""Delivery through real processes: gunicorn, Redis and a Celery worker.

These need PostgreSQL (the processes share the test database) and TEST_REDIS_URL.
"""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from notifications import channels
from notifications.models import Notification
from teams.models import Invitation

from ..support.processes import (
    Browserless,
    base_env,
    free_port,
    mail_to,
    start_web,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

DELIVERY_BOUND = 15  # seconds within which a worker must have delivered


def invite_over_http(web, world, email: str) -> tuple[int, float]:
    client = Client()
    client.force_login(world.coordinator)
    browser = Browserless(web.extra["url"], client.cookies["sessionid"].value)
    started = time.monotonic()
    status = browser.post_form(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": "Wout", "email": email},
    )
    return status, time.monotonic() - started


def email_row(email: str) -> Notification:
    return Notification.objects.get(email=email, event="account_invitation")


def wait_for_delivery(tmp_path, email: str, started, *, what: str) -> None:
    """Until the message is in the mail folder and its row is committed as sent (the worker
    writes the file before its transaction commits, so the file alone does not tell); if
    not within the bound, the failure shows what the processes logged."""

    def delivered() -> bool:
        sent = email_row(email).status == Notification.Status.SENT
        return bool(mail_to(tmp_path, email)) and sent

    try:
        wait_for(delivered, timeout=DELIVERY_BOUND, what=what)
    except TimeoutError as error:
        logs = "\n".join(f"--- {p.name}\n{p.output()[-3000:]}" for p in started)
        row = email_row(email)
        raise AssertionError(f"{error}; {row.status}, {row.attempts} attempts\n{logs}") from None


def test_a_message_created_by_a_request_is_delivered_by_the_worker(shared):
    world, redis_url, tmp_path, started = shared
    env = base_env(tmp_path, redis_url)
    started.append(start_worker(tmp_path, env, name="worker"))
    web = start_web(tmp_path, env)
    started.append(web)

    status, _ = invite_over_http(web, world, "wout@example.org")
    assert status == 302, web.output()
    created = time.monotonic()
    wait_for_delivery(tmp_path, "wout@example.org", started, what="the invitation e-mail")
    delivery_time = time.monotonic() - created
    print(f"\nDelivered by the worker {delivery_time:.2f} s after the request answered.")

    row = email_row("wout@example.org")
    assert row.status == Notification.Status.SENT
    assert row.secrets == {}
    (message,) = mail_to(tmp_path, "wout@example.org")
    assert "/uitnodiging/" in message
    assert Invitation.objects.get(email="wout@example.org").is_pending


def test_with_redis_down_the_request_still_answers_and_the_worker_delivers_later(shared):
    world, redis_url, tmp_path, started = shared
    closed = f"redis://127.0.0.1:{free_port()}/0"
    web = start_web(tmp_path, base_env(tmp_path, closed))
    started.append(web)

    status, seconds = invite_over_http(web, world, "later@example.org")
    print(f"\nWith Redis down the request answered {status} in {seconds:.2f} s.")
    assert status == 302
    assert seconds < 2
    row = email_row("later@example.org")
    assert row.status == Notification.Status.PENDING
    assert row.queued_at is None  # not in any queue: the first sweep takes it
    assert mail_to(tmp_path, "later@example.org") == []

    # Redis is back: a worker (no beat: it sweeps the outbox itself) delivers what was left.
    started.append(start_worker(tmp_path, base_env(tmp_path, redis_url), name="worker"))
    wait_for_delivery(tmp_path, "later@example.org", started, what="delivery after Redis came back")
    time.sleep(3)  # a few more sweeps: still one message
    assert len(mail_to(tmp_path, "later@example.org")) == 1
    assert email_row("later@example.org").status == Notification.Status.SENT


def kill_mid_delivery(shared, email: str, *, after_sending: bool) -> tuple[list, Notification]:
    """Kill the worker while it delivers the invitation to `email` (before the mail server
    has it, or after), then start another one; returns the processes and the row."""
    world, redis_url, tmp_path, started = shared
    marker = tmp_path / "sending"
    slow = base_env(
        tmp_path,
        redis_url,
        EMAIL_BACKEND="tests.notifications.backends.SlowFileBackend",
        SLOW_MAIL_MARKER=str(marker),
        SLOW_MAIL_SECONDS="5",
        SLOW_MAIL_AFTER="1" if after_sending else "0",
    )
    doomed = start_worker(tmp_path, slow, name="doomed")
    started.append(doomed)
    web = start_web(tmp_path, slow)
    started.append(web)

    assert invite_over_http(web, world, email)[0] == 302
    wait_for(marker.exists, timeout=DELIVERY_BOUND, what="the delivery to start")
    doomed.kill()
    row = email_row(email)
    # The send was recorded as started before the mail server was asked.
    assert (row.status, row.attempts) == (Notification.Status.SENDING, 1)

    fast = {**slow, "SLOW_MAIL_SECONDS": "0", "SLOW_MAIL_AFTER": "0"}
    started.append(start_worker(tmp_path, fast, name="survivor"))
    wait_for_delivery(tmp_path, email, started, what="delivery by the second worker")
    time.sleep(4)  # several sweeps later: nothing more
    row.refresh_from_db()
    return mail_to(tmp_path, email), row


def test_a_worker_killed_before_the_server_had_the_message_delivers_exactly_once(shared):
    messages, row = kill_mid_delivery(shared, "once@example.org", after_sending=False)
    assert len(messages) == 1
    assert (row.status, row.attempts) == (Notification.Status.SENT, 2)


def test_a_worker_killed_after_the_server_had_the_message_sends_the_same_message_again(
    shared,
):
    """The window the outbox cannot close (the server has the message, the worker died
    before recording it): the second copy has the first one's Message-ID, so mail services
    and clients show one message."""
    messages, row = kill_mid_delivery(shared, "twice@example.org", after_sending=True)
    assert (row.status, row.attempts) == (Notification.Status.SENT, 2)
    assert len(messages) == 2
    ids = {re.findall(r"^Message-ID: (.+)$", message, re.M)[0] for message in messages}
    assert ids == {channels.message_id(row.dedup_key)}
