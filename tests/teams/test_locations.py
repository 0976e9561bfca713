"""Where is this? PDOK Locatieserver first (a local server with recorded answers), the
neighbourhood's street list when PDOK is not configured, down or slow."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from teams import locations
from teams import pdok as pdok_client
from teams.locations import Place, Source, Suggestion
from teams.models import Neighbourhood, Street

from ..factories import NeighbourhoodFactory
from ..factories import oude_haven as streets_of_oude_haven

KERKSTRAAT_14 = (51.92012, 4.47904)


@pytest.fixture
def oude_haven(db) -> Neighbourhood:
    return streets_of_oude_haven(
        NeighbourhoodFactory.create(name="Oude Haven", municipality__name="Havenstad"),
        "Kerkstraat", "Achterpad Kerkstraat", "Havenkade", "Zeemanshof", "Kerkhofpad",
    )  # fmt: skip


def test_use_my_location_takes_street_and_number_from_pdok(oude_haven, pdok):
    pdok.answer("/reverse", "reverse_adres.json")
    place = locations.place_at(*KERKSTRAAT_14, [oude_haven])
    assert place == Place("Kerkstraat", "14A", oude_haven.pk, Source.PDOK)
    [asked] = pdok.asked_for("/reverse")
    assert asked.query["lat"] == ["51.920120"]
    assert asked.query["lon"] == ["4.479040"]
    assert asked.query["type"] == ["adres"]
    assert asked.query["rows"] == ["1"]
    assert "straatnaam" in asked.query["fl"][0].split()


def test_a_house_number_is_written_as_on_the_door(oude_haven, pdok):
    pdok.answer("/reverse", "reverse_adres_toevoeging.json")
    found = locations.place_at(51.91698, 4.48201, [oude_haven])
    assert (found.street, found.house_number, found.source) == ("Havenkade", "3-2", Source.PDOK)


def test_outside_every_outline_the_neighbourhood_is_the_listed_streets(oude_haven, pdok):
    """PDOK names a street of the list: its neighbourhood, though the outline misses it."""
    Neighbourhood.objects.filter(pk=oude_haven.pk).update(boundary=[])
    oude_haven.refresh_from_db()
    pdok.answer("/reverse", "reverse_adres.json")
    assert locations.place_at(*KERKSTRAAT_14, [oude_haven]).neighbourhood_id == oude_haven.pk


def test_where_pdok_knows_no_address_the_street_list_answers(oude_haven, pdok):
    pdok.answer("/reverse", "reverse_leeg.json")
    place = locations.place_at(*KERKSTRAAT_14, [oude_haven])
    assert place == Place("Kerkstraat", "", oude_haven.pk, Source.STREETS)
    assert len(pdok.asked_for("/reverse")) == 1


@pytest.mark.parametrize(
    "trouble",
    ["server error", "too slow", "trickling", "not JSON", "another shape", "nothing listening"],
)
def test_when_pdok_fails_the_street_list_answers_in_time(oude_haven, pdok, settings, trouble):
    if trouble == "server error":
        pdok.answer_with("/reverse", {"message": "Service Unavailable"}, status=503)
    elif trouble == "too slow":
        pdok.answer("/reverse", "reverse_adres.json", delay=10)
    elif trouble == "trickling":
        # Every piece within the socket's timeout, the whole answer not within PDOK_TIMEOUT.
        pdok.answer("/reverse", "reverse_adres.json", trickle=0.25)
    elif trouble == "not JSON":
        pdok.answer_with("/reverse", b"<html><body>Gateway Timeout</body></html>")
    elif trouble == "another shape":
        pdok.answer_with("/reverse", {"response": {"docs": "Kerkstraat 14"}})
    else:
        settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{_closed_port()}/v3_1"
    started = time.monotonic()
    place = locations.place_at(*KERKSTRAAT_14, [oude_haven])
    assert place == Place("Kerkstraat", "", oude_haven.pk, Source.STREETS)
    # Within the timeout (1 s in the suite), not the seconds the slow server takes.
    assert time.monotonic() - started < 2.5


def test_after_a_failure_pdok_is_left_alone_for_a_while(oude_haven, pdok):
    pdok.answer_with("/reverse", {"message": "Service Unavailable"}, status=503)
    locations.place_at(*KERKSTRAAT_14, [oude_haven])
    pdok.answer("/reverse", "reverse_adres.json")
    assert locations.place_at(*KERKSTRAAT_14, [oude_haven]).source == Source.STREETS
    assert len(pdok.asked_for("/reverse")) == 1


def test_without_pdok_configured_nothing_calls_out(oude_haven, settings, monkeypatch):
    settings.PDOK_LOCATIESERVER_URL = ""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a network call without PDOK configured")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert locations.place_at(*KERKSTRAAT_14, [oude_haven]).source == Source.STREETS
    assert [s.street for s in locations.streets_matching("kerk", [oude_haven])] == [
        "Kerkhofpad",
        "Kerkstraat",
        "Achterpad Kerkstraat",
    ]
    assert calls == []
    with pytest.raises(pdok_client.PdokUnavailable):
        pdok_client.address_at(*KERKSTRAAT_14)


def test_the_nearest_street_is_measured_to_its_line(oude_haven):
    """At the east end of the Kerkstraat: its middle is 200 m away, its line a metre."""
    place = locations.place_at(51.92049, 4.48190, [oude_haven])
    assert (place.street, place.source) == ("Kerkstraat", Source.STREETS)


def test_a_street_known_only_by_its_point_is_found_by_it(oude_haven):
    assert locations.place_at(51.91905, 4.47105, [oude_haven]).street == "Zeemanshof"


def test_far_from_every_street_no_street_is_given(oude_haven):
    place = locations.place_at(51.9300, 4.5000, [oude_haven])
    assert place == Place("", "", None, Source.NONE)


def test_only_the_given_neighbourhoods_streets_count(oude_haven):
    elsewhere = NeighbourhoodFactory.create()
    Street.objects.create(
        neighbourhood=elsewhere, name="Kerkstraat", latitude=51.92, longitude=4.479
    )
    assert locations.place_at(*KERKSTRAAT_14, [elsewhere]).neighbourhood_id == elsewhere.pk
    assert locations.place_at(*KERKSTRAAT_14, []).source == Source.NONE


def test_distance_to_a_street_in_metres(oude_haven):
    zeemanshof = Street.objects.get(name="Zeemanshof")
    # 0.001 degree of latitude is 111 m everywhere.
    assert locations.distance_to_street(51.9200, 4.4710, zeemanshof) == pytest.approx(
        111.2, abs=0.5
    )
    assert locations.distance_to_street(51.92, 4.47, Street.objects.get(name="Kerkhofpad")) is None


def test_suggestions_put_names_that_start_with_the_letters_first(oude_haven):
    suggestions = locations.streets_matching("KERK", [oude_haven])
    assert suggestions == [
        Suggestion("Kerkhofpad", "Oude Haven"),
        Suggestion("Kerkstraat", "Oude Haven"),
        Suggestion("Achterpad Kerkstraat", "Oude Haven"),
    ]
    assert locations.streets_matching("k", [oude_haven]) == []
    assert [s.street for s in locations.streets_matching("aven", [oude_haven])] == ["Havenkade"]


def test_suggestions_add_pdoks_streets_of_the_municipality_once(oude_haven, pdok):
    pdok.answer("/suggest", "suggest_weg_kerk.json")
    suggestions = locations.streets_matching("kerk", [oude_haven])
    assert suggestions == [
        Suggestion("Kerkhofpad", "Oude Haven"),
        Suggestion("Kerkstraat", "Oude Haven"),
        Suggestion("Achterpad Kerkstraat", "Oude Haven"),
        Suggestion("Kerkhoflaan", "Havenstad"),
        Suggestion("Kerkpad", ""),  # a suggestion without straatnaam: from weergavenaam
    ]
    [asked] = pdok.asked_for("/suggest")
    assert asked.query["q"] == ["kerk"]
    assert asked.query["fq"] == ["type:weg", 'gemeentenaam:"Havenstad"']
    # The same letters again: from the cache, PDOK is not asked twice.
    assert locations.streets_matching("kerk", [oude_haven]) == suggestions
    assert len(pdok.asked_for("/suggest")) == 1


def test_suggestions_come_from_the_street_list_when_pdok_is_down(oude_haven, pdok):
    pdok.answer("/suggest", "suggest_weg_kerk.json", status=502)
    assert [s.street for s in locations.streets_matching("kerk", [oude_haven])] == [
        "Kerkhofpad",
        "Kerkstraat",
        "Achterpad Kerkstraat",
    ]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
