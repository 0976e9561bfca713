"""The partner inbox in a browser: a card per signal on a phone, a grid at a desk, bulk
acknowledge and a saved filter."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from signalen.models import SavedFilter, Signal, Status

from ..conftest import World
from ..factories import signal_factory
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = ViewportSize(width=390, height=844)
DESK = ViewportSize(width=1280, height=800)


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_each_signal_shows_its_deadline_and_action_within_the_width(
    page: Page, live_server, world: World, viewport
):
    signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        street="Burgemeester van Walsum-Nieuwenhuijzenlaan",
    )
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, world.partner_a.email)
    page.goto(f"{live_server.url}/partner/")
    row = page.locator(f"#signal-row-{world.signal.pk}")
    expect(row).to_contain_text("Inbraakrisico")
    no_horizontal_scroll(page)
    width = viewport["width"]
    for part in (
        row.locator(".inbox-deadline"),
        row.get_by_role("button", name="Ontvangst bevestigen"),
    ):
        expect(part).to_be_visible()
        box = part.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    expect(row.locator(".inbox-deadline")).to_contain_text("nog")
    # The title keeps its words on one line: no word a line.
    title = row.locator(".inbox-title a")
    lines = title.evaluate(
        "a => Math.round(a.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(a).lineHeight))"
    )
    assert lines == 1
    if viewport is DESK:
        # One row of the grid: title, place, status, deadline and action side by side.
        boxes = [
            row.locator(cls).bounding_box()
            for cls in (".inbox-title", ".inbox-place", ".inbox-deadline", ".inbox-actions")
        ]
        assert all(boxes)
        lefts = [box["x"] for box in boxes]  # type: ignore[index]
        assert lefts == sorted(lefts)
        top = max(box["y"] for box in boxes)  # type: ignore[index]
        assert all(top < box["y"] + box["height"] for box in boxes)  # type: ignore[index]
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_a_partner_acknowledges_several_signals_at_once(
    page: Page, live_server, world: World, viewport
):
    second = signal_factory(reporter=world.volunteer, team=world.team_a)
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, world.partner_a.email)
    page.goto(f"{live_server.url}/partner/")
    page.get_by_label(f"Aanvinken #{world.signal.pk}").check()
    page.get_by_label(f"Aanvinken #{second.pk}").check()
    page.locator("#inbox-bulk").get_by_role("button", name="Ontvangst bevestigen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Je hebt de ontvangst van 2 signalen bevestigd."
    )
    assert set(Signal.objects.values_list("status", flat=True).filter(responsible=world.org_a)) == {
        Status.ACKNOWLEDGED
    }
    expect(page.locator(f"#signal-row-{second.pk}")).to_contain_text("ontvangen")


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_a_partner_saves_a_search_and_opens_it_again(
    page: Page, live_server, world: World, viewport
):
    ladder = signal_factory(
        reporter=world.volunteer, team=world.team_a, description="Een ladder tegen de gevel."
    )
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, world.partner_a.email)
    page.goto(f"{live_server.url}/partner/")
    page.get_by_label("Zoeken").fill("ladder")
    page.get_by_label("Sorteren op").select_option(label="Oudste eerst")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".inbox-item")).to_have_count(1)
    expect(page.locator(f"#signal-row-{ladder.pk}")).to_be_visible()
    page.get_by_placeholder("Naam voor deze filters").fill("Ladders")
    page.get_by_role("button", name="Filters opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Filter Ladders opgeslagen.")
    query = SavedFilter.objects.get(user=world.partner_a).query
    assert query.startswith("q=ladder&sort=age&status=new")

    page.goto(f"{live_server.url}/partner/")
    expect(page.locator(".inbox-item")).to_have_count(2)
    page.get_by_role("link", name="Ladders").click()
    expect(page.locator(".inbox-item")).to_have_count(1)
    expect(page.get_by_label("Zoeken")).to_have_value("ladder")
