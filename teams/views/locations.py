"""The location helpers of the report form, as small JSON answers for its script: the street
at a point ("use my location"), and streets for what someone types. For team members only:
they report signals; the geocoder is asked from here, never from the browser."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import locations
from ..forms import PointForm, StreetQueryForm
from ..http import AuthenticatedRequest
from ..models import Neighbourhood


def _member_neighbourhoods(request: AuthenticatedRequest) -> list[Neighbourhood]:
    if not request.roles.is_team_member:
        raise PermissionDenied
    return list(
        Neighbourhood.objects.filter(teams__in=request.roles.team_ids)
        .select_related("municipality")
        .distinct()
    )


def _refused(form: PointForm | StreetQueryForm) -> JsonResponse:
    errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
    message = " ".join(" ".join(messages) for messages in errors.values())
    return JsonResponse({"error": message, "errors": errors}, status=400)


@never_cache
@require_GET
@login_required
def location_address(request: AuthenticatedRequest) -> JsonResponse:
    """{street, house_number, neighbourhood_id, source} for ?lat=..&lon=..; source is
    "pdok", "streets" (the nearest street of the lists) or "none" (nothing near)."""
    neighbourhoods = _member_neighbourhoods(request)
    form = PointForm(request.GET)
    if not form.is_valid():
        return _refused(form)
    place = locations.place_at(form.cleaned_data["lat"], form.cleaned_data["lon"], neighbourhoods)
    return JsonResponse(place.as_json())


@never_cache
@require_GET
@login_required
def location_streets(request: AuthenticatedRequest) -> JsonResponse:
    """{"streets": [{street, place}, ...]} for ?q=..: at most ten, none for fewer than two
    letters."""
    neighbourhoods = _member_neighbourhoods(request)
    form = StreetQueryForm(request.GET)
    if not form.is_valid():
        return _refused(form)
    suggestions = locations.streets_matching(form.cleaned_data["q"], neighbourhoods)
    return JsonResponse({"streets": [{"street": s.street, "place": s.place} for s in suggestions]})
