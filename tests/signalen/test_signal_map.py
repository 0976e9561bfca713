"""The signal's page shows its place on a small map: only to those who read all of it, and
never for a care signal."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from signalen.models import Signal

from ..conftest import World
from ..factories import signal_factory

POINT = {"latitude": Decimal("51.920120"), "longitude": Decimal("4.479040")}


def map_on_page(world: World, persona: str, signal: Signal) -> dict | None:
    response = world.client(persona).get(signal.get_absolute_url())
    assert response.status_code == 200
    config = response.context["map_config"]
    html = response.content.decode()
    assert ("data-map=" in html) == (config is not None)
    assert ("leaflet.js" in html) == (config is not None)
    return json.loads(config) if config else None


@pytest.mark.parametrize("persona", ["volunteer", "coordinator", "partner_a"])
def test_a_normal_signal_shows_its_point(world: World, persona):
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, **POINT)
    config = map_on_page(world, persona, signal)
    assert config is not None
    assert config["points"] == [
        {"lat": 51.92012, "lng": 4.47904, "title": signal.address},
    ]


@pytest.mark.parametrize("persona", ["volunteer", "partner_b", "coordinator", "admin"])
def test_a_care_signal_never_shows_a_map(world: World, persona):
    """Not to the reporter or the care partner, who read all of it, nor to the coordinator
    and the administrator, who see only that it was handed over."""
    signal = signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        code="care-worry",
        description="Gordijnen zijn al vijf dagen dicht.",
        **POINT,
    )
    assert signal.latitude is not None
    assert map_on_page(world, persona, signal) is None


def test_a_signal_without_a_place_shows_no_map(world: World):
    assert world.signal.latitude is None
    assert map_on_page(world, "volunteer", world.signal) is None


def test_a_signal_made_anonymous_shows_no_map(world: World):
    """At the end of the retention period its place is made coarse: no longer a point."""
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, **POINT)
    Signal.objects.filter(pk=signal.pk).update(anonymised_at=timezone.now())
    assert map_on_page(world, "volunteer", signal) is None


def test_the_map_shows_the_neighbourhood_outline_and_tiles_when_configured(world: World, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Kaartgegevens © Kadaster"
    neighbourhood = world.team_a.neighbourhoods.get()
    neighbourhood.boundary = [[51.915, 4.47], [51.925, 4.47], [51.925, 4.49], [51.915, 4.49]]
    neighbourhood.save()
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, **POINT)
    config = map_on_page(world, "volunteer", signal)
    assert config is not None
    assert config["areas"] == [
        {"id": neighbourhood.pk, "name": neighbourhood.name, "boundary": neighbourhood.boundary}
    ]
    assert (config["tiles"], config["attribution"]) == (
        settings.MAP_TILE_URL,
        "Kaartgegevens © Kadaster",
    )


def test_the_page_with_its_map_stays_within_ten_queries(
    world: World, django_assert_max_num_queries
):
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, **POINT)
    client = world.client("partner_a")
    client.get(signal.get_absolute_url())
    with django_assert_max_num_queries(10):
        assert client.get(signal.get_absolute_url()).context["map_config"]
