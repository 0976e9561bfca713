"""Who sees what: care signals are for the reporter and the responsible partner only."""

import csv
import io
import json

import pytest
from django.urls import reverse

from notifications.models import Notification
from privacy.models import AccessLogEntry

from ..conftest import World
from ..factories import MembershipFactory, signal_factory
from ..support.streaming import body
from .test_inbox import shown

CARE_TEXT = "Gordijnen zijn al vijf dagen dicht"


@pytest.mark.parametrize(
    ("persona", "status", "sees_contents"),
    [
        ("volunteer", 200, True),  # the reporter
        ("partner_b", 200, True),  # the responsible care partner
        ("coordinator", 200, False),  # only that it was handed over, and its status
        ("admin", 200, False),
        ("partner_a", 404, False),
        ("other_coordinator", 404, False),
    ],
)
def test_a_care_signal_shows_its_contents_only_to_reporter_and_care_partner(
    world: World, persona, status, sees_contents
):
    response = world.client(persona).get(world.care_signal.get_absolute_url())
    assert response.status_code == status
    html = response.content.decode()
    assert (CARE_TEXT in html) is sees_contents
    if status == 200 and not sees_contents:
        assert "Zorgsignaal" in html
        assert "Kerkstraat" not in html


def test_every_read_of_a_care_signal_is_logged(world: World):
    world.client("partner_b").get(world.care_signal.get_absolute_url())
    world.client("volunteer").get(world.care_signal.get_absolute_url())
    world.client("coordinator").get(world.care_signal.get_absolute_url())  # summary: no read
    world.client("partner_a").get(world.signal.get_absolute_url())  # normal: not logged
    entries = AccessLogEntry.objects.filter(action="care_read")
    care_id = str(world.care_signal.pk)
    assert {(e.user, e.object_type, e.object_id) for e in entries} == {
        (world.partner_b, "signal", care_id),
        (world.volunteer, "signal", care_id),
    }
    assert all(e.ip_address == "127.0.0.1" for e in entries)


def test_lists_show_each_role_only_its_signals(world: World):
    other_team = signal_factory(
        reporter=MembershipFactory.create(team=world.team_b).user, team=world.team_b
    )

    def ids(page):
        return {s.pk for s in page.object_list}

    mine = world.client("volunteer").get(reverse("signalen:signal_list")).context
    assert ids(mine["mine"]) == {world.signal.pk, world.care_signal.pk}
    assert mine["team"] is None

    coordinator = world.client("coordinator").get(reverse("signalen:signal_list"))
    assert ids(coordinator.context["team"]) == {world.signal.pk, world.care_signal.pk}
    assert CARE_TEXT not in coordinator.content.decode()

    inbox_a = world.client("partner_a").get(reverse("signalen:partner_inbox"))
    assert set(shown(inbox_a)) == {world.signal.pk, other_team.pk}
    inbox_b = world.client("partner_b").get(reverse("signalen:partner_inbox"))
    assert set(shown(inbox_b)) == {world.care_signal.pk}


def test_a_partner_of_another_organisation_gets_404_everywhere(world: World):
    client = world.client("partner_b")
    assert client.get(world.signal.get_absolute_url()).status_code == 404
    photo = world.signal.photos.get()
    assert client.get(photo.get_absolute_url()).status_code == 404
    action = reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"])
    assert client.post(action).status_code == 404


def test_the_map_never_shows_care_signals(world: World):
    for signal in (world.signal, world.care_signal):
        type(signal).objects.filter(pk=signal.pk).update(latitude=51.92, longitude=4.48)
    for persona in ("volunteer", "partner_b", "admin", "coordinator"):
        response = world.client(persona).get(reverse("signalen:signal_map"))
        shown = {s.pk for s in response.context["signals"]}
        points = json.loads(response.context["map_config"])["points"]
        assert world.care_signal.pk not in shown
        assert all(f"/signalen/{world.care_signal.pk}/" != p["url"] for p in points)
    assert world.signal.pk in {
        s.pk
        for s in world.client("volunteer").get(reverse("signalen:signal_map")).context["signals"]
    }


def export(client) -> list[dict]:
    response = client.get(reverse("signalen:signal_export"))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(
        csv.DictReader(
            io.StringIO(body(response).decode().lstrip("\ufeff")),
            delimiter=";",
        )
    )
    return rows


def test_exports_are_scoped_and_carry_no_reporter_data(world: World):
    coordinator_rows = export(world.client("coordinator"))
    assert {int(r["nummer"]) for r in coordinator_rows} == {world.signal.pk}
    care_partner_rows = export(world.client("partner_b"))
    assert {int(r["nummer"]) for r in care_partner_rows} == {world.care_signal.pk}
    outsider_rows = export(world.client("other_coordinator"))
    assert outsider_rows == []
    text = json.dumps(coordinator_rows + care_partner_rows)
    assert world.volunteer.email not in text
    assert world.volunteer.first_name not in text
    assert AccessLogEntry.objects.filter(action="export").count() == 3


def test_formulas_in_exported_text_are_neutralised(world: World):
    signal_factory(reporter=world.volunteer, team=world.team_a, description="=cmd|' /C calc'!A0")
    rows = export(world.client("partner_a"))
    descriptions = [r["beschrijving"] for r in rows]
    assert "'=cmd|' /C calc'!A0" in descriptions


def test_care_signal_emails_carry_no_contents(world: World):
    messages = Notification.objects.filter(link=world.care_signal.get_absolute_url())
    assert messages.exists()
    for message in messages:
        assert CARE_TEXT not in message.body_text
        assert CARE_TEXT not in message.body_html
        assert "Dijkstraat" not in message.subject
    normal = Notification.objects.filter(link=world.signal.get_absolute_url(), channel="email")
    assert any("Raam op de eerste verdieping" in n.body_text for n in normal)
