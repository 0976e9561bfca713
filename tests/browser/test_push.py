"""Push messages in Chromium: the profile explains them and asks for permission only when
the button is pressed; the service worker's part (static/js/sw-push.js) shows what the server
sends, one notification per message however often it arrives.

Headless Chromium has no push service to subscribe with (the end-to-end proof, with a push
service on 127.0.0.1, is tests/notifications/test_push.py); DevTools delivers the messages
to the worker here, as a push service would.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from notifications import push
from notifications.models import Notification, PushSubscription

from ..conftest import World
from .helpers import assert_accessible, controlled, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCOPE = "/"  # the site's own service worker


def test_the_profile_explains_push_and_asks_for_permission_only_when_pressed(
    page: Page, live_server, world: World, vapid
):
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}/profiel/")
    expect(page.get_by_role("heading", name="Pushberichten")).to_be_visible()
    expect(page.get_by_text("zegt alleen dat er een nieuw zorgsignaal is")).to_be_visible()
    expect(page.get_by_text("alleen als de dienst binnen 24 uur begint")).to_have_count(2)
    button = page.get_by_role("button", name="Zet pushberichten aan op dit apparaat")
    expect(button).to_be_visible()
    assert page.evaluate("() => Notification.permission") == "default"  # nothing asked yet
    assert_accessible(page)

    # Headless Chromium answers the question itself, with no: the page says what to do.
    button.click()
    expect(page.get_by_role("status")).to_have_text(
        "Je browser blokkeert pushberichten van deze site. Sta ze toe in de instellingen van"
        " je browser en probeer het opnieuw."
    )
    assert not PushSubscription.objects.exists()


def message(pk: int, **fields) -> str:
    """What the server sends for an outbox row (notifications.push.payload)."""
    row = Notification(
        pk=pk,
        subject=fields.get("subject", "Je ronde gaat niet door"),
        body_text=fields.get("body", "De ronde van vanavond om 22:00 gaat niet door."),
        link=fields.get("link", "/rooster/diensten/7/"),
        language="nl",
    )
    return json.dumps(push.payload(row))


def shown(page: Page) -> list[dict]:
    return page.evaluate(
        """async (scope) => {
            const registration = await navigator.serviceWorker.getRegistration(scope);
            const shown = await registration.getNotifications();
            return shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}));
        }""",
        SCOPE,
    )


def shown_within(page: Page, count: int, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while len(shown(page)) < count:
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(200)
    return True


def until_shown(page: Page, count: int) -> list[dict]:
    deadline = time.monotonic() + 30
    while len(notifications := shown(page)) != count:
        assert time.monotonic() < deadline, f"{len(notifications)} notifications, not {count}"
        page.wait_for_timeout(200)
    return notifications


def test_the_service_worker_shows_a_message_once_and_opens_only_this_site(
    page: Page, context: BrowserContext, live_server, world: World
):
    context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto(f"{live_server.url}/bevoegdheden/")
    # The site's own service worker (/sw.js, registered by every page) imports sw-push.js.
    controlled(page)
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 30
    site = f"{live_server.url}{SCOPE}"
    while not [r for r in registrations if r["scopeURL"] == site]:
        assert time.monotonic() < deadline, registrations
        page.wait_for_timeout(100)  # Playwright hands over DevTools events while it waits
    (ours,) = {r["registrationId"] for r in registrations if r["scopeURL"] == site}

    def deliver(data: str) -> None:
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": ours, "data": data},
        )

    # On a busy machine the worker may still be starting when the first message arrives
    # and drop it; a push service delivers again, and the same message shows once.
    for _attempt in range(3):
        deliver(message(41))
        if shown_within(page, 1, seconds=10):
            break
    (notification,) = until_shown(page, 1)
    assert notification == {
        "title": "Je ronde gaat niet door",
        "body": "De ronde van vanavond om 22:00 gaat niet door.",
        "tag": "buurtpreventie-41",
        "url": f"{live_server.url}/rooster/diensten/7/",
    }
    # The same message again (a retry after the push service had it): still one.
    deliver(message(41))
    page.wait_for_timeout(1000)
    assert len(until_shown(page, 1)) == 1
    # Another message, with a link to somewhere else: it opens this site's home instead.
    deliver(message(42, subject="Nieuw signaal", link="https://elders.example.org/pagina"))
    urls = {n["tag"]: n["url"] for n in until_shown(page, 2)}
    assert urls["buurtpreventie-42"] == f"{live_server.url}/"
