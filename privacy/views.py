"""A person's own data: what the product holds about them, as JSON or a readable page."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors
from .http import AuthenticatedRequest
from .models import AccessLogEntry
from .services import access_log_add, access_log_add_many


@login_required
@require_GET
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    data = selectors.personal_data(request.user)
    _log_care_signals_shown(request, data, "mijn gegevens")
    return render(
        request,
        "privacy/my_data.html",
        {
            "tables": selectors.readable_tables(data),
            "periods": selectors.retention_periods(),
        },
    )


@login_required
@require_GET
def my_data_download(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """The whole record as a file; each download is logged."""
    data = selectors.personal_data(request.user)
    access_log_add(
        request=request,
        action=AccessLogEntry.Action.DATA_DOWNLOAD,
        object_type=AccessLogEntry.Subject.PERSON,
        object_id=request.user.pk,
        detail=fmt,
    )
    _log_care_signals_shown(request, data, f"mijn gegevens, download {fmt}")
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        content_type = "application/json"
    else:
        body = render_to_string(
            "privacy/my_data_download.html",
            {"data": data, "tables": selectors.readable_tables(data)},
            request=request,
        )
        content_type = "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    filename = f"mijn-gegevens-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _log_care_signals_shown(request: AuthenticatedRequest, data: dict, where: str) -> None:
    """Every care signal whose text the page or file shows, as a read of that signal: the
    same entry its own page writes, so "who read care signal 12" finds these too."""
    access_log_add_many(
        request=request,
        action=AccessLogEntry.Action.CARE_SIGNAL_READ,
        object_type=AccessLogEntry.Subject.SIGNAL,
        object_ids=selectors.care_signals_shown(data),
        detail=where,
    )
