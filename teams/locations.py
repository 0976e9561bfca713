"""Where is this? The street at a point, and the streets that match what someone types.

Two sources: PDOK Locatieserver (the national addresses, when configured and answering; see
`teams/pdok.py`) and the street lists of the person's neighbourhoods (`Street`), which work
offline. Distances are measured on a flat projection around the point (equirectangular):
at the scale of a neighbourhood the error is a fraction of a metre.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import pdok
from .models import Neighbourhood, Street

EARTH_RADIUS_METRES = 6_371_000
# Farther from every street of the list than this, the list knows no street here.
NEAREST_STREET_MAX_METRES = 400
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 120
SUGGESTIONS = 10


class Source(enum.StrEnum):
    PDOK = "pdok"
    STREETS = "streets"
    NONE = "none"


@dataclass(frozen=True)
class Place:
    street: str
    house_number: str
    neighbourhood_id: int | None
    source: Source

    def as_json(self) -> dict[str, object]:
        return {
            "street": self.street,
            "house_number": self.house_number,
            "neighbourhood_id": self.neighbourhood_id,
            "source": str(self.source),
        }


@dataclass(frozen=True)
class Suggestion:
    street: str
    place: str


def place_at(latitude: float, longitude: float, neighbourhoods: Sequence[Neighbourhood]) -> Place:
    """The address at the point from PDOK, else the nearest street of these neighbourhoods'
    lists; the neighbourhood is the one whose outline holds the point, else the street's."""
    inside = next((n.pk for n in neighbourhoods if n.contains(latitude, longitude)), None)
    streets = list(Street.objects.filter(neighbourhood__in=neighbourhoods))
    address = _pdok_address(latitude, longitude)
    if address is not None:
        same_name = [s for s in streets if s.name.casefold() == address.street.casefold()]
        listed = nearest_street(latitude, longitude, same_name, max_metres=math.inf)
        return Place(
            street=address.street,
            house_number=address.house_number,
            neighbourhood_id=inside or (listed.neighbourhood_id if listed else None),
            source=Source.PDOK,
        )
    nearest = nearest_street(latitude, longitude, streets)
    if nearest is None:
        return Place("", "", inside, Source.NONE)
    return Place(nearest.name, "", inside or nearest.neighbourhood_id, Source.STREETS)


def _pdok_address(latitude: float, longitude: float) -> pdok.PdokAddress | None:
    if not pdok.is_configured():
        return None
    try:
        return pdok.address_at(latitude, longitude)
    except pdok.PdokUnavailable:
        return None


def nearest_street(
    latitude: float,
    longitude: float,
    streets: Sequence[Street],
    max_metres: float = NEAREST_STREET_MAX_METRES,
) -> Street | None:
    """The street closest to the point, measured to its lines where it has them, else to
    its point; None when none lies within max_metres."""
    best, best_distance = None, max_metres
    for street in streets:
        distance = distance_to_street(latitude, longitude, street)
        if distance is not None and distance <= best_distance:
            best, best_distance = street, distance
    return best


def distance_to_street(latitude: float, longitude: float, street: Street) -> float | None:
    """Metres from the point to the street; None for a street without a place."""
    point = street.point
    lines = street.lines or ([[list(point)]] if point else [])
    if not lines:
        return None
    scale = math.cos(math.radians(latitude))

    def flat(p: Sequence[float]) -> tuple[float, float]:
        metres = math.radians(1) * EARTH_RADIUS_METRES
        return (p[1] - longitude) * scale * metres, (p[0] - latitude) * metres

    distances: list[float] = []
    for line in lines:
        vertices = [flat(p) for p in line]
        pairs = itertools.pairwise(vertices) if len(vertices) > 1 else [(vertices[0],) * 2]
        distances.extend(_to_segment(a, b) for a, b in pairs)
    return min(distances)


def _to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the origin (the point asked about) to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(a[0] * dx + a[1] * dy) / length))
    return math.hypot(a[0] + t * dx, a[1] + t * dy)


def streets_matching(query: str, neighbourhoods: Sequence[Neighbourhood]) -> list[Suggestion]:
    """Street names for what was typed: the neighbourhoods' lists first (names that start
    with it, then names with a word that does, then the rest), then PDOK's streets in their
    municipalities, each name once."""
    query = query.strip()
    if len(query) < MIN_QUERY_LENGTH:
        return []
    folded = query.casefold()
    listed = Street.objects.filter(
        neighbourhood__in=neighbourhoods, name__icontains=query
    ).select_related("neighbourhood")

    def rank(street: Street) -> tuple[int, str]:
        name = street.name.casefold()
        words = name.replace("-", " ").split()
        order = (
            0 if name.startswith(folded) else 1 if any(w.startswith(folded) for w in words) else 2
        )
        return order, name

    found: dict[str, Suggestion] = {}
    for street in sorted(listed, key=rank):
        found.setdefault(street.name.casefold(), Suggestion(street.name, street.neighbourhood.name))
    if len(found) < SUGGESTIONS and pdok.is_configured():
        municipalities = sorted({n.municipality.name for n in neighbourhoods})
        try:
            for known in pdok.streets_matching(query, municipalities):
                found.setdefault(known.name.casefold(), Suggestion(known.name, known.place))
        except pdok.PdokUnavailable:
            pass
    return list(found.values())[:SUGGESTIONS]
