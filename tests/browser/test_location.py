"""Location first, on a phone: "use my location" fills in the street, typing offers streets,
and the signal's page shows where it was (never for a care signal)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from signalen.models import Signal
from teams.models import Neighbourhood

from ..conftest import World
from ..factories import oude_haven, signal_factory
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# In front of Kerkstraat 14A.
HERE = {"latitude": 51.92012, "longitude": 4.47904}


@pytest.fixture
def streets(world: World) -> Neighbourhood:
    return oude_haven(world.team_a.neighbourhoods.get(), "Kerkstraat", "Kerkhofpad", "Dijkstraat")


@pytest.fixture
def phone(browser, browser_context_args) -> Iterator[Page]:
    """A phone that stands in the Kerkstraat and lets the site ask where it is."""
    context = browser.new_context(
        **browser_context_args, geolocation=HERE, permissions=["geolocation"]
    )
    page = context.new_page()
    yield page
    context.close()


def to_the_where_step(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/signalen/nieuw/")
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_label("Inbraakrisico").check()
    page.get_by_role("button", name="Verder").first.click()
    expect(page.get_by_role("group", name="Waar?")).to_be_visible()


def send(page: Page) -> Signal:
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Wat zag je?").fill("Ladder tegen de achtergevel, raam erboven staat open.")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()
    return Signal.objects.latest("pk")


def test_use_my_location_fills_the_street_from_the_street_list_and_the_report_is_sent(
    phone: Page, live_server, world: World, streets
):
    log_in(phone, live_server.url, world.volunteer.email)
    to_the_where_step(phone, live_server.url)
    street = phone.get_by_label("Straat")
    expect(street).to_have_value("")

    phone.get_by_role("button", name="Gebruik mijn locatie").click()
    expect(street).to_have_value("Kerkstraat")
    expect(street).to_have_class(re.compile(r"\bis-valid\b"))
    status = phone.locator("[data-location-status]")
    expect(status).to_have_text("Ingevuld: Kerkstraat. Klopt het niet? Pas het aan.")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(phone.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_accessible(phone)

    signal = send(phone)
    assert (signal.street, signal.house_number, signal.neighbourhood) == ("Kerkstraat", "", streets)
    assert (signal.latitude, signal.longitude) == (Decimal("51.920120"), Decimal("4.479040"))


def test_use_my_location_fills_street_and_number_from_pdok_asked_by_the_server(
    phone: Page, live_server, world: World, streets, pdok
):
    pdok.answer("/reverse", "reverse_adres.json")
    asked_by_the_browser: list[str] = []
    phone.on("request", lambda request: asked_by_the_browser.append(request.url))
    log_in(phone, live_server.url, world.volunteer.email)
    to_the_where_step(phone, live_server.url)

    phone.get_by_role("button", name="Gebruik mijn locatie").click()
    expect(phone.get_by_label("Straat")).to_have_value("Kerkstraat")
    expect(phone.get_by_label("Huisnummer of in de buurt van")).to_have_value("14A")
    expect(phone.locator("[data-location-status]")).to_have_text(
        "Ingevuld: Kerkstraat 14A. Klopt het niet? Pas het aan."
    )

    signal = send(phone)
    assert (signal.street, signal.house_number) == ("Kerkstraat", "14A")
    assert len(pdok.asked_for("/reverse")) == 1
    # The phone talked to this site only: PDOK was asked by the server.
    assert [url for url in asked_by_the_browser if not url.startswith(live_server.url)] == []


def test_a_tap_on_the_map_fills_an_empty_street_but_never_overwrites_one(
    page: Page, live_server, world: World, streets
):
    """The map shows the neighbourhood; its middle lies 20 m from the Kerkstraat."""
    log_in(page, live_server.url, world.volunteer.email)
    to_the_where_step(page, live_server.url)
    street = page.get_by_label("Straat")
    page.get_by_role("region", name="Kaart van je wijk; tik om de plek aan te geven").click()
    expect(street).to_have_value("Kerkstraat")
    expect(page.locator("[data-location-status]")).to_contain_text("Ingevuld: Kerkstraat.")

    street.fill("Dijkstraat")
    expect(street).not_to_have_class(re.compile(r"\bis-valid\b"))
    page.get_by_role("region", name="Kaart van je wijk; tik om de plek aan te geven").click(
        position={"x": 300, "y": 180}
    )
    expect(page.locator("[data-location-status]")).to_have_text("Plek gemarkeerd op de kaart.")
    expect(street).to_have_value("Dijkstraat")


def test_typing_a_street_offers_the_streets_of_the_neighbourhood(
    page: Page, live_server, world: World, streets
):
    log_in(page, live_server.url, world.volunteer.email)
    to_the_where_step(page, live_server.url)
    street = page.get_by_label("Straat")
    expect(street).to_have_attribute("list", "street-suggestions")

    street.press_sequentially("kerk", delay=40)
    options = page.locator("datalist#street-suggestions option")
    expect(options).to_have_count(2)
    assert [options.nth(i).get_attribute("value") for i in range(2)] == [
        "Kerkhofpad",
        "Kerkstraat",
    ]
    expect(options.first).to_have_attribute("label", streets.name)
    street.fill("Kerkstraat")
    assert send(page).street == "Kerkstraat"


def test_the_signal_page_shows_the_place_on_a_map_but_never_for_a_care_signal(
    page: Page, live_server, world: World, streets
):
    point = {"latitude": Decimal("51.920120"), "longitude": Decimal("4.479040")}
    normal = signal_factory(reporter=world.volunteer, team=world.team_a, **point)
    care = signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        code="care-worry",
        description="Gordijnen zijn al vijf dagen dicht, post stapelt zich op.",
        **point,
    )
    log_in(page, live_server.url, world.volunteer.email)

    page.goto(f"{live_server.url}{normal.get_absolute_url()}")
    place = page.get_by_role("region", name="Kaart met de plek van dit signaal")
    expect(place).to_be_visible()
    expect(place.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(place.locator("path.leaflet-interactive")).to_have_count(1)  # the neighbourhood
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)

    page.goto(f"{live_server.url}{care.get_absolute_url()}")
    expect(page.get_by_text("Gordijnen zijn al vijf dagen dicht")).to_be_visible()
    expect(page.locator("[data-map]")).to_have_count(0)
    expect(page.locator(".leaflet-container")).to_have_count(0)
