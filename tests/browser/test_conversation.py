"""The conversation on a signal, on a phone and at a desk: the partner writes, the reporter
reads it on the signal's page and answers."""

import pytest
from playwright.sync_api import Page, expect

from signalen.models import SignalEvent

from ..conftest import World
from .helpers import assert_accessible, log_in
from .test_readable import TOO_WIDE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desk"])
def test_the_partner_writes_and_the_reporter_answers(
    page: Page, browser, live_server, world: World, size: tuple[int, int]
):
    width, height = size
    url = f"{live_server.url}{world.signal.get_absolute_url()}"
    partner = browser.new_context(viewport={"width": width, "height": height}).new_page()
    log_in(partner, live_server.url, world.partner_a.email)
    partner.goto(url)
    partner.get_by_label("Je bericht").fill("Staat het raam op de eerste verdieping nog open?")
    partner.get_by_role("button", name="Bericht sturen").click()
    expect(partner.get_by_text("Je bericht staat in het gesprek.")).to_contain_text(
        "Er is een bericht gestuurd naar de melder en de coördinatoren van het team."
    )
    mine = partner.locator(".conversation-mine")
    expect(mine).to_contain_text("Politie Noord")
    expect(mine).to_contain_text("Staat het raam op de eerste verdieping nog open?")

    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(url)
    question = page.locator(".conversation-said").filter(has_text="Politie Noord")
    expect(question).to_contain_text("Staat het raam op de eerste verdieping nog open?")
    assert page.evaluate(TOO_WIDE) == []
    assert_accessible(page)
    page.get_by_label("Je bericht").fill("Nee, de bewoner is thuis en heeft het dichtgedaan.")
    page.get_by_role("button", name="Bericht sturen").click()
    expect(page.get_by_text("Er is een bericht gestuurd naar Politie Noord.")).to_be_visible()
    expect(page.locator(".conversation-mine")).to_contain_text("Vera (melder)")

    partner.reload()
    answer = partner.locator(".conversation-said").filter(has_text="Vera (melder)")
    expect(answer).to_contain_text("Nee, de bewoner is thuis en heeft het dichtgedaan.")
    assert partner.evaluate(TOO_WIDE) == []
    assert_accessible(partner)
    partner.context.close()
    said = world.signal.events.filter(kind=SignalEvent.Kind.MESSAGE)
    assert said.count() == 2
