import datetime
import json

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from ..conftest import World
from ..factories import MembershipFactory, ready, shift_factory
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def this_months_patrols(page: Page) -> int:
    chart = page.locator("#patrol-chart").get_attribute("data-chart")
    assert chart is not None
    spec = json.loads(chart)
    return spec["datasets"][0]["data"][-1]


def test_a_volunteer_signs_up_walks_the_round_and_files_the_log_on_a_phone(
    page: Page, browser, live_server, world: World
):
    ready(world.volunteer_membership)
    partner_in_crime = ready(MembershipFactory.create(team=world.team_a, user__first_name="Kees"))
    # Today, a few hours from now, so signing up is still open; not at night (the log checks
    # that the end is not in the future once we travel past it).
    shift = shift_factory(world.team_a, days=3 / 24, crew=[partner_in_crime])

    coordinator = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = coordinator.new_page()
    log_in(desk, live_server.url, world.coordinator.email)

    log_in(page, live_server.url, world.volunteer.email)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Rooster", exact=True).click()
    expect(page.get_by_role("heading", name="Rooster Team Noord")).to_be_visible()
    assert_accessible(page)
    # Late on a Sunday, a shift a few hours ahead is in next week's list.
    today = timezone.localdate()
    if timezone.localtime(shift.starts_at).date() - today >= datetime.timedelta(
        7 - today.weekday()
    ):
        page.get_by_role("link", name="Volgende week").click()
    page.locator(f'a[href="{shift.get_absolute_url()}"]').first.click()
    expect(page.get_by_text("te weinig mensen: 1/4")).to_be_visible()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Je bent aangemeld. Tot dan!")).to_be_visible()
    expect(page.get_by_text("2/4 mensen")).to_be_visible()
    assert_accessible(page)

    with time_machine.travel(shift.ends_at + datetime.timedelta(minutes=30)):
        # The month of the patrol: on New Year's Eve the round ends in the new year.
        desk.goto(f"{live_server.url}{world.team_a.get_absolute_url()}")
        patrols_before = this_months_patrols(desk)
        page.goto(f"{live_server.url}/")
        # Home reminds of the log still to file; ours is the one for this shift.
        page.locator(f'a[href="/rondes/nieuw/{shift.pk}/"]').click()
        expect(page.get_by_role("heading", name="Rondeverslag", level=1)).to_be_visible()
        expect(page.get_by_label("Kees")).to_be_checked()
        expect(page.get_by_label(world.volunteer.get_full_name())).to_be_checked()
        page.get_by_label("Gelopen straten of gebied").fill("Kerkstraat, Molenweg en het park")
        page.get_by_label("Fietsen niet op slot").fill("3")
        page.get_by_label("Kapotte straatverlichting").fill("1")
        assert_accessible(page)
        page.get_by_role("button", name="Rondeverslag invullen").click()

        expect(page.get_by_text("Dank je! Het rondeverslag is ingediend.")).to_be_visible()
        expect(
            page.get_by_role("listitem").filter(has_text="Fietsen niet op slot")
        ).to_contain_text("3")
        expect(
            page.get_by_role("listitem").filter(has_text="Kapotte straatverlichting")
        ).to_contain_text("1")

        page.get_by_role("link", name="← Rondeverslagen").click()
        local_start = timezone.localtime(shift.starts_at)
        expect(page.get_by_text("2 waarnemingen").first).to_be_visible()
        expect(
            page.get_by_role("link", name=local_start.strftime("%H:%M"), exact=False).first
        ).to_be_visible()

        desk.reload()
        expect(desk.locator("#patrol-chart")).to_be_visible()
        assert this_months_patrols(desk) == patrols_before + 1
    coordinator.close()
