"""The report form's location endpoints: who may ask, what they answer, what they refuse."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teams.models import Neighbourhood, Street

from ..conftest import World
from ..factories import NeighbourhoodFactory, UserFactory, oude_haven

ADDRESS = reverse("teams:location_address")
STREETS = reverse("teams:location_streets")


@pytest.fixture
def streets(world: World) -> Neighbourhood:
    """Team Noord's neighbourhood gets an outline and two streets; Team Zuid's one street."""
    Street.objects.create(
        neighbourhood=world.team_b.neighbourhoods.get(),
        name="Kerkweg",
        latitude="51.920100",
        longitude="4.479000",
    )
    return oude_haven(world.team_a.neighbourhoods.get(), "Kerkstraat", "Kerkhofpad")


def test_a_volunteer_gets_the_nearest_street_of_the_list(world: World, streets):
    response = world.client("volunteer").get(ADDRESS, {"lat": "51.92012", "lon": "4.47904"})
    assert response.status_code == 200
    assert response.json() == {
        "street": "Kerkstraat",
        "house_number": "",
        "neighbourhood_id": streets.pk,
        "source": "streets",
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_answer_comes_from_pdok_when_it_is_configured(world: World, streets, pdok):
    pdok.answer("/reverse", "reverse_adres.json")
    response = world.client("volunteer").get(ADDRESS, {"lat": "51.92012", "lon": "4.47904"})
    assert response.json() == {
        "street": "Kerkstraat",
        "house_number": "14A",
        "neighbourhood_id": streets.pk,
        "source": "pdok",
    }


def test_a_member_looks_only_in_the_streets_of_their_own_teams(world: World, streets):
    """Team Zuid's Kerkweg lies on the very spot, but it is not the volunteer's."""
    answer = world.client("volunteer").get(ADDRESS, {"lat": "51.9201", "lon": "4.4790"}).json()
    assert answer["street"] == "Kerkstraat"
    other = world.client("other_coordinator").get(ADDRESS, {"lat": "51.9201", "lon": "4.4790"})
    assert other.json()["street"] == "Kerkweg"
    assert other.json()["neighbourhood_id"] == world.team_b.neighbourhoods.get().pk


def test_suggestions_for_what_is_typed(world: World, streets):
    response = world.client("volunteer").get(STREETS, {"q": "kerk"})
    assert response.status_code == 200
    assert response.json() == {
        "streets": [
            {"street": "Kerkhofpad", "place": streets.name},
            {"street": "Kerkstraat", "place": streets.name},
        ]
    }
    assert world.client("volunteer").get(STREETS, {"q": "k"}).json() == {"streets": []}
    assert world.client("volunteer").get(STREETS).json() == {"streets": []}


@pytest.mark.parametrize("url", [ADDRESS, STREETS])
def test_anonymous_visitors_are_sent_to_the_login(db, url):
    response = Client().get(url, {"lat": "51.92", "lon": "4.47", "q": "kerk"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [ADDRESS, STREETS])
@pytest.mark.parametrize("persona", ["partner_a", "partner_b", "admin", "no team"])
def test_only_team_members_may_ask(world: World, url, persona):
    if persona == "no team":
        client = Client()
        client.force_login(UserFactory.create())
    else:
        client = world.client(persona)
    assert client.get(url, {"lat": "51.92", "lon": "4.47", "q": "kerk"}).status_code == 403


def test_a_member_of_an_inactive_team_may_not_ask(world: World):
    world.team_a.is_active = False
    world.team_a.save()
    assert (
        world.client("volunteer").get(ADDRESS, {"lat": "51.92", "lon": "4.47"}).status_code == 403
    )


def test_only_get_is_answered(world: World):
    assert (
        world.client("volunteer").post(ADDRESS, {"lat": "51.92", "lon": "4.47"}).status_code == 405
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Geef een breedtegraad (lat)."),
        ({"lat": "51.92"}, "Geef een lengtegraad (lon)."),
        ({"lat": "Kerkstraat", "lon": "4.47"}, "De breedtegraad (lat) moet een getal zijn."),
        ({"lat": "51.92", "lon": "4,47"}, "De lengtegraad (lon) moet een getal zijn."),
        ({"lat": "nan", "lon": "4.47"}, "De breedtegraad (lat) moet een getal zijn."),
        ({"lat": "51.92", "lon": "inf"}, "De lengtegraad (lon) moet een getal zijn."),
        ({"lat": "90.5", "lon": "4.47"}, "De breedtegraad (lat) ligt tussen -90 en 90."),
        ({"lat": "-91", "lon": "4.47"}, "De breedtegraad (lat) ligt tussen -90 en 90."),
        ({"lat": "51.92", "lon": "180.01"}, "De lengtegraad (lon) ligt tussen -180 en 180."),
        ({"lat": "51.92", "lon": "-1e9"}, "De lengtegraad (lon) ligt tussen -180 en 180."),
    ],
)
def test_a_place_that_is_not_one_is_refused_with_a_message(world: World, query, message):
    response = world.client("volunteer").get(ADDRESS, query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_too_many_letters_are_refused_with_a_message(world: World):
    response = world.client("volunteer").get(STREETS, {"q": "k" * 121})
    assert response.status_code == 400
    assert response.json()["errors"] == {"q": ["Typ hoogstens 120 tekens."]}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lat=st.one_of(st.text(max_size=30), st.floats().map(str), st.integers().map(str)),
    lon=st.one_of(st.text(max_size=30), st.floats().map(str), st.integers().map(str)),
    q=st.text(max_size=200),
)
def test_whatever_comes_in_the_answer_is_json_never_an_error(world: World, lat, lon, q):
    client = world.client("volunteer")
    # Text with a NUL cannot be sent in a URL by a browser; Django's test client refuses it.
    lat, lon, q = (value.replace("\x00", "") for value in (lat, lon, q))
    address = client.get(ADDRESS, {"lat": lat, "lon": lon})
    assert address.status_code in (200, 400)
    assert set(address.json()) in (
        {"street", "house_number", "neighbourhood_id", "source"},
        {"error", "errors"},
    )
    suggestions = client.get(STREETS, {"q": q})
    assert suggestions.status_code in (200, 400)
    assert isinstance(suggestions.json(), dict)


def test_a_neighbourhood_outside_the_teams_is_never_answered(world: World, streets):
    """A point inside another neighbourhood's outline: no neighbourhood of theirs holds it."""
    NeighbourhoodFactory.create(boundary=[[51.9, 4.4], [52.0, 4.4], [52.0, 4.6], [51.9, 4.6]])
    Neighbourhood.objects.filter(pk=streets.pk).update(boundary=[])
    answer = world.client("volunteer").get(ADDRESS, {"lat": "51.95", "lon": "4.5"}).json()
    assert answer == {"street": "", "house_number": "", "neighbourhood_id": None, "source": "none"}
