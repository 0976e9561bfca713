"""New volunteers find a team: the public page (opt-in), "Doe mee" with its spam protection,
the coordinator's answer, the sign-up sheet's code, and what is kept of whom."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from privacy.services import retention_apply
from signalen.models import Signal
from teams import services
from teams.forms import JoinRequestForm
from teams.models import Invitation, JoinRequest, Team

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import forms_of, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """People here fill in the form at once; the test of the minimum time sets it back."""
    monkeypatch.setattr(JoinRequestForm, "MIN_SECONDS", 0)


def make_public(world: World, slug: str = "buurtpreventie-noord") -> Team:
    return services.public_page_update(
        actor=world.coordinator,
        team=world.team_a,
        is_public=True,
        slug=slug,
        intro="Wij lopen elke week in Noord.",
    )


def ask_to_join(client: Client, url: str, **typed: str):
    form = post_form(client.get(url).content.decode(), having="email")
    return client.post(url, form.submission(**typed))


def test_doe_mee_reaches_the_coordinators_once_and_the_invitation_follows(world: World):
    team = make_public(world)
    url = reverse("teams:join_from_page", args=[team.slug])
    answer = ask_to_join(Client(), url, first_name="Yara", email="Yara@Example.org")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("teams:join_sent")
    request = JoinRequest.objects.get()
    assert (request.first_name, request.email, request.source) == (
        "Yara",
        "yara@example.org",
        "page",
    )
    told = Notification.objects.filter(event="team_join_request", recipient=world.coordinator)
    assert told.filter(channel="inbox").exists()
    note = told.first()
    assert note is not None
    assert world.team_a.name in note.subject
    # Who it is stays on the team page, erased there at the decision; the messages, which
    # are kept longer, do not name them.
    every_copy = Notification.objects.filter(event="team_join_request")
    assert not every_copy.filter(subject__contains="Yara").exists()
    assert not every_copy.filter(body_text__contains="Yara").exists()
    assert not every_copy.filter(body_text__contains="yara@example.org").exists()

    # Sending again, or as someone already in the team: the same thanks, nothing new.
    assert (
        ask_to_join(Client(), url, first_name="Yara", email="yara@example.org").status_code == 302
    )
    member = world.volunteer.email
    assert ask_to_join(Client(), url, first_name="Vera", email=member).status_code == 302
    assert JoinRequest.objects.count() == 1

    page = world.client("coordinator").get(world.team_a.get_absolute_url()).content.decode()
    assert "yara@example.org" in page
    decide = reverse("teams:join_request_decide", args=[world.team_a.pk, request.pk])
    assert f'action="{decide}"' in page
    unclear = world.client("coordinator").post(decide, {"decision": "yes"})
    assert unclear.status_code == 400
    assert JoinRequest.objects.get().status == "pending"
    assert world.client("coordinator").post(decide, {"decision": "approve"}).status_code == 302
    invitation = Invitation.objects.get(email="yara@example.org")
    assert invitation.team == world.team_a
    assert invitation.first_name == "Yara"
    request.refresh_from_db()
    assert request.status == "approved"
    assert (request.first_name, request.email, request.message) == ("", "", "")
    # Deciding twice is refused with a clear message; nothing changes.
    again = world.client("coordinator").post(decide, {"decision": "decline"}, follow=True)
    assert "al over deze aanvraag beslist" in again.content.decode()
    assert Invitation.objects.filter(email="yara@example.org").count() == 1


def test_a_declined_request_keeps_nothing_of_the_person(world: World):
    team = make_public(world)
    url = reverse("teams:join_from_page", args=[team.slug])
    ask_to_join(Client(), url, first_name="Sam", email="sam@example.org", message="Op nummer 4.")
    request = JoinRequest.objects.get()
    decide = reverse("teams:join_request_decide", args=[world.team_a.pk, request.pk])
    world.client("coordinator").post(decide, {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == "declined"
    assert (request.first_name, request.email, request.message) == ("", "", "")
    assert not Invitation.objects.filter(email="sam@example.org").exists()


def test_bots_get_thanks_and_save_nothing(world: World, monkeypatch):
    team = make_public(world)
    url = reverse("teams:join_from_page", args=[team.slug])
    client = Client()
    form = post_form(client.get(url).content.decode(), having="email")
    # The field people do not see, filled in.
    filled = client.post(url, form.submission(first_name="Bot", email="bot@example.org",
                                              website="http://spam.example"))  # fmt: skip
    assert filled["Location"] == reverse("teams:join_sent")
    # Sent faster than a person types.
    monkeypatch.setattr(JoinRequestForm, "MIN_SECONDS", 3)
    form = post_form(client.get(url).content.decode(), having="email")
    fast = client.post(url, form.submission(first_name="Bot", email="bot2@example.org"))
    assert fast["Location"] == reverse("teams:join_sent")
    assert not JoinRequest.objects.exists()
    # A person who took four seconds gets through.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=4)):
        client.post(url, form.submission(first_name="Mens", email="mens@example.org"))
    assert JoinRequest.objects.get().first_name == "Mens"


def test_a_form_left_open_for_days_or_forged_is_shown_again_with_why(world: World):
    team = make_public(world)
    url = reverse("teams:join_from_page", args=[team.slug])
    client = Client()
    form = post_form(client.get(url).content.decode(), having="email")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        stale = client.post(url, form.submission(first_name="Laat", email="laat@example.org"))
    assert stale.status_code == 200
    assert "te lang open" in stale.content.decode()
    forged = client.post(url, form.submission(first_name="X", email="x@example.org", shown="1"))
    assert "te lang open" in forged.content.decode()
    assert not JoinRequest.objects.exists()


def test_posts_per_connection_are_limited(world: World, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "team_join": "3/h/ip"}
    cache.clear()
    team = make_public(world)
    url = reverse("teams:join_from_page", args=[team.slug])
    client = Client()
    statuses = [
        ask_to_join(client, url, first_name="N", email=f"n{i}@example.org").status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert JoinRequest.objects.count() == 3


def test_the_public_page_shows_numbers_and_never_a_person_or_a_care_signal(world: World):
    assert Client().get(reverse("public_team", args=["buurtpreventie-noord"])).status_code == 404
    team = make_public(world)
    for _ in range(3):
        signal_factory(reporter=world.volunteer, team=team, description="Fiets bij nr 8 open.")
        signal_factory(reporter=world.volunteer, team=team, code="care-worry")
    signal_factory(reporter=world.volunteer, team=team, code="vehicle-crime")  # one: "Overig"
    cache.clear()
    page = Client().get(reverse("public_team", args=[team.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert team.name in html
    assert "Wij lopen elke week in Noord." in html
    burglary = Signal.objects.filter(team=team, category__code="burglary-risk")
    this_year = burglary.filter(created_at__year=timezone.localdate().year).count()
    assert f'<td>Inbraakrisico</td><td class="text-end">{this_year}</td>' in html
    table = html.split("Signalen doorgegeven")[1].split("</table>")[0]
    assert "Zorgen om een bewoner" not in table
    rows = re.findall(r'<td>([^<]+)</td><td class="text-end">(\d+)</td>', table)
    year = timezone.localdate().year
    normal = Signal.objects.normal().filter(team=team, created_at__year=year).count()
    assert sum(int(count) for _name, count in rows) == normal
    assert ("Overig", "1") in rows or ("Overig", "2") in rows
    for private in (world.volunteer.first_name, world.coordinator.first_name, "nr 8", "Kerkstraat"):
        assert private not in html, private
    assert f'href="{reverse("teams:join_from_page", args=[team.slug])}"' in html
    # Switched off again: gone.
    services.public_page_update(actor=world.coordinator, team=team, is_public=False,
                                slug=team.slug, intro="")  # fmt: skip
    assert Client().get(reverse("public_team", args=[team.slug])).status_code == 404
    assert Client().get(reverse("teams:join_from_page", args=[team.slug])).status_code == 404


def test_the_settings_refuse_what_would_go_wrong_in_public(world: World):
    services.public_page_update(actor=world.other_coordinator, team=world.team_b, is_public=True,
                                slug="noord", intro="")  # fmt: skip
    client = world.client("coordinator")
    url = reverse("teams:team_public", args=[world.team_a.pk])
    form = post_form(client.get(url).content.decode(), having="slug")
    for typed, message in [
        ({"is_public": "on", "slug": ""}, "Een publieke pagina heeft een adres nodig"),
        ({"is_public": "on", "slug": "noord"}, "Een ander team heeft dit adres al"),
        ({"slug": "centrum", "public_intro": "Bel 06-12345678"}, "telefoonnummers"),
        ({"slug": "met spatie"}, "geldige"),
    ]:
        answer = client.post(url, {**form.submission(**typed), "save_page": ""})
        assert answer.status_code == 200
        assert message in answer.content.decode(), typed
    world.team_a.refresh_from_db()
    assert not world.team_a.is_public
    assert world.team_a.slug is None


def test_open_evenings_are_added_shown_and_removed(world: World):
    client = world.client("coordinator")
    url = reverse("teams:team_public", args=[world.team_a.pk])
    html = client.get(url).content.decode()
    form = next(f for f in forms_of(html) if "place" in f.fields)
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    typed = form.submission(date=past, start_time="19:30", place="Buurthuis")
    refused = client.post(url, {**typed, "add_evening": ""})
    assert "Kies een moment in de toekomst" in refused.content.decode()
    typed = form.submission(date=day, start_time="19:30", place="Buurthuis De Kern")
    client.post(url, {**typed, "add_evening": ""})
    evening = world.team_a.open_evenings.get()
    team = make_public(world)
    assert (
        "Buurthuis De Kern"
        in Client().get(reverse("public_team", args=[team.slug])).content.decode()
    )
    remove = reverse("teams:open_evening_remove", args=[world.team_a.pk, evening.pk])
    assert client.post(remove).status_code == 302
    assert not world.team_a.open_evenings.exists()


def test_a_new_code_makes_printed_sheets_stop_working(world: World):
    client = world.client("coordinator")
    sheet = reverse("teams:join_sheet", args=[world.team_a.pk])
    html = client.get(sheet).content.decode()
    world.team_a.refresh_from_db()
    old = reverse("teams:join_from_sheet", args=[world.team_a.join_code])
    assert old in html
    assert "<svg" in html
    assert Client().get(old).status_code == 200
    client.post(sheet, {"renew": ""})
    assert Client().get(old).status_code == 404
    world.team_a.refresh_from_db()
    assert (
        Client().get(reverse("teams:join_from_sheet", args=[world.team_a.join_code])).status_code
        == 200
    )


def test_requests_nobody_decided_on_go_after_sixty_days(world: World):
    team = make_public(world)
    ask_to_join(Client(), reverse("teams:join_from_page", args=[team.slug]),
                first_name="Oud", email="oud@example.org")  # fmt: skip
    request = JoinRequest.objects.get()
    retention_apply(now=request.created_at + datetime.timedelta(days=59))
    assert JoinRequest.objects.exists()
    retention_apply(now=request.created_at + datetime.timedelta(days=61))
    assert not JoinRequest.objects.exists()
