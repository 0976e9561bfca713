"""A new volunteer finds the team: the coordinator prints the sign-up sheet, a neighbour scans
its QR code (read from the rendered sheet, as a phone's camera reads the paper) and asks to
join, the coordinator invites them; and the team's public page, switched on by the
coordinator, read at phone size without an account."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, expect

from teams.forms import JoinRequestForm
from teams.models import Invitation, JoinRequest

from ..conftest import World
from .helpers import assert_accessible, log_in
from .test_print import printed_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def quick_people(monkeypatch):
    """The live server runs in this process: the form's minimum time is lifted, as a test
    types faster than a person (tests/teams/test_joining.py tests that minimum)."""
    monkeypatch.setattr(JoinRequestForm, "MIN_SECONDS", 0)


def test_the_sheets_code_leads_to_a_request_the_coordinator_turns_into_an_invitation(
    page: Page, browser: Browser, live_server, world: World, settings
):
    settings.SITE_URL = live_server.url  # the site's address, which the code carries
    log_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}{world.team_a.get_absolute_url()}")
    page.get_by_role("link", name="Aanmeldblad").click()
    expect(page.get_by_role("heading", name="Doe mee met de buurtpreventie")).to_be_visible()
    page.emulate_media(media="print")
    assert printed_pages(page) == 1
    shot = page.locator(".qr-sheet").screenshot()
    page.emulate_media(media="screen")
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    world.team_a.refresh_from_db()
    expected = f"{live_server.url}{reverse('teams:join_from_sheet', args=[world.team_a.join_code])}"
    assert code.text == expected

    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    neighbour = phone.new_page()
    neighbour.goto(code.text)
    expect(
        neighbour.get_by_role("heading", name=f"Doe mee met {world.team_a.name}")
    ).to_be_visible()
    neighbour.get_by_label("Voornaam").fill("Noor")
    neighbour.get_by_label("E-mailadres").fill("noor@example.org")
    neighbour.get_by_role("button", name="Versturen").click()
    expect(neighbour.get_by_role("heading", name="Bedankt")).to_be_visible()
    assert JoinRequest.objects.get().source == "sheet"
    phone.close()

    page.goto(f"{live_server.url}{world.team_a.get_absolute_url()}")
    requests = page.locator("#join-requests + ul")
    expect(requests).to_contain_text("noor@example.org")
    requests.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_text("Noor is uitgenodigd.")).to_be_visible()
    assert Invitation.objects.get(email="noor@example.org").team == world.team_a


def test_the_public_page_switched_on_by_the_coordinator_reads_well_on_a_phone(
    page: Page, browser: Browser, live_server, world: World
):
    world.team_a.neighbourhoods.update(
        boundary=[[52.37, 4.88], [52.38, 4.88], [52.38, 4.90], [52.37, 4.90]]
    )
    log_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}{world.team_a.get_absolute_url()}")
    page.get_by_role("link", name="Publieke pagina").click()
    page.get_by_label("De publieke pagina van het team tonen").check()
    page.get_by_label("Adres van de pagina").fill("buurtpreventie-noord")
    page.get_by_label("Over het team").fill("Wij lopen elke dinsdag- en vrijdagavond.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De publieke pagina is opgeslagen.")).to_be_visible()

    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/buurt/buurtpreventie-noord/")
    expect(visitor.get_by_role("heading", name=world.team_a.name)).to_be_visible()
    expect(visitor.get_by_text("Wij lopen elke dinsdag- en vrijdagavond.")).to_be_visible()
    expect(visitor.get_by_text("Gelopen rondes")).to_be_visible()
    # The team's area on the map: the neighbourhood's outline drawn by Leaflet.
    area = visitor.get_by_role("region", name="Kaart van het gebied van het team")
    expect(area.locator("path.leaflet-interactive").first).to_be_visible()
    # Leaflet's buttons in Dutch, for the eye and for a screen reader.
    expect(area.get_by_role("button", name="Inzoomen")).to_have_attribute("title", "Inzoomen")
    expect(area.get_by_role("button", name="Uitzoomen")).to_be_visible()
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page is wider than the phone"
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Doe mee").first.click()
    expect(visitor.get_by_label("Voornaam")).to_be_visible()
    phone.close()
