import json
import logging
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from notifications.selectors import outbox_health
from signalen.selectors import home_overview as signals_overview
from signalen.selectors import public_signal_figures
from teams.http import AuthenticatedRequest, Request
from teams.maps import map_base
from teams.models import Team
from teams.selectors import home_overview, open_evenings, public_patrol_figures
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


def public_team(request: Request, slug: str) -> HttpResponse:
    """A team's public page (opt-in): what it is, its area, its results of this year in
    numbers, its open evenings, and "Doe mee". No personal data, no signal contents."""
    team = get_object_or_404(Team, slug=slug, is_public=True, is_active=True)
    year = timezone.localdate().year
    neighbourhoods = list(team.neighbourhoods.all())
    map_config = map_base(neighbourhoods)
    return render(
        request,
        "public_team.html",
        {
            "team": team,
            "year": year,
            "neighbourhoods": neighbourhoods,
            "map_config": json.dumps(map_config),
            "has_outline": bool(map_config["areas"]),  # only outlined neighbourhoods
            "patrols": public_patrol_figures(team, year),
            "signals": public_signal_figures(team, year),
            "evenings": open_evenings(team),
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
    """Readiness: 200 when the database (and Redis, when configured) answer; 503 otherwise.

    Where workers deliver the messages (not in-process), it also reports the outbox (backlog,
    oldest pending message), the mail server, the workers' sweep and beat, each with its
    own "ok"; one that is not ok makes the status "degraded" but the answer stays 200: this
    web server can still serve (a monitor alerts on "degraded")."""
    checks: dict[str, Any] = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok()
    ready = all(checks.values())
    status = "ok" if ready else "unavailable"
    if ready and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.update(outbox_health())
        if not all(part["ok"] for part in checks.values() if isinstance(part, dict)):
            status = "degraded"
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)


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
