import re

import pytest
from playwright.sync_api import Page, expect

from signalen.models import Signal

from ..conftest import World
from ..factories import jpeg_bytes
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def report(page: Page, base_url: str, *, category: str, street: str, description: str, photo=None):
    page.goto(f"{base_url}/signalen/nieuw/")
    expect(page.get_by_role("link", name="Bel 112", exact=True)).to_have_attribute(
        "href", "tel:112"
    )
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_label(category).check()
    assert_accessible(page)
    page.get_by_role("button", name="Verder").first.click()
    page.get_by_label("Straat").fill(street)
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Wat zag je?").fill(description)
    if photo is not None:
        page.get_by_label("Foto's (niet verplicht, hoogstens 5)").set_input_files(photo)
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()


def test_a_burglary_risk_goes_from_phone_to_police_and_back_with_feedback(
    page: Page, browser, live_server, world: World, tmp_path
):
    photo = tmp_path / "ladder.jpg"
    photo.write_bytes(jpeg_bytes(size=(800, 600), exif_gps=True))
    log_in(page, live_server.url, world.volunteer.email)
    report(
        page,
        live_server.url,
        category="Inbraakrisico",
        street="Molenweg",
        description="Ladder tegen de achtergevel van nummer 8, raam erboven staat open.",
        photo=str(photo),
    )
    signal = Signal.objects.latest("pk")
    assert signal.photos.count() == 1
    expect(page.get_by_role("img", name="Foto 1")).to_be_visible()
    assert_accessible(page)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server.url, world.partner_a.email)
    desk.goto(f"{live_server.url}/partner/")
    row = desk.locator(f"#signal-row-{signal.pk}")
    expect(row).to_contain_text("Inbraakrisico")
    assert_accessible(desk)
    row.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(row.get_by_text("ontvangen")).to_be_visible()
    row.get_by_role("link", name="Afhandelen met terugkoppeling").click()
    desk.get_by_role("button", name="Dank je voor je melding. We houden dit").click()
    feedback = desk.get_by_label("Terugkoppeling aan het team")
    expect(feedback).to_have_value(
        "Dank je voor je melding. We houden dit de komende weken in de gaten; meld het gerust "
        "opnieuw als het terugkomt."
    )
    feedback.fill("Dank je! De bewoner is gewaarschuwd en heeft de ladder weggehaald.")
    desk.locator(f"#signal-form-{signal.pk}").get_by_role(
        "button", name="Afhandelen met terugkoppeling"
    ).click()
    expect(desk.locator(f"#signal-row-{signal.pk}")).to_contain_text("afgehandeld")
    desk.context.close()

    page.goto(f"{live_server.url}{signal.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text("De bewoner is gewaarschuwd")
    expect(page.get_by_text("afgehandeld").first).to_be_visible()


def test_a_care_signal_reaches_only_the_welfare_partner(
    page: Page, browser, live_server, world: World
):
    log_in(page, live_server.url, world.volunteer.email)
    report(
        page,
        live_server.url,
        category="Zorgen om een bewoner",
        street="Dijkstraat",
        description="Brievenbus puilt al een week uit, niemand doet open.",
    )
    signal = Signal.objects.latest("pk")
    assert signal.responsible == world.org_b

    others = {}
    for persona in ("partner_b", "partner_a", "coordinator"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        others[persona] = context.new_page()
        log_in(others[persona], live_server.url, getattr(world, persona).email)

    welfare = others["partner_b"]
    welfare.goto(f"{live_server.url}/partner/")
    expect(welfare.locator(f"#signal-row-{signal.pk}")).to_contain_text("Zorgen om een bewoner")
    welfare.goto(f"{live_server.url}{signal.get_absolute_url()}")
    expect(welfare.get_by_text("Brievenbus puilt al een week uit")).to_be_visible()

    police = others["partner_a"]
    police.goto(f"{live_server.url}/partner/")
    expect(police.locator(f"#signal-row-{signal.pk}")).to_have_count(0)
    response = police.goto(f"{live_server.url}{signal.get_absolute_url()}")
    assert response.status == 404

    coordinator = others["coordinator"]
    coordinator.goto(f"{live_server.url}/signalen/")
    expect(coordinator.get_by_text(f"Zorgsignaal #{signal.pk} overgedragen")).to_be_visible()
    expect(coordinator.get_by_text("Brievenbus")).to_have_count(0)
    for other in others.values():
        other.context.close()


def test_the_regional_pages_and_the_map_are_accessible(page: Page, live_server, world: World):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, world.admin.email)
    for path, heading in [
        ("/signalen/regio/", "Regionale wachtrij"),
        ("/signalen/statistiek/", "Regionale cijfers"),
        ("/signalen/routering/", "Wie ontvangt wat?"),
        ("/signalen/kaart/", "Kaart van signalen"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{live_server.url}/signalen/statistiek/")
    # Signals per category and per wijk; no organisation has acknowledged one yet, so the
    # reaction times are a sentence instead of a chart.
    expect(page.locator("canvas[data-drawn='true']")).to_have_count(2)
    expect(page.locator("canvas")).to_have_count(2)


def test_an_observation_from_the_patrol_log_is_sent_as_a_signal(
    page: Page, live_server, world: World
):
    """The hand-off from a round to a report: the form the page fills in is the form that is
    sent (a hidden field with an object's text once sent the volunteer back to "Waar?")."""
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{world.log.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("^Melden als signaal.*fietsen niet op slot")).click()
    expect(page.get_by_text(f"ronde in {world.log.area}")).to_be_visible()
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    expect(page.get_by_label("Inbraakrisico")).to_be_checked()
    page.get_by_role("button", name="Verder").first.click()
    expect(page.get_by_label("Straat")).to_have_value("")
    page.get_by_label("Straat").fill("Kerkstraat")
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Wat zag je?").fill("Drie fietsen zonder slot bij de ingang van de flat.")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()
    signal = Signal.objects.get(source_observation__log=world.log)
    assert (signal.street, signal.category.code, signal.responsible) == (
        "Kerkstraat",
        "burglary-risk",
        world.org_a,
    )
