"""PDOK Locatieserver, the national geocoder (BAG addresses and NWB streets), asked from the
server only: the browser never talks to it (the Content Security Policy allows no other
host, and the reporter's address stays between them and us).

Off unless `PDOK_LOCATIESERVER_URL` is set. Every call has a timeout (`PDOK_TIMEOUT`); any
failure (down, slow, an unexpected answer) raises `PdokUnavailable`, and the caller falls
back to the street lists. After a failure the next calls skip PDOK for a minute, so a
person typing a street does not wait for a timeout at every letter.

API: https://api.pdok.nl/bzk/locatieserver/search/v3_1/ui/ (reverse, suggest; the answer is
Solr's: {"response": {"numFound": n, "docs": [...]}}).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import re
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# How long PDOK is left alone after it failed.
PAUSE_AFTER_FAILURE = 60
PAUSED_KEY = "pdok:paused"
# Suggestions for the same letters in the same municipalities change rarely.
SUGGESTIONS_CACHE_SECONDS = 24 * 3600
MAX_RESPONSE_BYTES = 1_000_000
ADDRESS_FIELDS = (
    "type weergavenaam straatnaam huisnummer huisletter huisnummertoevoeging postcode "
    "woonplaatsnaam centroide_ll afstand"
)
STREET_FIELDS = "type weergavenaam straatnaam woonplaatsnaam gemeentenaam centroide_ll"
POINT = re.compile(r"POINT\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


class PdokUnavailable(Exception):
    """PDOK is not configured, did not answer in time, or answered something unexpected."""


@dataclass(frozen=True)
class PdokAddress:
    street: str
    house_number: str
    postcode: str
    place: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class PdokStreet:
    name: str
    place: str


def is_configured() -> bool:
    return bool(settings.PDOK_LOCATIESERVER_URL)


def address_at(latitude: float, longitude: float) -> PdokAddress | None:
    """The nearest address (BAG), or None when PDOK knows none near the point."""
    docs = _docs(
        "/reverse",
        [
            ("lat", f"{latitude:.6f}"),
            ("lon", f"{longitude:.6f}"),
            ("type", "adres"),
            ("rows", "1"),
            ("fl", ADDRESS_FIELDS),
        ],
    )
    for doc in docs:
        street = _text(doc.get("straatnaam"))
        if street:
            return PdokAddress(
                street=street,
                house_number=house_number(doc),
                postcode=_text(doc.get("postcode")),
                place=_text(doc.get("woonplaatsnaam")),
                **_point(doc.get("centroide_ll")),
            )
    return None


def streets_matching(query: str, municipalities: list[str], rows: int = 10) -> list[PdokStreet]:
    """Streets (type weg) whose name matches what was typed so far, in these municipalities."""
    if not municipalities:
        return []
    asked = json.dumps([query.casefold(), sorted(municipalities), rows]).encode()
    key = "pdok:streets:" + hashlib.sha256(asked).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return [PdokStreet(*pair) for pair in cached]
    where = " OR ".join(f'gemeentenaam:"{_quoted(name)}"' for name in municipalities)
    docs = _docs(
        "/suggest",
        [
            ("q", query),
            ("fq", "type:weg"),
            ("fq", where),
            ("rows", str(rows)),
            ("fl", STREET_FIELDS),
        ],
    )
    found: dict[str, PdokStreet] = {}
    for doc in docs:
        # A suggestion may come without the street's own field: its display name is
        # "Kerkstraat, Havenstad".
        name = _text(doc.get("straatnaam")) or _text(doc.get("weergavenaam")).split(",")[0]
        if name:
            found.setdefault(name.lower(), PdokStreet(name, _text(doc.get("woonplaatsnaam"))))
    streets = list(found.values())
    cache.set(key, [(s.name, s.place) for s in streets], SUGGESTIONS_CACHE_SECONDS)
    return streets


def house_number(doc: dict) -> str:
    """BAG's parts of a house number as written on the door: 14, 14A, 14-2, 14A-2."""
    number = f"{_text(doc.get('huisnummer'))}{_text(doc.get('huisletter'))}"
    addition = _text(doc.get("huisnummertoevoeging"))
    return f"{number}-{addition}" if number and addition else number


def _docs(path: str, params: list[tuple[str, str]]) -> list[dict]:
    if not is_configured():
        raise PdokUnavailable("PDOK_LOCATIESERVER_URL is not set")
    if cache.get(PAUSED_KEY):
        raise PdokUnavailable("PDOK failed a moment ago")
    url = f"{settings.PDOK_LOCATIESERVER_URL}{path}?{urlencode(params)}"
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked in settings)
        url, headers={"Accept": "application/json", "User-Agent": "Buurtpreventie"}
    )
    try:
        body = _read(request, settings.PDOK_TIMEOUT)
        docs = json.loads(body)["response"]["docs"]
        if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
            raise ValueError("docs is not a list of objects")
    except (
        OSError,  # refused, unreachable, timed out (urllib.error.URLError is an OSError)
        http.client.HTTPException,
        ValueError,  # not JSON, or not the shape above
        KeyError,
        TypeError,
    ) as error:
        cache.set(PAUSED_KEY, True, PAUSE_AFTER_FAILURE)
        logger.warning("PDOK Locatieserver %s failed: %r", path, error)
        raise PdokUnavailable(str(error)) from error
    return docs


def _read(request: urllib.request.Request, timeout: float) -> bytes:
    """The answer's body, within the timeout as a whole: the socket's timeout bounds each
    wait, so a server that trickles its answer is cut off here."""
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        while chunk := response.read1(64 * 1024):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise ValueError("answer too large")
            if time.monotonic() > deadline:
                raise TimeoutError("answer too slow")
            chunks.append(chunk)
    return b"".join(chunks)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _quoted(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _point(value: object) -> dict[str, float | None]:
    """centroide_ll is "POINT(lon lat)" (WGS84)."""
    found = POINT.fullmatch(_text(value))
    if not found:
        return {"latitude": None, "longitude": None}
    return {"latitude": float(found.group(2)), "longitude": float(found.group(1))}


__all__ = [
    "PdokAddress",
    "PdokStreet",
    "PdokUnavailable",
    "address_at",
    "is_configured",
    "streets_matching",
]
