"""The inbox and the signal page are kept in the cache between a person's visits (views):
every kind of write they show makes them again, the clock moves their words on, and their
forms keep working after a new login."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications import versions
from signalen import services
from signalen.models import SavedFilter, Signal

from ..conftest import World
from ..factories import PartnerMembershipFactory, UserFactory
from ..support.forms import post_form

pytestmark = pytest.mark.django_db

INBOX = reverse("signalen:partner_inbox")


def content_of(response) -> str:
    """The page's own part, without the base template's (the nonce changes every time)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def row_of(html: str, signal: Signal) -> str:
    found = re.search(rf'<li id="signal-row-{signal.pk}".*?</li>\n', html, re.S)
    assert found, f"no row for #{signal.pk}"
    return found.group(0)


def test_the_kept_inbox_shows_every_kind_of_change(world: World):
    client = world.client("partner_a")
    page = client.get(INBOX).content.decode()
    assert ">nieuw<" in row_of(page, world.signal)
    assert content_of(client.get(INBOX)) in page  # kept: the same page

    # A colleague confirms receipt elsewhere.
    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    page = client.get(INBOX).content.decode()
    assert ">ontvangen<" in row_of(page, world.signal)

    # The administrator renames the category.
    category = world.signal.category
    category.name_nl = "Ladder in de tuin"
    category.save()
    assert "Ladder in de tuin" in row_of(client.get(INBOX).content.decode(), world.signal)

    # A new colleague joins the organisation: they can be assigned signals at once.
    colleague = UserFactory.create(first_name="Fenna", last_name="Vos")
    PartnerMembershipFactory.create(user=colleague, organisation=world.org_a)
    assert "Fenna Vos" in client.get(INBOX).content.decode()
    colleague.first_name = "Femke"
    colleague.save()
    assert "Femke Vos" in client.get(INBOX).content.decode()

    # The person saves a filter on another device.
    SavedFilter.objects.create(user=world.partner_a, name="Ramen", query="q=raam")
    assert ">Ramen</a>" in client.get(INBOX).content.decode()


def test_retention_which_removes_reporters_with_an_update_renews_the_signals():
    from signalen.privacy import retain

    before = versions.read([versions.SIGNALS])
    retain(timezone.now())
    assert versions.read([versions.SIGNALS]) != before


def test_another_organisation_sees_a_forwarded_signal_arrive_and_leave(world: World):
    theirs = world.client("partner_b")
    assert f"signal-row-{world.signal.pk}" not in theirs.get(INBOX).content.decode()
    services.signal_act(
        signal=world.signal,
        action="forward",
        actor=world.partner_a,
        organisation=world.org_b,
        text="Voor jullie",
        outside_area=True,
    )
    assert f"signal-row-{world.signal.pk}" in theirs.get(INBOX).content.decode()
    ours = world.client("partner_a").get(INBOX).content.decode()
    assert f"signal-row-{world.signal.pk}" not in ours


def test_the_kept_inbox_moves_on_with_the_clock(world: World):
    # Five seconds into a minute: ten seconds before it and after it lie in other minutes
    # (a page is kept within its minute), and well within the time the test's cache keeps it.
    deadline = world.signal.acknowledge_deadline.replace(second=5, microsecond=0)
    world.signal.acknowledge_deadline = deadline
    world.signal.save()
    with time_machine.travel(deadline - datetime.timedelta(seconds=10), tick=False):
        client = world.client("partner_a")
        assert "te laat" not in row_of(client.get(INBOX).content.decode(), world.signal)
    with time_machine.travel(deadline + datetime.timedelta(seconds=10), tick=False):
        assert "te laat" in row_of(client.get(INBOX).content.decode(), world.signal)


def test_a_person_who_is_no_longer_a_partner_gets_no_kept_page(world: World):
    client = world.client("partner_a")
    assert client.get(INBOX).status_code == 200
    membership = world.partner_a.partner_memberships.get()
    membership.is_active = False
    membership.save()  # as the admin does
    assert client.get(INBOX).status_code in (302, 403)


def test_the_forms_of_a_kept_page_work_after_logging_in_again(world: World):
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.partner_a)
    first.get(INBOX)  # kept, with forms for the first session's CSRF secret
    again = Client(enforce_csrf_checks=True)  # the same person logs in elsewhere
    again.force_login(world.partner_a)
    html = again.get(INBOX).content.decode()
    form = post_form(html, "name")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', html[html.index('id="saved-filters"') :]
    )
    assert token
    data = {**form.submission(name="Mijn filter"), "csrfmiddlewaretoken": token.group(1)}
    assert again.post(form.action, data).status_code == 302


def test_a_page_read_while_a_write_happened_is_not_kept():
    made = iter(range(10))

    def read_with_a_write_meanwhile() -> int:
        value = next(made)
        if value in (0, 2):
            versions.renew([versions.SIGNALS])  # a request's write lands during the read
        return value

    keys = [versions.SIGNALS]
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 0  # not kept
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 1  # kept
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 1
    versions.renew(keys)
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 2
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 3  # not kept
    assert versions.cached("test", ("a",), keys, read_with_a_write_meanwhile) == 3
    assert versions.cached("test", ("b",), keys, read_with_a_write_meanwhile) == 4  # own value


def test_the_kept_signal_page_shows_every_kind_of_change(world: World):
    client = world.client("partner_a")
    url = world.signal.get_absolute_url()
    assert client.get(url).status_code == 200
    assert content_of(client.get(url)) in client.get(url).content.decode()  # kept

    # A colleague confirms receipt and asks the reporter a question.
    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    services.signal_act(
        signal=world.signal, action="ask", actor=world.partner_a, text="Welk raam precies?"
    )
    assert "Welk raam precies?" in content_of(client.get(url))

    # The team is renamed in the admin.
    world.team_a.name = "Buurtpreventie Nieuwe Naam"
    world.team_a.save()
    assert "Buurtpreventie Nieuwe Naam" in content_of(client.get(url))


def test_every_view_of_a_kept_care_signal_is_logged(world: World):
    from privacy.models import AccessLogEntry

    client = world.client("partner_b")  # the care partner
    url = world.care_signal.get_absolute_url()
    for _ in range(3):
        assert client.get(url).status_code == 200
    reads = AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.CARE_SIGNAL_READ, object_id=world.care_signal.pk
    )
    assert reads.count() == 3
