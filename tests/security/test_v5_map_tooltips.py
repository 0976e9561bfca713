"""ASVS V5 (output encoding): names on a map are shown as text. Leaflet reads a tooltip given
as a string as HTML, so a neighbourhood named like markup once ran it in every browser that
hovered over the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..browser.helpers import log_in
from ..conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = '<img src=x onerror="document.body.dataset.injected=1">Noord'


def test_a_neighbourhood_named_like_markup_shows_its_name_literally_in_the_tooltip(
    page: Page, live_server, world: World
):
    neighbourhood = world.team_a.neighbourhoods.get()
    neighbourhood.name = NAME
    neighbourhood.boundary = [[52.0, 4.0], [52.0, 4.01], [52.01, 4.01], [52.01, 4.0]]
    neighbourhood.save()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}/signalen/kaart/")
    outline = page.locator("[data-map] path.leaflet-interactive")
    expect(outline).to_have_count(1)
    outline.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text(NAME)
    expect(page.locator("[data-map] img[src='x']")).to_have_count(0)
    expect(page.locator("body[data-injected]")).to_have_count(0)
