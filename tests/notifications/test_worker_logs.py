"""The log lines of gunicorn's and a Celery worker's processes: each one JSON object, and the
worker's lines for a task carry the id of the request that queued it."""

import json

import pytest

from ..support.processes import base_env, start_web, start_worker
from .test_worker import invite_over_http, wait_for_delivery

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def records(output: str) -> list[dict]:
    lines = [line for line in output.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"not a JSON log line: {line!r}") from None
    return parsed


def test_a_request_and_the_task_it_queued_log_json_with_one_request_id(shared):
    world, redis_url, tmp_path, started = shared
    env = base_env(tmp_path, redis_url, LOG_FORMAT="json", LOG_LEVEL="INFO")
    started.append(start_worker(tmp_path, env, name="worker", quiet=True))
    web = start_web(tmp_path, env)
    started.append(web)

    status, _ = invite_over_http(web, world, "lotte@example.org")
    assert status == 302, web.output()
    wait_for_delivery(tmp_path, "lotte@example.org", started, what="the invitation e-mail")

    (invite,) = [
        r
        for r in records(web.output())
        if r["logger"] == "buurtpreventie.access"
        and (r["method"], r["route"]) == ("POST", "/teams/<int:pk>/uitnodigen/")
    ]
    assert invite["status"] == 302
    request_id = invite["request_id"]
    assert len(request_id) == 32
    worker = records(started[0].output())
    assert all({"time", "level", "logger", "message", "request_id"} <= set(r) for r in worker)
    delivered = [r for r in worker if r["request_id"] == request_id]
    assert any("succeeded" in r["message"] for r in delivered), worker[-5:]
