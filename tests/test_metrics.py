"""Metrics for Prometheus at /metrics: requests per route, the outbox and the queue; only
with the token; counted across gunicorn's processes."""

from __future__ import annotations

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from notifications.models import Notification

from .factories import UserFactory
from .support.processes import base_env, start_web

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-test"
REQUESTS = "buurtpreventie_requests_total"


def scrape(client: Client, token: str = TOKEN):
    return client.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def pings(text: str) -> float:
    return value(text, REQUESTS, method="GET", route="/ping", status="200")


def value(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = rf"^{re.escape(name)}(?:\{{(.*)\}})? (\S+)$"
    for found in re.finditer(pattern, text, re.M):
        have = ",".join(sorted((found.group(1) or "").split(","))) if found.group(1) else ""
        if have == wanted:
            return float(found.group(2))
    raise AssertionError(f"no {name}{{{wanted}}} in:\n{text[:3000]}")


def test_without_a_token_configured_there_are_no_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    assert scrape(client).status_code == 404


def test_a_wrong_token_is_refused(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert scrape(client, "wrong").status_code == 401
    assert client.get("/metrics").status_code == 401


def test_requests_are_counted_per_route_and_the_outbox_is_read(client, settings):
    settings.METRICS_TOKEN = TOKEN
    before = scrape(client).content.decode()
    try:
        pings = value(
            before, "buurtpreventie_requests_total", method="GET", route="/ping", status="200"
        )
    except AssertionError:
        pings = 0
    for _ in range(3):
        client.get("/ping")
    client.get("/signalen/12345/")  # not logged in: a redirect, counted under its route
    user = UserFactory.create()
    for n, status in enumerate(("pending", "pending", "failed")):
        Notification.objects.create(
            email=user.email, event="test", channel="email", subject="s", status=status,
            dedup_key=f"test:{n}",
        )  # fmt: skip
    text = scrape(client).content.decode()
    assert (
        value(text, "buurtpreventie_requests_total", method="GET", route="/ping", status="200")
        == pings + 3
    )
    assert "/signalen/12345/" not in text  # the route, not the path; a float may hold 12345
    assert (
        value(
            text,
            "buurtpreventie_requests_total",
            method="GET",
            route="/signalen/<int:pk>/",
            status="302",
        )
        >= 1
    )
    assert value(text, "buurtpreventie_outbox_pending") == 2
    assert value(text, "buurtpreventie_outbox_failed", channel="email") == 1
    assert value(text, "buurtpreventie_request_duration_seconds_count", route="/ping") >= 3


@pytest.mark.django_db(transaction=True)
def test_gunicorns_processes_are_counted_together(tmp_path, redis_url):
    folder = tmp_path / "metrics"
    folder.mkdir()
    env = base_env(
        tmp_path,
        redis_url,
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    # Each worker ends after five requests: the thirty are answered by at least six.
    web = start_web(tmp_path, env, workers=2, threads=1, max_requests=5)
    try:
        url = web.extra["url"]

        def ping(_n: int) -> bytes:
            # A worker that ended after its five requests is replaced by a new one, which
            # takes seconds to start on a busy machine: a request may wait for it.
            return urllib.request.urlopen(url + "/ping", timeout=60).read()  # noqa: S310

        with ThreadPoolExecutor(4) as pool:
            assert list(pool.map(ping, range(30))) == [b"ok"] * 30
        request = urllib.request.Request(  # noqa: S310
            url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        text = urllib.request.urlopen(request, timeout=5).read().decode()  # noqa: S310
    finally:
        web.stop()
    pids = {line.split("_")[-1] for line in (p.name for p in folder.iterdir())}
    assert len(pids) >= 6, "the workers that ended are counted too"
    assert (
        value(text, "buurtpreventie_requests_total", method="GET", route="/ping", status="200")
        == 30
    )
