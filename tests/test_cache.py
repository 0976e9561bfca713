"""The cache while Redis is down: logins work and are still limited, pages answer at once, and
what was written meanwhile is not contradicted by what Redis kept from before."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from buurtpreventie import cache as resilient
from notifications.cache import forget, per_person

from .conftest import World
from .factories import PASSWORD
from .support.private_services import PrivateRedis
from .support.processes import wait_for


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "buurtpreventie.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


REDIS_DOWN = redis_cache("redis://127.0.0.1:1/0")


@pytest.fixture(autouse=True)
def no_outage_left_behind() -> Iterator[None]:
    """The outage state and the in-memory store belong to the process: each test starts
    without them."""
    yield
    resilient._outage = resilient._Outage()
    caches["default"].close()
    resilient.LocMemCache("redis-fallback", {}).clear()


def login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@override_settings(CACHES=REDIS_DOWN)
def test_a_correct_password_logs_in_while_redis_is_down(world: World):
    client = Client()
    started = time.monotonic()
    response = login(client, world.volunteer.email, PASSWORD)
    assert response.status_code == 302  # not 429: the rate limiter's lock still works
    assert "_auth_user_id" in client.session
    assert client.get(reverse("home")).status_code == 200
    # Redis is tried once, then left alone for a while: no timeout on every cache call.
    assert time.monotonic() - started < 3


@override_settings(CACHES=REDIS_DOWN)
def test_failed_logins_are_still_limited_while_redis_is_down(world: World):
    for _ in range(5):
        assert login(Client(), world.volunteer.email, "wrong-password").status_code == 200
    blocked = login(Client(), world.volunteer.email, PASSWORD)
    assert "_auth_user_id" not in blocked.wsgi_request.session
    assert blocked.context["form"].errors


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[str, PrivateRedis]]:
    """A Redis of this test's own on a spare port (the shared one is never paused)."""
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server.url, server
    finally:
        server.stop()


def test_after_an_outage_what_was_written_meanwhile_is_read_afresh(db, own_redis):
    """Redis unreachable (paused: it keeps its data, as behind a network fault) while a
    person's roles change: the change shows during the outage and after it, never the
    value Redis held from before."""
    url, server = own_redis
    roles = {"now": "coordinator"}
    with override_settings(CACHES=redis_cache(url)):
        assert per_person("roles", 7, lambda: roles["now"]) == "coordinator"
        assert per_person("roles", 7, lambda: "not read") == "coordinator"  # from Redis

        redis.Redis.from_url(url).execute_command("CLIENT", "PAUSE", "3000", "ALL")
        roles["now"] = "volunteer"
        forget("roles", [7])  # the write that changed the roles, while Redis does not answer
        assert per_person("roles", 7, lambda: roles["now"]) == "volunteer"

        wait_for(server.answers, timeout=10, what="Redis answering again")
        time.sleep(resilient.DOWN_SECONDS)  # the cache tries Redis again
        assert per_person("roles", 7, lambda: roles["now"]) == "volunteer"
        assert per_person("roles", 7, lambda: "not read") == "volunteer"  # kept in Redis again
