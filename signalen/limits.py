"""How often one person may report and send photos: ACCOUNT_RATE_LIMITS in the settings,
counted in the shared cache by allauth's rate limiter, as the login limits are."""

from __future__ import annotations

from allauth.core import ratelimit
from django.utils.translation import gettext as _

from teams.http import AuthenticatedRequest


def report_refusal(request: AuthenticatedRequest) -> str | None:
    """Why a report sent now is not taken, or None. Asked before its photos are decoded and
    before anything is saved; a post with photos uses up one of the person's photo posts,
    also when the form is then refused for something else (the decoding is done by then)."""
    if not ratelimit.consume(request, action="signal_report", user=request.user, dry_run=True):
        return _(
            "You have sent many reports in a short time. Wait a few minutes, then send this "
            "one again. Is it urgent? Call 112."
        )
    photos = request.FILES.getlist("photos")
    if photos and not ratelimit.consume(request, action="signal_photos", user=request.user):
        return _(
            "You have sent many photos in the last hour. Send your report without photos, or "
            "try again later."
        )
    return None


def report_counted(request: AuthenticatedRequest) -> None:
    """A report was saved: it counts towards the person's limit."""
    ratelimit.consume(request, action="signal_report", user=request.user)
