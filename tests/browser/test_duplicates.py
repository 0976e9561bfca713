"""'Al gemeld?': a volunteer reporting what was reported already adds an observation to it
instead, on a phone and at a desk, and the partner reads it on the signal's timeline."""

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desk"])
def test_a_volunteer_adds_an_observation_to_what_was_reported_already(
    browser: Browser, live_server, world: World, viewport
):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    # The coordinator reads the team's signals, so the volunteer's ladder is suggested.
    log_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_label("Inbraakrisico").check()
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Straat").fill("kerkstraat")
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()

    suggestion = page.get_by_role("region", name="Al gemeld? Voeg je waarneming toe")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Kerkstraat")
    expect(suggestion).not_to_contain_text(world.signal.description)
    add = suggestion.get_by_role("link", name="Voeg je waarneming toe")
    expect(add).to_be_in_viewport()
    assert_accessible(page)
    add.click()

    page.get_by_label("Wat zag je?").fill("Vanavond stond de ladder er nog, nu bij het zijraam.")
    page.get_by_role("button", name="Waarneming toevoegen").click()
    expect(
        page.get_by_text(f"Je waarneming is toegevoegd aan signaal #{world.signal.pk}.")
    ).to_be_visible()
    assert_accessible(page)
    context.close()

    desk = browser.new_context(viewport={"width": width, "height": height}).new_page()
    log_in(desk, live_server.url, world.partner_a.email)
    desk.goto(f"{live_server.url}{world.signal.get_absolute_url()}")
    timeline = desk.locator("ol.conversation")
    expect(timeline).to_contain_text("Waarneming toegevoegd")
    expect(timeline).to_contain_text("Vanavond stond de ladder er nog, nu bij het zijraam.")
    desk.context.close()
