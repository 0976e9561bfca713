"""An in-app message on a 390 px phone: a long address in its text is a link that wraps, and
the page never scrolls sideways."""

import pytest
from playwright.sync_api import Page, expect

from notifications.services import Attachment

from ..conftest import World
from ..factories import inbox_message
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "https://www.gemeente-havenstad.example.nl/veiligheid/buurtpreventie/" + "a1b2c3" * 20
LONG_EMAIL = "aanmeldingen.buurtpreventie.oude-haven-noord@gemeente-havenstad.example.nl"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def test_a_message_with_long_addresses_fits_a_phone(page: Page, live_server, world: World):
    message = inbox_message(
        world.volunteer,
        "Uitnodiging: Gespreksvaardigheidstrainingsbijeenkomstvoorbereiding",
        f"Meer informatie: {LONG_URL}\n\nVragen? Mail naar {LONG_EMAIL}.",
        "long-addresses",
        attachments=[Attachment("uitnodiging.ics", ICS, "text/calendar; method=REQUEST").as_json()],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}/berichten/{message.pk}/")

    expect(page.get_by_role("link", name=LONG_URL)).to_have_attribute("href", LONG_URL)
    expect(page.get_by_role("link", name=LONG_EMAIL)).to_have_attribute(
        "href", f"mailto:{LONG_EMAIL}"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for link in (
        page.get_by_role("link", name=LONG_URL),
        page.get_by_role("link", name=LONG_EMAIL),
    ):
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390

    with page.expect_download() as download:
        page.get_by_role("link", name="Zet in agenda").click()
    assert download.value.suggested_filename == "uitnodiging.ics"
    assert_accessible(page)
