"""Metrics for Prometheus at /metrics (docs/operations.md, What to watch).

Requests are counted and timed per route (the address pattern, never the path) by the access
line's middleware (buurtpreventie/logs.py). The outbox (pending, oldest pending, failed) and
the task queue's length are read when Prometheus asks, from the database and Redis.

gunicorn runs several processes: with PROMETHEUS_MULTIPROC_DIR set (an empty folder of its
own, emptied at every start), each process writes its counts there and /metrics adds them
up, whichever process answers; gunicorn.conf.py tells the folder when a process ends.
/metrics answers only a request with `Authorization: Bearer <METRICS_TOKEN>`, and 404
without a METRICS_TOKEN.
"""

from __future__ import annotations

import os
import secrets

import redis
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from notifications.selectors import failed_by_channel, outbox_health

REQUESTS = Counter("buurtpreventie_requests", "Requests answered", ["method", "route", "status"])
DURATION = Histogram(
    "buurtpreventie_request_duration_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def request_done(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(route).observe(seconds)


class Outbox:
    """Read at every scrape: the outbox's backlog and failures, the queue's length."""

    def collect(self):
        health = outbox_health()
        yield GaugeMetricFamily(
            "buurtpreventie_outbox_pending",
            "Messages waiting to be sent now (e-mail and push)",
            value=health["outbox"]["pending"],
        )
        yield GaugeMetricFamily(
            "buurtpreventie_outbox_oldest_pending_seconds",
            "Age of the oldest message waiting (0 when none waits)",
            value=health["outbox"]["oldest_pending_seconds"] or 0,
        )
        failed = GaugeMetricFamily(
            "buurtpreventie_outbox_failed",
            "Messages that will not be delivered",
            labels=["channel"],
        )
        for channel, count in sorted(failed_by_channel().items()):
            failed.add_metric([channel], count)
        yield failed
        yield GaugeMetricFamily(
            "buurtpreventie_mail_server_failing",
            "1 while the mail server does not answer",
            value=0 if health["mail_server"]["ok"] else 1,
        )
        if settings.REDIS_URL:
            queue = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
            yield GaugeMetricFamily(
                "buurtpreventie_task_queue_length",
                "Tasks waiting in the default queue",
                value=queue.llen("celery"),
            )


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(DURATION)
    registry.register(Outbox())
    return registry


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    sent = request.headers.get("Authorization", "")
    if not secrets.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return HttpResponse("Unauthorized", status=401, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
