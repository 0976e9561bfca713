"""Log lines: one JSON object each, with the id of the request or task they belong to, and
an access line per request that names the route, never the path with its tokens."""

import json
import logging
import sys

import pytest
from django.test import Client

from buurtpreventie.logs import HEADER, JsonFormatter
from notifications.tasks import beat_heartbeat

pytestmark = pytest.mark.django_db


def lines(caplog) -> list[dict]:
    """The captured records as the console handler writes them."""
    handler = logging.getLogger().handlers[0]
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if handler.filter(r)]


def test_a_request_answers_with_its_id_and_its_access_line_names_the_route(caplog):
    token = "geheim-token-123"
    with caplog.at_level(logging.INFO):
        response = Client().get(f"/uitnodiging/{token}/")
    request_id = response[HEADER]
    (access,) = [r for r in lines(caplog) if r["logger"] == "buurtpreventie.access"]
    assert access["request_id"] == request_id
    assert (access["method"], access["route"], access["status"]) == (
        "GET",
        "/uitnodiging/<str:token>/",
        response.status_code,
    )
    assert not any(token in json.dumps(line) for line in lines(caplog))
    (not_found,) = [r for r in lines(caplog) if r["logger"] == "django.request"]
    assert not_found["message"] == "Not Found: /uitnodiging/<str:token>/"


def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(caplog):
    assert Client().get("/ping", headers={HEADER: "abc-123"})[HEADER] == "abc-123"
    for strange in ("a b", "x" * 65, "a\nb", ""):
        replaced = Client().get("/ping", headers={HEADER: strange})[HEADER]
        assert replaced != strange
        assert len(replaced) == 32


def test_a_warning_inside_a_request_carries_its_id_on_one_line(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    (warning,) = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(warning)
    assert "\n" not in line
    assert json.loads(line)["request_id"] == response[HEADER]


def test_an_exception_stays_on_one_line():
    try:
        raise ValueError("eerste regel\ntweede regel")
    except ValueError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "mislukt", (), exc_info=sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "tweede regel" in json.loads(line)["exception"]


def test_a_task_outside_a_request_logs_with_its_own_id(caplog):
    with caplog.at_level(logging.INFO):
        result = beat_heartbeat.apply()
    assert {r.request_id for r in caplog.records if r.name.startswith("celery")} <= {result.id}
