"""ASVS V4 (access control) and V13: a GET changes nothing. Opening a message once marked it
read; now the page posts that itself once it is shown (or the person presses the button), so
a link checker or a prefetch that follows the address leaves the message unread."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from notifications.models import Notification

from ..browser.helpers import log_in
from ..conftest import World
from ..support.forms import forms_of


def test_opening_a_message_leaves_it_unread_until_the_page_posts_read(world: World):
    client = world.client("volunteer")
    message = world.volunteer_message
    page = client.get(reverse("notifications:message_detail", args=[message.pk]))
    assert page.status_code == 200
    message.refresh_from_db()
    assert message.read_at is None

    mark = reverse("notifications:mark_read", args=[message.pk])
    form = next(f for f in forms_of(page.content.decode()) if f.action == mark)
    assert form.method == "post"
    assert client.post(form.action, form.submission()).status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
    again = client.get(reverse("notifications:message_detail", args=[message.pk]))
    assert mark not in again.content.decode()  # read: nothing left to post


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_message_opened_in_the_browser_is_marked_read_and_leaves_the_bell(
    page: Page, live_server, world: World
):
    unread = Notification.objects.inbox_of(world.volunteer).unread().count()
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}/berichten/")
    page.locator(f"#message-{world.volunteer_message.pk}").get_by_role(
        "link", name=world.volunteer_message.subject
    ).click()
    expect(page.get_by_role("heading", name=world.volunteer_message.subject)).to_be_visible()
    expect(
        page.get_by_role("link", name=f"Berichten {unread - 1} ongelezen berichten")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Markeer als gelezen")).to_have_count(0)
    world.volunteer_message.refresh_from_db()
    assert world.volunteer_message.read_at is not None
