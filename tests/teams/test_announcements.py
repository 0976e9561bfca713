"""A message to the team: from its coordinator or its wijkagent, to everyone or to those on a
shift of the coming day, by each person's choice; and an answer back to the sender."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from teams.models import Membership

from ..conftest import World
from ..factories import MembershipFactory, ready, shift_factory
from ..support.forms import post_form


def send(client: Client, team, **typed):
    url = reverse("teams:team_announce", args=[team.pk])
    form = post_form(client.get(url).content.decode(), having="subject")
    return client.post(url, form.submission(**typed))


def told(event: str, **filters) -> set:
    rows = Notification.objects.filter(event=event, channel="inbox", **filters)
    return set(rows.values_list("recipient__email", flat=True))


def test_the_coordinator_writes_to_the_whole_team(world: World, commit):
    aspirant = MembershipFactory.create(team=world.team_a, status=Membership.Status.ASPIRANT)
    gone = MembershipFactory.create(team=world.team_a, status=Membership.Status.INACTIVE)
    mail.outbox.clear()
    with commit():
        response = send(
            world.client("coordinator"), world.team_a, subject="Vergadering", body="Dinsdag 20:00"
        )
    assert response.status_code == 302
    members = Membership.objects.filter(
        team=world.team_a, status__in=Membership.CURRENT_STATUSES
    ).exclude(user=world.coordinator)
    expected = set(members.values_list("user__email", flat=True))
    assert aspirant.user.email in expected
    assert told("team_announcement") == expected
    assert gone.user.email not in told("team_announcement")
    assert world.coordinator.email not in told("team_announcement")
    assert world.volunteer.email in {m.to[0] for m in mail.outbox}
    message = next(m for m in mail.outbox if m.to == [world.volunteer.email])
    assert "Team Noord: Vergadering" in message.subject
    assert "Dinsdag 20:00" in message.body


def test_a_message_to_those_on_tonights_shift_reaches_only_them(world: World, commit):
    ready(world.volunteer_membership)
    other = ready(MembershipFactory.create(team=world.team_a))
    tonight = shift_factory(world.team_a, days=3 / 24, crew=[world.volunteer_membership])
    with commit():
        send(world.client("coordinator"), world.team_a, audience=str(tonight.pk),
             subject="Verzamelpunt", body="We starten bij de kerk.")  # fmt: skip
    assert told("team_announcement") == {world.volunteer.email}
    assert other.user.email not in told("team_announcement")


def test_the_wijkagent_of_the_neighbourhood_writes_to_the_team_and_hears_the_answer(
    world: World, commit
):
    wijkagent = world.client("partner_a")  # police, working in team A's neighbourhood
    page = wijkagent.get(world.org_a.get_absolute_url()).content.decode()
    assert reverse("teams:team_announce", args=[world.team_a.pk]) in page
    with commit():
        assert (
            send(wijkagent, world.team_a, subject="Inbraken", body="Let op schuren").status_code
            == 302
        )
    assert world.volunteer.email in told("team_announcement")
    # The volunteer answers through the link in the message.
    message = Notification.objects.get(
        event="team_announcement", recipient=world.volunteer, channel="inbox"
    )
    link = message.link
    assert re.fullmatch(r"/bericht/[^/]+/", link)
    volunteer = world.client("volunteer")
    form = post_form(volunteer.get(link).content.decode(), having="text")
    with commit():
        assert volunteer.post(link, form.submission(text="Gezien, dank je")).status_code == 302
    answer = Notification.objects.get(
        event="team_announcement_reply", recipient=world.partner_a, channel="inbox"
    )
    assert "Gezien, dank je" in answer.body_text
    assert world.volunteer.first_name in answer.subject


def test_who_may_write_and_answer(world: World):
    url = reverse("teams:team_announce", args=[world.team_a.pk])
    assert world.client("volunteer").get(url).status_code == 403
    assert world.client("partner_b").get(url).status_code == 404  # care, not police
    assert world.client("other_coordinator").get(url).status_code == 404
    assert world.client("admin").get(url).status_code == 200
    # Police working elsewhere: team B is not in its neighbourhoods.
    assert (
        world.client("partner_a")
        .get(reverse("teams:team_announce", args=[world.team_b.pk]))
        .status_code
        == 404
    )
    assert world.client("volunteer").get("/bericht/vervalst/").status_code == 404


def test_a_reply_link_works_only_for_the_teams_members(world: World, commit):
    with commit():
        send(world.client("coordinator"), world.team_a, subject="Rooster", body="Zie de app")
    link = Notification.objects.filter(event="team_announcement").earliest("pk").link
    assert world.client("other_coordinator").get(link).status_code == 404
    assert world.client("volunteer").get(link).status_code == 200
    before = Notification.objects.count()
    refused = world.client("volunteer").post(link, {"text": ""})
    assert refused.status_code == 200
    assert Notification.objects.count() == before
