import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from signalen.selectors import home_overview as signals_overview
from teams.http import AuthenticatedRequest, Request
from teams.selectors import home_overview
from trainingen.selectors import home_overview as training_overview

logger = logging.getLogger(__name__)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """'Mijn buurt': one page that shows each role what it needs first."""
    return render(
        request,
        "home.html",
        {
            "overview": home_overview(request.roles),
            "signals": signals_overview(request.roles),
            "training": training_overview(request.roles),
        },
    )


def ping(request: Request) -> HttpResponse:
    """The trivial view: the full middleware stack and nothing else. The benchmark measures
    every page against it; a load balancer may use it to see that the process answers."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: Request) -> HttpResponse:
    """Pages without a <link rel="icon"> (the Django admin) still get the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
def healthz(request: Request) -> JsonResponse:
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok()
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Health check: Redis unreachable")
        return False
