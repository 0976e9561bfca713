"""The regional queue on a phone and at a desk: a care signal its partner sent back is routed
again by an administrator who may not read it."""

import pytest
from playwright.sync_api import Page, expect

from signalen import services
from signalen.models import SignalEvent

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desk"])
def test_a_care_signal_sent_back_is_routed_from_the_queue_without_its_contents(
    page: Page, live_server, world: World, viewport
):
    signal = world.care_signal
    services.signal_act(
        signal=signal,
        action=SignalEvent.Kind.REJECT,
        actor=world.partner_b,
        text="Geen bewoner die wij kennen.",
    )
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, live_server.url, world.admin.email)
    page.goto(f"{live_server.url}/signalen/regio/")
    item = page.get_by_role("listitem").filter(has_text=f"#{signal.pk}")
    expect(item).to_contain_text(signal.category.name)
    assert_accessible(page)
    item.get_by_role("link", name="Naar een organisatie sturen").click()

    # What routing needs, and nothing of what the reporter wrote.
    expect(page.get_by_text(signal.category.name)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(signal.description)
    expect(page.locator("main")).not_to_contain_text(signal.street)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    assert_accessible(page)
    page.get_by_label("Organisatie").select_option(label=world.org_b.name)
    page.get_by_role("button", name="Naar een organisatie sturen").click()

    expect(page).to_have_url(f"{live_server.url}/signalen/regio/")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        world.org_b.name
    )
    expect(page.get_by_text(f"#{signal.pk}")).to_have_count(0)
    signal.refresh_from_db()
    assert signal.responsible == world.org_b
