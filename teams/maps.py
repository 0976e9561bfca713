"""What a Leaflet map (static/js/map.js) needs: tiles when configured, the marker's icons,
and the outlines of neighbourhoods. The caller adds its points."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .models import Neighbourhood


def map_base(neighbourhoods: Iterable[Neighbourhood]) -> dict:
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "icon": static("vendor/leaflet/images/marker-icon.png"),
        "icon2x": static("vendor/leaflet/images/marker-icon-2x.png"),
        "shadow": static("vendor/leaflet/images/marker-shadow.png"),
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "areas": [
            {"id": n.pk, "name": n.name, "boundary": n.boundary}
            for n in neighbourhoods
            if n.boundary
        ],
    }
