"""A partner hands a signal to someone outside the application; that person opens the link
from the e-mail without an account and answers; the partner reads the answer."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from notifications.services import notification_deliver

from ..conftest import World
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_an_external_party_answers_through_the_link_in_the_email(
    browser, live_server, world: World, mailoutbox, size
):
    viewport = {"width": size[0], "height": size[1]}
    desk = browser.new_context(viewport=viewport).new_page()
    log_in(desk, live_server.url, world.partner_a.email)
    desk.goto(f"{live_server.url}{world.signal.get_absolute_url()}")
    desk.get_by_text("Per e-mail inschakelen").click()
    desk.get_by_label("E-mailadres").fill("beheer@woonstichting.example")
    desk.get_by_label("Toelichting").fill("Weet u wie hier woont?")
    desk.get_by_label("Straat").check()
    assert_accessible(desk)
    desk.get_by_role("button", name="Link versturen").click()
    expect(desk.get_by_text("Er is een e-mail met een link gestuurd")).to_be_visible()

    row = Notification.objects.get(event="signal_handoff", channel="email")
    if row.status == Notification.Status.PENDING:
        notification_deliver(row.pk)
    (email,) = [m for m in mailoutbox if m.to == ["beheer@woonstichting.example"]]
    path = re.search(r"/extern/[\w-]+/", email.body)
    assert path is not None

    outside = browser.new_context(viewport=viewport).new_page()
    outside.goto(f"{live_server.url}{path.group(0)}")
    expect(outside.get_by_text("Weet u wie hier woont?")).to_be_visible()
    expect(outside.get_by_text(world.signal.street)).to_be_visible()
    expect(outside.get_by_text(world.signal.description)).to_have_count(0)
    assert_accessible(outside)
    outside.get_by_label("Je antwoord op de vraag").fill(
        "Hier woont een oudere dame, wij gaan langs."
    )
    outside.get_by_role("button", name="Antwoord versturen").click()
    expect(outside.get_by_text("Bedankt, we hebben je antwoord ontvangen.")).to_be_visible()
    expect(outside.get_by_role("button", name="Antwoord versturen")).to_have_count(0)

    desk.reload()
    timeline = desk.locator("ol.conversation")
    expect(timeline).to_contain_text("Antwoord van de externe partij")
    expect(timeline).to_contain_text("Hier woont een oudere dame, wij gaan langs.")
    outside.context.close()
    desk.context.close()
