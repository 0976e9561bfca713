"""The volunteer's phone in the street: installable, works without a connection, never
loses a report, and few taps from home to a sent report (390 by 844)."""

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from signalen.models import Signal
from teams.models import PatrolLog

from ..conftest import World
from ..factories import MembershipFactory, jpeg_bytes, ready, shift_factory
from .helpers import controlled, log_in, log_out, until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIZARD = "/signalen/nieuw/"


def test_the_app_is_installable(
    browser_type, browser_type_launch_args, live_server, world: World, tmp_path
):
    """In a browser profile of its own, as on a phone (Playwright's usual contexts are
    private windows, where Chromium never offers to install)."""
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args, viewport={"width": 390, "height": 844}
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        log_in(page, live_server.url, world.volunteer.email)
        controlled(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = page.request.get(f"{live_server.url}/manifest.webmanifest").json()
        assert (manifest["name"], manifest["lang"], manifest["display"]) == (
            "Buurtpreventie",
            "nl",
            "standalone",
        )
    finally:
        context.close()


def fill_report(page: Page, *, street: str, description: str) -> None:
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_label("Inbraakrisico").check()
    page.get_by_role("button", name="Verder").first.click()
    page.get_by_label("Straat").fill(street)
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Wat zag je?").fill(description)


def test_reports_made_without_a_connection_are_sent_once_when_it_returns(
    page: Page, context: BrowserContext, live_server, world: World
):
    """Two reports from the phone's copy of the form, a page reload in between: each
    arrives, once, when the connection is back."""
    log_in(page, live_server.url, world.volunteer.email)
    controlled(page)
    page.goto(f"{live_server.url}{WIZARD}")  # opened once with a connection: kept
    before = Signal.objects.count()

    context.set_offline(True)
    for street in ("Molenweg", "Kerkstraat"):
        page.goto(f"{live_server.url}{WIZARD}")  # from the phone's copy
        expect(page.get_by_text("Je bent offline.")).to_be_visible()
        fill_report(page, street=street, description="Ladder tegen de gevel, raam open.")
        page.get_by_role("button", name="Signaal versturen").click()
        expect(page.get_by_role("heading", name="Verstuurd zodra je bereik hebt")).to_be_visible()

    page.reload()  # the page again, still without a connection: the reports wait
    expect(page.get_by_text("Nog niet verstuurd: 2.")).to_be_visible()
    assert Signal.objects.count() == before

    context.set_offline(False)
    expect(page.get_by_text("Verstuurd nu je bereik hebt: 2.")).to_be_visible(timeout=45000)
    until(lambda: Signal.objects.count() == before + 2, "the signals arriving")
    page.goto(f"{live_server.url}/")
    time.sleep(1)  # a page load that would send again, had the queue kept them
    assert Signal.objects.count() == before + 2
    sent = Signal.objects.order_by("-pk")[:2]
    assert {s.street for s in sent} == {"Molenweg", "Kerkstraat"}
    assert all(s.reporter == world.volunteer for s in sent)
    assert len({s.submission_id for s in sent}) == 2


def test_a_patrol_log_filed_without_a_connection_arrives_once(
    page: Page, context: BrowserContext, live_server, world: World
):
    kees = ready(MembershipFactory.create(team=world.team_a, user__first_name="Kees"))
    shift = shift_factory(world.team_a, days=-0.2, crew=[world.volunteer_membership, kees])
    log_in(page, live_server.url, world.volunteer.email)
    controlled(page)
    url = f"{live_server.url}/rondes/nieuw/{shift.pk}/"
    page.goto(url)  # opened once with a connection: kept

    context.set_offline(True)
    page.goto(url)
    expect(page.get_by_label("Kees")).to_be_checked()
    page.get_by_label("Gelopen straten of gebied").fill("Kerkstraat en het park")
    page.get_by_label("Fietsen niet op slot").fill("2")
    page.get_by_role("button", name="Rondeverslag invullen").click()
    expect(page.get_by_role("heading", name="Verstuurd zodra je bereik hebt")).to_be_visible()
    assert not PatrolLog.objects.filter(shift=shift).exists()

    context.set_offline(False)
    until(lambda: PatrolLog.objects.filter(shift=shift).exists(), "the patrol log arriving")
    page.goto(f"{live_server.url}/")
    time.sleep(1)
    log = PatrolLog.objects.get(shift=shift)
    assert log.area == "Kerkstraat en het park"
    assert {o.kind: o.count for o in log.observations.all()} == {"unlocked_bikes": 2}
    assert log.events.count() == 1


def test_photos_stay_when_the_form_shows_an_error(page: Page, live_server, world: World, tmp_path):
    photo = tmp_path / "ladder.jpg"
    photo.write_bytes(jpeg_bytes(size=(3000, 2000)))
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{WIZARD}")
    fill_report(page, street="Kerkstraat", description="")
    page.get_by_label("Foto's (niet verplicht, hoogstens 5)").set_input_files(str(photo))
    expect(page.get_by_text("Foto's klaar om te versturen: 1")).to_be_visible()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Je foto's zijn er nog.")).to_be_visible()
    page.get_by_label("Wat zag je?").fill("Ladder tegen de achtergevel, raam erboven open.")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()
    signal = Signal.objects.latest("pk")
    (stored,) = signal.photos.all()
    assert max(stored.width, stored.height) <= 2048  # scaled down on the phone


def test_from_home_to_a_sent_report_in_six_taps(page: Page, live_server, world: World):
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        taps += 1
        locator.click()

    log_in(page, live_server.url, world.volunteer.email)
    tap(page.get_by_role("link", name="Iets gezien? Meld een signaal"))
    expect(page.get_by_text("Stap 1 van 4")).to_be_visible()
    tap(page.get_by_role("button", name="Geen acuut gevaar: verder"))
    expect(page.get_by_text("Stap 2 van 4")).to_be_visible()
    tap(page.get_by_label("Inbraakrisico"))
    tap(page.get_by_role("button", name="Verder").first)
    page.get_by_label("Straat").fill("Kerkstraat")  # typing
    tap(page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder"))
    page.get_by_label("Wat zag je?").fill("Fietsen zonder slot bij de ingang.")  # typing
    tap(page.get_by_role("button", name="Signaal versturen"))
    expect(page.get_by_text("Politie Noord heeft het ontvangen")).to_be_visible()
    assert taps <= 6


def test_a_draft_comes_back_and_is_gone_after_logout(page: Page, live_server, world: World):
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{WIZARD}")
    fill_report(page, street="Dorpsstraat", description="Busje rijdt steeds langzaam rond.")
    expect(page.get_by_label("Wat zag je?")).to_have_value("Busje rijdt steeds langzaam rond.")
    time.sleep(1)  # the draft is saved a moment after the typing stops
    page.reload()
    expect(page.get_by_text("Wat je eerder invulde, staat er weer")).to_be_visible()
    expect(page.get_by_label("Inbraakrisico")).to_be_checked()
    expect(page.get_by_label("Straat")).to_have_value("Dorpsstraat")

    log_out(page, world.volunteer.first_name)
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{WIZARD}")
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    expect(page.get_by_label("Inbraakrisico")).not_to_be_checked()
    expect(page.get_by_text("Wat je eerder invulde, staat er weer")).to_be_hidden()
    page.get_by_role("button", name="Verder").first.click()  # refused: nothing chosen
    expect(page.get_by_label("Straat")).to_be_hidden()


def test_what_waits_is_never_sent_in_someone_elses_name(
    page: Page, context: BrowserContext, live_server, world: World
):
    """The session ends without "log out" (cookies gone) and another person logs in on the
    same phone: the first person's waiting report is removed, not sent as theirs."""
    log_in(page, live_server.url, world.volunteer.email)
    controlled(page)
    page.goto(f"{live_server.url}{WIZARD}")
    before = Signal.objects.count()
    context.set_offline(True)
    page.goto(f"{live_server.url}{WIZARD}")
    fill_report(page, street="Molenweg", description="Ladder tegen de gevel, raam open.")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", name="Verstuurd zodra je bereik hebt")).to_be_visible()

    context.clear_cookies()
    context.set_offline(False)
    log_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}/")
    time.sleep(2)  # long enough for a queue to be sent, were it kept
    assert Signal.objects.count() == before
    expect(page.get_by_text("Nog niet verstuurd")).to_be_hidden()
