import pytest
from playwright.sync_api import Page, expect

from notifications.models import Notification

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_reads_a_message_from_the_bell_and_chooses_a_daily_digest(
    page: Page, live_server, world: World
):
    unread = Notification.objects.inbox_of(world.volunteer).unread().count()
    log_in(page, live_server.url, world.volunteer.email)
    bell = page.get_by_role("link", name=f"Berichten {unread} ongelezen berichten")
    expect(bell).to_be_visible()
    bell.click()

    expect(page.get_by_role("heading", name="Berichten", level=1)).to_be_visible()
    assert_accessible(page)
    message = page.locator(f"#message-{world.volunteer_message.pk}")
    message.get_by_role("button", name="Markeer als gelezen").click()
    # Marked in place, without a page load: the button goes and the bell counts one less.
    expect(message.get_by_role("button", name="Markeer als gelezen")).to_have_count(0)
    expect(
        page.get_by_role("link", name=f"Berichten {unread - 1} ongelezen berichten")
    ).to_be_visible()
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
