"""The reporting watch: rewritten descriptions per team and month, places reported again
and again; for the regional administrator and the training coordinators."""

from __future__ import annotations

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from signalen.models import Signal
from signalen.selectors import description_watch
from teams.formats import date_format
from teams.models import TrainingCoordinator
from teams.selectors import month_starts

from ..conftest import World
from ..factories import MembershipFactory, UserFactory, signal_factory
from ..support.charts import charts, colours, dutch, mid_month


def reported(world: World, *, team=None, months_ago: int = 0, flagged=False, **fields) -> Signal:
    team = team or world.team_a
    reporter = fields.pop("reporter", None) or MembershipFactory.create(team=team).user
    signal = signal_factory(reporter=reporter, team=team, **fields)
    Signal.objects.filter(pk=signal.pk).update(description_flagged=flagged)
    if months_ago:
        moment = timezone.now() - datetime.timedelta(days=31 * months_ago)
        Signal.objects.filter(pk=signal.pk).update(created_at=moment)
    return signal


def test_rewrites_are_counted_per_team_and_month(world: World):
    reported(world, flagged=True)
    reported(world, flagged=True, months_ago=2)
    reported(world, flagged=False, months_ago=2)
    reported(world, team=world.team_b, flagged=True, months_ago=2)
    reported(world, flagged=True, months_ago=14)  # outside the twelve months
    today = timezone.localdate()
    watch = description_watch(today=today)
    teams = {t.team: t for t in watch.teams}
    two_ago = timezone.localtime(timezone.now() - datetime.timedelta(days=62)).date().replace(day=1)
    assert watch.months == month_starts(today, 12)[-len(watch.months) :]
    assert watch.months[0] == two_ago  # from the first month with a rewrite

    noord = teams["Team Noord"]
    assert noord.flagged == 2
    assert noord.per_month[watch.months.index(two_ago)] == 1
    assert noord.per_month[-1] == 1
    assert noord.total == 5  # with the world's own two signals
    assert noord.share == 40.0
    assert teams["Team Zuid"].flagged == 1
    assert next(t.team for t in watch.teams) == "Team Noord"  # most rewrites first


def test_places_reported_again_and_again_show_how_many_people_reported(world: World):
    one_person = MembershipFactory.create(team=world.team_a).user
    for _ in range(4):
        reported(world, street="Stationsweg", reporter=one_person)
    reported(world, street="Stationsweg", flagged=True)
    for _ in range(2):
        reported(world, street="Molenweg")
    for _ in range(3):
        reported(world, street="Zorgstraat", code="care-worry")  # about a resident, not a place
    places = {p.street: p for p in description_watch(today=timezone.localdate()).places}
    assert set(places) == {"Stationsweg"}
    assert (places["Stationsweg"].signals, places["Stationsweg"].reporters) == (5, 2)
    assert places["Stationsweg"].flagged == 1


def test_the_page_is_for_administrators_and_training_coordinators(
    world: World, django_assert_max_num_queries
):
    reported(world, flagged=True)
    trainer = UserFactory.create()
    TrainingCoordinator.objects.create(user=trainer)
    from django.test import Client

    client = Client()
    client.force_login(trainer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("signalen:watch"))
    assert response.status_code == 200
    chart = json.loads(response.context["chart"])
    assert chart["datasets"][0]["label"] == "Team Noord"
    assert world.client("admin").get(reverse("signalen:watch")).status_code == 200
    assert world.client("coordinator").get(reverse("signalen:watch")).status_code == 403
    assert world.client("partner_a").get(reverse("signalen:watch")).status_code == 403


def test_the_watch_chart_starts_at_the_first_rewrite_with_a_colour_per_team(world: World):
    months = month_starts(timezone.localdate(), 12)
    for team, month in [(world.team_a, months[-3]), (world.team_b, months[-1])]:
        signal = reported(world, team=team, flagged=True)
        Signal.objects.filter(pk=signal.pk).update(created_at=mid_month(month))
    page = world.client("admin").get(reverse("signalen:watch")).content.decode()
    rewrites = charts(page)[0]
    assert rewrites["labels"] == [date_format(m, "M Y") for m in months[-3:]]
    assert [d["data"] for d in rewrites["datasets"]] == [[1, 0, 0], [0, 0, 1]]
    assert len(set(colours(rewrites))) == 2
    assert rewrites["scales"]["y"]["title"]["text"] == dutch(
        "Descriptions asked to rewrite (number)"
    )
