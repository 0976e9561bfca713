"""A person downloads everything the product holds about them, and nothing about others."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import translation

from notifications.models import NotificationPreference
from signalen.models import Category, SignalEvent
from signalen.privacy import LABELS

from ..conftest import World
from ..factories import signal_factory
from ..support.signin import sign_in


def download(world: World, persona: str, fmt: str):
    return world.client(persona).get(reverse("privacy:my_data_download", args=[fmt]))


def test_the_json_download_holds_every_part_of_a_volunteers_data(world: World):
    NotificationPreference.objects.create(
        user=world.volunteer, event="shift_reminder", delivery="off"
    )
    response = sign_in(world.volunteer).get(reverse("privacy:my_data_download", args=["json"]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"] == world.volunteer.email
    parts = data["parts"]
    assert set(parts) == {"notifications", "privacy", "teams", "signalen", "trainingen"}

    assert parts["teams"]["account"][0]["email"] == world.volunteer.email
    assert [m["team"] for m in parts["teams"]["memberships"]] == ["Team Noord"]
    assert len(parts["teams"]["shift_signups"]) == 3  # shift, past shift, logged shift
    assert [log["area"] for log in parts["teams"]["patrol_logs"]] == [world.log.area]
    assert {s["number"] for s in parts["signalen"]["signals_reported"]} == {
        world.signal.pk,
        world.care_signal.pk,
    }
    descriptions = {s["description"] for s in parts["signalen"]["signals_reported"]}
    assert world.care_signal.description in descriptions  # their own report, care included
    subjects = [m["subject"] for m in parts["notifications"]["messages"]]
    assert world.volunteer_message.subject in subjects  # and the training invitations
    assert len(subjects) == world.volunteer.notifications.count()
    assert parts["notifications"]["preferences"][0]["event"] == "shift_reminder"
    sessions = parts["trainingen"]["training_sessions"]
    assert len(sessions) == world.cohort.sessions.count()
    assert [s["ip_address"] for s in parts["privacy"]["sessions"]] == ["127.0.0.1"]


def test_the_download_holds_nothing_about_other_people(world: World):
    other = signal_factory(
        reporter=world.coordinator, team=world.team_a, description="Andermans melding."
    )
    SignalEvent.objects.create(
        signal=other, kind=SignalEvent.Kind.ASK, actor=world.partner_a, text="Vraag"
    )
    text = download(world, "volunteer", "json").content.decode()
    for foreign in (
        world.coordinator.email,
        world.partner_a.email,
        world.admin.email,
        "Andermans melding.",
        "Vraag",
        "nieuw@example.org",  # an invitation by the coordinator
    ):
        assert foreign not in text


def test_a_partner_sees_what_they_did_on_signals(world: World):
    SignalEvent.objects.create(
        signal=world.signal, kind=SignalEvent.Kind.ASK, actor=world.partner_a, text="Wanneer?"
    )
    parts = json.loads(download(world, "partner_a", "json").content)["parts"]
    assert [a["text"] for a in parts["signalen"]["signal_actions"]] == ["Wanneer?"]
    assert parts["teams"]["partner_memberships"][0]["organisation"] == "Politie Noord"
    assert parts["signalen"]["signals_reported"] == []


def test_the_readable_download_is_a_page_to_keep_with_the_same_data(world: World):
    signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        description='<script>alert("x")</script> fiets bij de deur',
    )
    response = download(world, "volunteer", "html")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].endswith('.html"')
    html = response.content.decode()
    with translation.override("nl"):
        assert f"<h2>{LABELS['signals_reported']}</h2>" in html
    assert world.volunteer.email in html
    assert world.care_signal.description in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_the_page_lists_what_is_held_and_for_how_long(world: World):
    response = world.client("volunteer").get(reverse("privacy:my_data"))
    assert response.status_code == 200
    tables = {t.key: len(t.rows) for t in response.context["tables"]}
    assert tables["signals_reported"] == 2
    assert tables["memberships"] == 1
    periods = dict(response.context["periods"])
    care = Category.objects.get(code="care-worry")
    with translation.override("nl"):
        care_name = str(care.parent or care)
    assert [days for label, days in periods.items() if care_name in label] == [180]
    html = response.content.decode()
    assert reverse("privacy:my_data_download", args=["json"]) in html
    assert world.care_signal.description in html


def test_the_page_and_download_cost_the_same_queries_however_much_is_held(world: World):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("volunteer")
    urls = [reverse("privacy:my_data"), reverse("privacy:my_data_download", args=["json"])]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result.append(len(queries))
        return result

    counts()  # the first visit creates the retention policy row and the session
    before = counts()
    for _ in range(10):
        signal_factory(reporter=world.volunteer, team=world.team_a)
    assert counts() == before
    assert max(before) <= 30
