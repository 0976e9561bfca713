"""Log lines that a log collector reads: one JSON object per record, with time, level, logger
and the id of the request or task it belongs to (settings.LOGGING, gunicorn.conf.py;
docs/operations.md).

A request takes the id its proxy sent in X-Request-ID (letters, digits, ".", "_", "-"; at
most 64) or a new one, and answers with it. A task queued during a request carries the
request's id to the worker in its message; a task queued elsewhere (the outbox sweep, beat)
has its own task id. Every record gets the id when it is made, whichever logger makes it.
The access line names the route, not the path: paths hold tokens (invitations, hand-offs).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.core.signals import request_finished, request_started
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NONE = "-"
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NONE)
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# What a record may carry beyond the message (logger.info(..., extra={...})).
FIELDS = ("method", "route", "status", "duration_ms")

access_log = logging.getLogger("buurtpreventie.access")

_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    record.request_id = request_id.get()
    return record


# Installed when the logging configuration first names this module (settings.LOGGING); and
# Python's warnings (a library's deprecation, Celery's about root) become log lines too.
if _make_record is not _record_with_request_id:
    logging.setLogRecordFactory(_record_with_request_id)
logging.captureWarnings(True)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        created = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        line = {
            "time": created.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NONE),
        }
        line.update((key, getattr(record, key)) for key in FIELDS if hasattr(record, key))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RouteNotPath(logging.Filter):
    """Django's own lines about a request ("Not Found: /uitnodiging/<token>/") name the
    route instead of the path, like the access line."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        match = getattr(request, "resolver_match", None)
        if request is not None and match is not None and isinstance(record.args, tuple):
            route = f"/{match.route}"
            record.args = tuple(route if arg == request.path else arg for arg in record.args)
        return True


class TextFormatter(logging.Formatter):
    """For a terminal: the format's %(request_id)s also for a record made before this module
    was loaded."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = NONE
        return super().format(record)


def gunicorn_logging() -> dict:
    """gunicorn's own loggers (gunicorn.conf.py) on the application's console handler."""
    from django.conf import settings

    own = {"handlers": ["console"], "level": "INFO", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": settings.LOGGING["formatters"],
        "filters": settings.LOGGING["filters"],
        "handlers": settings.LOGGING["handlers"],
        "loggers": {"gunicorn.error": own, "gunicorn.access": own},
    }


def _request_started(sender, environ: dict | None = None, **kwargs) -> None:
    """From the start of the request to its end, Django's own lines around the middleware
    included (the warning of a 404 or 500 is written after it)."""
    sent = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    request_id.set(sent if _VALID.fullmatch(sent) else uuid.uuid4().hex)


def _request_finished(sender, **kwargs) -> None:
    request_id.set(NONE)


request_started.connect(_request_started, dispatch_uid="buurtpreventie.logs.started")
request_finished.connect(_request_finished, dispatch_uid="buurtpreventie.logs.finished")


class RequestIdMiddleware:
    """Answers with the request's id, writes the access line and counts the request for
    the metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from buurtpreventie.metrics import request_done  # the apps are ready by now

        self.get_response = get_response
        self.request_done = request_done

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_id.get() == NONE:  # a handler that sent no request_started
            _request_started(None, request.META)
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = request_id.get()
        match = request.resolver_match
        route = f"/{match.route}" if match else NONE
        seconds = time.monotonic() - started
        self.request_done(request.method or "", route, response.status_code, seconds)
        access_log.info(
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response


_task_tokens: dict[str, contextvars.Token] = {}


def task_started(task, task_id: str) -> None:
    """The id of the request that queued the task, else the task's own (celery.py)."""
    carried = getattr(task.request, "request_id", None)
    if carried is None and task.request.is_eager and request_id.get() != NONE:
        carried = request_id.get()  # run in the request's own process, as the demo does
    _task_tokens[task_id] = request_id.set(carried or task_id)


def task_ended(task_id: str) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


def carry_to_task(headers: dict | None) -> None:
    """Put the current request's id in a task's message (celery.py: before_task_publish)."""
    if headers is not None and request_id.get() != NONE:
        headers.setdefault("request_id", request_id.get())
