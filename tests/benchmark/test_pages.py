"""Every page of the benchmark costs the same number of queries however much data there is,
and no more than QUALITY.md allows. The pages, roles and limits come from `benchmark.pages`,
the list `make bench` measures, so the two cannot drift apart."""

import pytest

from benchmark import load, pages
from signalen.models import Category
from teams.models import Membership
from trainingen import services as training

from ..conftest import World
from ..factories import (
    MembershipFactory,
    PartnerMembershipFactory,
    log_factory,
    ready,
    shift_factory,
    signal_factory,
)

# Statements that read or write rows (savepoints apart), as measured at both sizes, on a page
# after the person's first (their roles, unread count and session are in the cache:
# benchmark.pages.queries).
PINNED = {
    "trivial view": 1,
    "home: volunteer": 5,
    "home: coordinator": 7,
    "home: partner": 5,
    "home: administrator": 7,
    "roster": 3,
    "patrol log post": 13,  # with who was ready to patrol that day
    "signal report post": 14,  # with the organisation's webhooks
    "partner inbox, filtered": 10,
    "signal detail": 5,
    "team page": 9,  # with the requests to join
    "regional statistics": 8,
    "cohort report": 7,
}


def grow(world: World, extra: int) -> None:
    """More of everything the pages list: members, partner staff, signals, rounds, logs and
    course participants."""
    members = [ready(MembershipFactory.create(team=world.team_a)) for _ in range(extra)]
    for _ in range(extra):
        PartnerMembershipFactory.create(organisation=world.org_a)
    for i, member in enumerate(members):
        signal_factory(reporter=member.user, team=world.team_a)
        shift_factory(world.team_a, days=1 + i, crew=[member])
        log_factory(
            shift_factory(world.team_a, days=-3 - i, crew=[member]),
            present=[member, world.volunteer_membership],
        )
    if members:
        training.participants_add(
            cohort=world.cohort,
            invitees=[training.Invitee(m.user, team=world.team_a) for m in members],
        )


def context_for(world: World) -> pages.Context:
    crew = [
        world.volunteer_membership,
        Membership.objects.get(user=world.coordinator, team=world.team_a),
    ]
    for member in crew:
        ready(member)
    return pages.Context(
        users={
            "volunteer": world.volunteer,
            "coordinator": world.coordinator,
            "partner": world.partner_a,
            "administrator": world.admin,
            "trainer": world.admin,
        },
        team=world.team_a,
        crew=crew,
        signal=world.signal,
        cohort=world.cohort,
        category=Category.objects.get(code="burglary-risk-ladder"),
        rounds=pages.rounds_to_log(crew, len(pages.PAGES)),
    )


@pytest.mark.parametrize("extra", [0, 12])
def test_every_benchmark_page_costs_the_same_queries_at_two_sizes(world: World, extra: int):
    grow(world, extra)
    context = context_for(world)
    measured = {}
    for n, page in enumerate(pages.PAGES):
        status, sqls = pages.queries(page, context, n)
        assert load.expected(page, status), (page.name, status)
        measured[page.name] = pages.data_statements(sqls)
    assert measured == PINNED
    for page in pages.PAGES:
        if page.max_queries:
            assert measured[page.name] <= page.max_queries, page.name


def test_a_post_changes_nothing_while_its_queries_are_counted(world: World):
    context = context_for(world)
    report = next(page for page in pages.PAGES if page.name == "signal report post")
    before = world.team_a.signals.count()
    status, sqls = pages.queries(report, context)
    assert status == 302
    assert any(sql.startswith('INSERT INTO "signalen_signal"') for sql in sqls)
    assert world.team_a.signals.count() == before
