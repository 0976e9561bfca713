"""On a phone: "Zet in agenda" on a shift downloads a calendar file, and the calendar page
offers the feed as a one-tap webcal:// subscription."""

from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Page, expect

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_adds_a_shift_and_subscribes_on_a_phone(page: Page, live_server, world: World):
    assert page.viewport_size == {"width": 390, "height": 844}
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{world.shift.get_absolute_url()}")
    link = page.get_by_role("link", name="Zet in agenda")
    expect(link).to_be_visible()
    assert_accessible(page)

    responses = []
    page.on("response", lambda r: responses.append(r) if r.url.endswith("/agenda.ics") else None)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("ronde-")
    assert download.suggested_filename.endswith(".ics")
    (response,) = responses
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == f"shift-{world.shift.pk}@buurtpreventie"
    assert event.decoded("DTSTART") == world.shift.starts_at

    page.goto(f"{live_server.url}/rooster/")
    page.get_by_role("link", name="In mijn agenda").click()
    subscribe = page.get_by_role("link", name="Abonneren in je agenda-app")
    expect(subscribe).to_be_visible()
    feed_url = page.get_by_label("Je persoonlijke agenda-adres").input_value()
    assert feed_url.startswith(f"{live_server.url}/rooster/agenda/")
    rest = feed_url.split("://", 1)[1]
    assert subscribe.get_attribute("href") == f"webcal://{rest}"
    assert_accessible(page)
