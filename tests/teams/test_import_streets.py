"""`manage.py import_streets`: a neighbourhood's street list from CSV or GeoJSON; a wrong
file says what is wrong and where, and saves nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from teams import locations
from teams.models import Neighbourhood, Street

from ..factories import OUDE_HAVEN, NeighbourhoodFactory


@pytest.fixture
def oude_haven(db) -> Neighbourhood:
    neighbourhood = NeighbourhoodFactory.create(name="Oude Haven", boundary=OUDE_HAVEN)
    Street.objects.create(neighbourhood=neighbourhood, name="Havenkade")
    return neighbourhood


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_streets", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def listed(neighbourhood: Neighbourhood) -> list[tuple]:
    return list(neighbourhood.streets.order_by("name").values_list("name", "latitude", "longitude"))


def test_a_csv_from_a_dutch_spreadsheet_is_imported(oude_haven, tmp_path):
    """Semicolons, decimal commas, a byte-order mark, an empty line, a street without a point."""
    path = tmp_path / "straten.csv"
    path.write_text(
        "\ufeffStraatnaam;Lat;Lon\n"
        "Kerkstraat;51,920000;4,479000\n"
        "\n"
        "  Dijkstraat ;51.9207;4.4715\n"
        "Achterpad Kerkstraat;;\n",
        encoding="utf-8",
    )
    output = run("Oude Haven", str(path))
    assert "3 streets added, 0 changed, 0 removed; 4 in its list" in output
    assert listed(oude_haven) == [
        ("Achterpad Kerkstraat", None, None),
        ("Dijkstraat", Decimal("51.920700"), Decimal("4.471500")),
        ("Havenkade", None, None),
        ("Kerkstraat", Decimal("51.920000"), Decimal("4.479000")),
    ]
    # The same file again changes nothing; --replace removes what the file does not hold.
    assert "0 streets added, 0 changed, 0 removed" in run(str(oude_haven.pk), str(path))
    assert "1 removed; 3 in its list" in run("oude haven", str(path), "--replace")
    assert not oude_haven.streets.filter(name="Havenkade").exists()


def test_a_geojson_of_street_parts_becomes_one_street_each(oude_haven, tmp_path):
    """NWB and OpenStreetMap cut a street at every crossing: the parts make one street, whose
    point is the middle of its lines, and the nearest street is measured to the lines."""
    features = [
        _feature({"STT_NAAM": "Kerkstraat"}, "LineString", [[4.4760, 51.9195], [4.4790, 51.9200]]),
        _feature({"STT_NAAM": "Kerkstraat"}, "LineString", [[4.4790, 51.9200], [4.4820, 51.9205]]),
        _feature(
            {"name": "Havenkade"},
            "MultiLineString",
            [[[4.4780, 51.9158], [4.4830, 51.9163]], [[4.4830, 51.9163], [4.4880, 51.9165]]],
        ),
        _feature({"naam": "Stationsplein"}, "Point", [4.4885, 51.9245]),
    ]
    path = tmp_path / "wegen.geojson"
    path.write_text(_collection(*features))
    assert "2 streets added, 1 changed" in run("Oude Haven", str(path))
    kerkstraat = oude_haven.streets.get(name="Kerkstraat")
    assert kerkstraat.lines == [
        [[51.9195, 4.476], [51.92, 4.479]],
        [[51.92, 4.479], [51.9205, 4.482]],
    ]
    assert (kerkstraat.latitude, kerkstraat.longitude) == (
        Decimal("51.920000"),
        Decimal("4.479000"),
    )
    station = oude_haven.streets.get(name="Stationsplein")
    assert (station.latitude, station.longitude) == (Decimal("51.924500"), Decimal("4.488500"))
    assert len(oude_haven.streets.get(name="Havenkade").lines) == 2
    near_the_end = locations.place_at(51.92049, 4.48190, [oude_haven])
    assert near_the_end.street == "Kerkstraat"


def test_points_outside_the_outline_are_warned_about(oude_haven, tmp_path):
    path = tmp_path / "omgedraaid.csv"
    path.write_text("name,latitude,longitude\nKerkstraat,4.479,51.92\n")
    assert "1 street(s) lie outside the outline of Oude Haven" in run("Oude Haven", str(path))


def _feature(properties: dict, kind: str, coordinates: list) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _collection(*features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


BAD_FILES = [
    ("leeg.csv", "", "the file holds no streets"),
    ("kop.csv", "straat naam,lat\nKerkstraat,51.9\n", "line 1: no column 'name'"),
    (
        "getal.csv",
        "name,lat,lon\nKerkstraat,51.92,4.47\nDijkstraat,noord,4.47\n",
        "line 3: latitude 'noord' is not a number",
    ),
    (
        "bereik.csv",
        "name,lat,lon\nKerkstraat,91,4.47\n",
        "line 2: latitude '91' is not between -90 and 90",
    ),
    ("half.csv", "name,lat,lon\nKerkstraat,51.92,\n", "line 2: give both latitude and longitude"),
    ("naamloos.csv", "name,lat,lon\n,51.92,4.47\n", "line 2: the street has no name"),
    ("dubbel.csv", "name\nKerkstraat\nkerkstraat\n", "line 3: kerkstraat is also on line 2"),
    ("lang.csv", "name\n" + "K" * 121 + "\n", "line 2: the name is longer than 120 characters"),
    ("kapot.geojson", '{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("lijst.geojson", "[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    (
        "rd.geojson",
        _collection(_feature({"name": "Kerkstraat"}, "Point", [92500.0, 437500.0])),
        "feature 1: coordinates must be longitude, latitude in WGS84",
    ),
    (
        "vlak.geojson",
        _collection(
            _feature({"name": "Plein"}, "Polygon", [[[4.47, 51.92], [4.48, 51.92], [4.47, 51.93]]])
        ),
        "feature 1: give a Point or a LineString, not Polygon",
    ),
    ("features.geojson", _collection("Kerkstraat"), "feature 1: not a GeoJSON feature"),
    ("leeg.geojson", _collection(), "the file holds no streets"),
    ("straten.xlsx", "PK\x03\x04", "give a .csv or a .geojson file"),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD_FILES)
def test_a_wrong_file_says_where_and_saves_nothing(oude_haven, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = listed(oude_haven)
    with pytest.raises(CommandError) as refused:
        run("Oude Haven", str(path), "--replace")
    assert "Nothing imported." in str(refused.value)
    assert problem in str(refused.value)
    assert listed(oude_haven) == before


def test_a_file_that_is_not_text_is_refused(oude_haven, tmp_path):
    path = tmp_path / "straten.csv"
    path.write_bytes("name\nStra\xdfe\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("Oude Haven", str(path))


def test_every_problem_is_listed_at_once(oude_haven, tmp_path):
    path = tmp_path / "straten.csv"
    path.write_text("name,lat,lon\n,51,4\nKerkstraat,x,4\nDijkstraat,51,y\n")
    with pytest.raises(CommandError) as refused:
        run("Oude Haven", str(path))
    assert [line.split(":")[0] for line in str(refused.value).splitlines()[1:]] == [
        "line 2",
        "line 3",
        "line 4",
    ]


def test_the_neighbourhood_must_be_one(oude_haven, tmp_path):
    path = tmp_path / "straten.csv"
    path.write_text("name\nKerkstraat\n")
    with pytest.raises(CommandError, match="No neighbourhood 'Nergens'"):
        run("Nergens", str(path))
    with pytest.raises(CommandError, match="No neighbourhood '999999'"):
        run("999999", str(path))
    other = NeighbourhoodFactory.create(name="Oude Haven")
    with pytest.raises(CommandError, match=f"id {other.pk}"):
        run("Oude Haven", str(path))
    assert "1 streets added" in run(str(other.pk), str(path))


def test_a_missing_file_is_named(oude_haven, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("Oude Haven", str(tmp_path / "weg.csv"))


@pytest.mark.parametrize(
    "lines",
    [{"a": 1}, [[51.9, 4.4]], [[[51.9]]], [[[51.9, 4.4, 3]]], [[[95, 4.4]]], [[[True, 4.4]]], [[]]],
)
def test_the_admin_refuses_lines_that_are_not_lines(oude_haven, lines):
    street = Street(neighbourhood=oude_haven, name="Kerkstraat", lines=lines)
    with pytest.raises(ValidationError) as refused:
        street.full_clean()
    assert "lines" in refused.value.message_dict


def test_the_database_refuses_half_a_point(oude_haven):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Street.objects.create(neighbourhood=oude_haven, name="Kerkstraat", latitude="51.92")
