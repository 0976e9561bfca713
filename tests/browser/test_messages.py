import pytest
from playwright.sync_api import Page, expect

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_reads_a_message_from_the_bell_and_chooses_a_daily_digest(
    page: Page, live_server, world: World
):
    log_in(page, live_server.url, world.volunteer.email)
    bell = page.get_by_role("link", name="Berichten 1 ongelezen bericht")
    expect(bell).to_be_visible()
    bell.click()

    expect(page.get_by_role("heading", name="Berichten", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Markeer als gelezen").click()
    # Marked in place, without a page load: the button goes and the bell's count with it.
    expect(page.get_by_role("button", name="Markeer als gelezen")).to_have_count(0)
    expect(page.get_by_role("link", name="Berichten", exact=True)).to_be_visible()
    world.volunteer_message.refresh_from_db()
    assert world.volunteer_message.read_at is not None

    page.get_by_role("link", name="E-mailinstellingen").click()
    page.get_by_role("group", name="Iemand is bij mijn team gekomen").get_by_label(
        "in een dagelijks overzicht"
    ).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je instellingen voor berichten zijn opgeslagen.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Iemand is bij mijn team gekomen").get_by_label(
            "in een dagelijks overzicht"
        )
    ).to_be_checked()
    assert_accessible(page)
