import pytest
from playwright.sync_api import Page, expect

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_logs_in_on_a_phone_sees_dutch_and_switches_to_english(
    page: Page, live_server, world: World
):
    log_in(page, live_server.url, world.volunteer.email)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {world.volunteer.first_name}")
    expect(page.get_by_role("heading", name="Mijn team: Team Noord")).to_be_visible()
    expect(page.get_by_role("link", name="Gevaar? Bel 112")).to_have_attribute("href", "tel:112")
    assert_accessible(page)

    # The menu folds away on a phone.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Bevoegdheden en grenzen", exact=True)).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello {world.volunteer.first_name}")
    expect(page.get_by_role("heading", name="My team: Team Noord")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {world.volunteer.first_name}")


def test_the_login_and_team_pages_are_accessible_at_phone_and_desktop_size(
    page: Page, live_server, world: World
):
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/account/login/")
        assert_accessible(page)
    log_in(page, live_server.url, world.coordinator.email)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}{world.team_a.get_absolute_url()}")
        expect(page.get_by_role("heading", name="Team Noord")).to_be_visible()
        assert_accessible(page)
