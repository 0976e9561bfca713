"""Paper where people want paper: the roster of a month, a blank patrol log and a training's
attendance list print from Chromium on one A4 each, without the app around them."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from teams.models import Observation, Shift, ShiftSignup
from trainingen.models import Participant, Seat

from ..conftest import World
from ..factories import MembershipFactory, UserFactory, ready
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def printed_pages(page: Page) -> int:
    """The page printed to PDF as Chromium prints it (print styles, A4)."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    if os.environ.get("PRINT_DIR"):  # to look at them: the PDF, and the page at A4's width
        name = Path(os.environ["PRINT_DIR"], page.url.split("?")[0].rstrip("/").split("/")[-1])
        name.with_suffix(".pdf").write_bytes(pdf)
        page.set_viewport_size({"width": 720, "height": 1000})
        page.screenshot(path=name.with_suffix(".png"), full_page=True)
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def assert_paper(page: Page, *texts: str) -> None:
    page.emulate_media(media="print")
    for text in texts:
        expect(page.locator("main").get_by_text(text, exact=False).first).to_be_visible()
    # Navigation, the emergency bar and the buttons stay on the screen.
    expect(page.locator(".app-navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    assert printed_pages(page) == 1
    page.emulate_media(media="screen")


def test_a_busy_month_of_the_roster_prints_on_one_page(page: Page, live_server, world: World):
    # A round every day of next month, each with four people: the fullest month there is.
    crew = [world.volunteer_membership] + [
        ready(MembershipFactory.create(team=world.team_a, user__first_name=name))
        for name in ("Annemarie", "Bartholomeus", "Christiaan")
    ]
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    day = first
    while day.month == first.month:
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(21)))
        shift = Shift.objects.create(
            team=world.team_a,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            meeting_point="Buurthuis De Kern, achteringang",
            max_people=4,
        )
        ShiftSignup.objects.bulk_create(ShiftSignup(shift=shift, membership=m) for m in crew)
        day += datetime.timedelta(days=1)

    log_in(page, live_server.url, world.coordinator.email)
    url = reverse("teams:roster_print", args=[world.team_a.pk])
    page.goto(f"{live_server.url}{url}?maand={first:%Y-%m}")
    month = Shift.objects.filter(
        team=world.team_a, starts_at__date__gte=first, starts_at__date__lt=day
    )
    assert month.count() >= 28
    expect(page.locator("tbody tr")).to_have_count(month.count())
    assert_paper(page, "Rooster van Team Noord", "Bartholomeus", "Buurthuis De Kern")


def test_a_blank_patrol_log_prints_on_one_page(page: Page, live_server, world: World):
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{world.shift.get_absolute_url()}")
    page.get_by_role("link", name="Leeg rondeverslag afdrukken").click()
    assert_paper(
        page,
        "Rondeverslag",
        world.volunteer.first_name,
        str(Observation.Kind.choices[0][1]).capitalize(),
        "Bel 112",
    )


def test_the_attendance_list_of_a_session_prints_on_one_page(page: Page, live_server, world: World):
    session = world.training_seat.session
    for n in range(24):
        participant = Participant.objects.create(
            cohort=session.cohort,
            user=UserFactory.create(first_name=f"Deelnemer{n}", last_name="van der Achternaam"),
            team=world.team_a,
        )
        Seat.objects.create(session=session, participant=participant, status=Seat.Status.ACCEPTED)
    log_in(page, live_server.url, world.admin.email)
    page.goto(f"{live_server.url}{reverse('trainingen:attendance', args=[session.pk])}")
    page.get_by_role("link", name="Presentielijst afdrukken").click()
    assert_paper(page, "Presentielijst", "Deelnemer23 van der Achternaam", "Handtekening")
