"""Reading a neighbourhood's street list from a file: CSV (a name per row, optionally a
point) or GeoJSON (named points or lines, for example an export of the NWB road network or
of OpenStreetMap). The whole file is read and checked before anything is saved; every
problem is reported with its line or feature number."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .models.streets import Street, on_earth

NAME_LENGTH = Street._meta.get_field("name").max_length or 120
NAME_KEYS = ("name", "naam", "straatnaam", "straat", "openbareruimtenaam", "stt_naam")
LATITUDE_KEYS = ("latitude", "lat", "breedtegraad")
LONGITUDE_KEYS = ("longitude", "lon", "lng", "lengtegraad")
MAX_PROBLEMS = 20
SIX_PLACES = Decimal("0.000001")


class StreetFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems[:MAX_PROBLEMS]
        more = len(problems) - len(self.problems)
        super().__init__("\n".join(self.problems + ([f"... and {more} more"] if more else [])))


@dataclass
class StreetRow:
    name: str
    lines: list[list[list[float]]] = field(default_factory=list)
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    def locate(self) -> None:
        """The point of a street read as lines: the centre of its lines, weighted by length
        (the mean of the points where the lines have no length)."""
        if not self.lines:
            return
        weighted = [
            (math.dist(a, b), (a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            for line in self.lines
            for a, b in itertools.pairwise(line)
        ]
        total = sum(w for w, _lat, _lon in weighted)
        if total > 0:
            latitude = sum(w * lat for w, lat, _lon in weighted) / total
            longitude = sum(w * lon for w, _lat, lon in weighted) / total
        else:
            points = [p for line in self.lines for p in line]
            latitude = sum(p[0] for p in points) / len(points)
            longitude = sum(p[1] for p in points) / len(points)
        self.latitude, self.longitude = _six_places(latitude), _six_places(longitude)


def read_street_file(path: Path) -> list[StreetRow]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".geojson", ".json"):
        raise StreetFileError([f"{path.name}: give a .csv or a .geojson file."])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StreetFileError([f"{path}: no such file."]) from None
    except UnicodeDecodeError:
        raise StreetFileError([f"{path.name}: the file is not UTF-8 text."]) from None
    if not text.strip():
        raise StreetFileError([f"{path.name}: the file holds no streets."])
    rows = read_csv(text) if suffix == ".csv" else read_geojson(text)
    if not rows:
        raise StreetFileError([f"{path.name}: the file holds no streets."])
    return rows


def read_csv(text: str) -> list[StreetRow]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    name_column = next((columns[k] for k in NAME_KEYS if k in columns), None)
    if name_column is None:
        raise StreetFileError(["line 1: no column 'name' (or 'straatnaam') in the header."])
    lat_column = next((columns[k] for k in LATITUDE_KEYS if k in columns), None)
    lon_column = next((columns[k] for k in LONGITUDE_KEYS if k in columns), None)
    rows: list[StreetRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        where = f"line {line}"
        if not any((value or "").strip() for value in record.values()):
            continue  # an empty line
        name = _name(record.get(name_column), where, problems)
        latitude = _coordinate(record.get(lat_column or ""), -90, 90, f"{where}: latitude")
        longitude = _coordinate(record.get(lon_column or ""), -180, 180, f"{where}: longitude")
        for value in (latitude, longitude):
            if isinstance(value, str):
                problems.append(value)
        if (latitude is None) != (longitude is None):
            problems.append(f"{where}: give both latitude and longitude, or neither.")
        if name is None:
            continue
        if name.casefold() in seen:
            problems.append(f"{where}: {name} is also on line {seen[name.casefold()]}.")
            continue
        seen[name.casefold()] = line
        if isinstance(latitude, Decimal) and isinstance(longitude, Decimal):
            rows.append(StreetRow(name, latitude=latitude, longitude=longitude))
        else:
            rows.append(StreetRow(name))
    if problems:
        raise StreetFileError(problems)
    return rows


def read_geojson(text: str) -> list[StreetRow]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise StreetFileError([f"not valid JSON: {error}"]) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not (
        isinstance(data, dict)
        and data.get("type") == "FeatureCollection"
        and isinstance(data.get("features"), list)
    ):
        raise StreetFileError(["not a GeoJSON FeatureCollection."])
    streets: dict[str, StreetRow] = {}
    problems: list[str] = []
    for number, feature in enumerate(data["features"], start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            problems.append(f"{where}: not a GeoJSON feature.")
            continue
        properties = feature.get("properties") or {}
        keys = (
            {str(k).lower(): v for k, v in properties.items()}
            if isinstance(properties, dict)
            else {}
        )
        name = _name(next((keys[k] for k in NAME_KEYS if k in keys), None), where, problems)
        lines = _lines(feature.get("geometry"), where, problems)
        if name is not None and lines is not None:
            # A street is often several features (its parts between crossings): one street.
            row = streets.setdefault(name.casefold(), StreetRow(name))
            row.lines.extend(lines)
    if problems:
        raise StreetFileError(problems)
    for row in streets.values():
        row.locate()
    return list(streets.values())


def _name(value: object, where: str, problems: list[str]) -> str | None:
    name = " ".join(str(value or "").split())
    if not name:
        problems.append(f"{where}: the street has no name.")
        return None
    if len(name) > NAME_LENGTH:
        problems.append(f"{where}: the name is longer than {NAME_LENGTH} characters.")
        return None
    return name


def _coordinate(value: str | None, low: int, high: int, what: str) -> Decimal | str | None:
    """The number, None when empty, or the problem as text."""
    text = (value or "").strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a Dutch spreadsheet's decimal comma
    try:
        number = Decimal(text)
    except InvalidOperation:
        return f"{what} {value!r} is not a number."
    if not number.is_finite() or not low <= number <= high:
        return f"{what} {value!r} is not between {low} and {high}."
    return number.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def _lines(geometry: object, where: str, problems: list[str]) -> list[list[list[float]]] | None:
    """The geometry as lines of [latitude, longitude]: GeoJSON writes [longitude, latitude]."""
    if geometry is None:
        return []
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    parts = {
        "Point": lambda c: [[c]],
        "MultiPoint": lambda c: [[p] for p in c],
        "LineString": lambda c: [c],
        "MultiLineString": lambda c: c,
    }
    if kind not in parts:
        problems.append(f"{where}: give a Point or a LineString, not {kind}.")
        return None
    try:
        lines = [[_lat_lon(p) for p in line] for line in parts[kind](coordinates)]
    except (TypeError, ValueError):
        problems.append(
            f"{where}: coordinates must be longitude, latitude in WGS84 (EPSG:4326); "
            "RD coordinates (EPSG:28992) must be converted first."
        )
        return None
    if not all(lines):
        problems.append(f"{where}: a line without points.")
        return None
    return lines


def _lat_lon(position: object) -> list[float]:
    if not isinstance(position, list) or len(position) < 2:
        raise ValueError(position)
    longitude, latitude = position[0], position[1]
    if not on_earth(latitude, longitude):
        raise ValueError(position)
    return [round(float(latitude), 7), round(float(longitude), 7)]


def _six_places(value: float) -> Decimal:
    return Decimal(str(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
