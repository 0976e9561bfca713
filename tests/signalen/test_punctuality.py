"""Punctuality per partner on the statistics page: per organisation and month, the share of
signals received and resolved on time, and the signals open past three times their time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from signalen import selectors, services
from signalen.models import Category, Signal
from signalen.selectors import Punctuality
from teams.models import PartnerOrganisation

from ..conftest import World
from ..factories import PartnerMembershipFactory, PartnerOrganisationFactory, routing_rule
from ..factories import signal_factory as report
from ..support.clock import moment

# The moment the figures are asked for: a fixed day, never today's.
NOW = moment("2027-03-15 10:00")


@pytest.fixture
def youth_work(world: World, time_machine) -> tuple[PartnerOrganisation, dict[str, Signal]]:
    """An organisation with signals dealt with on time, late, not yet, and one forwarded to
    it; each made at its moment on the clock, so the deadlines are the service's own."""
    organisation = PartnerOrganisationFactory.create(name="Jongerenwerk")
    worker = PartnerMembershipFactory.create(organisation=organisation).user
    routing_rule("youth-nuisance", organisation)
    youth = Category.objects.get(code="youth-nuisance")
    burglary = Category.objects.get(code="burglary-risk")

    def at(when: datetime.datetime) -> None:
        time_machine.move_to(when, tick=False)

    def act(signal: Signal, action: str, when: datetime.datetime, actor=worker, **kw) -> None:
        at(when)
        signal.refresh_from_db()
        services.signal_act(signal=signal, action=action, actor=actor, **kw)

    def reported(when: datetime.datetime, code: str = "youth-nuisance") -> Signal:
        at(when)
        return report(reporter=world.volunteer, team=world.team_a, code=code)

    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    signals = {}
    # February: received on time twice, resolved once on time and once late (the forwarded
    # one, on time for the deadline it got at this organisation).
    signals["on_time"] = on_time = reported(NOW - 40 * day)
    act(on_time, "acknowledge", NOW - 40 * day + hour)
    act(on_time, "resolve", NOW - 38 * day, text="Gesprek gevoerd.")
    signals["forwarded"] = forwarded = reported(NOW - 40 * day, code="burglary-risk")
    act(forwarded, "forward", NOW - 39 * day, actor=world.partner_a, text="Jongeren.",
        organisation=organisation, outside_area=True)  # fmt: skip
    act(forwarded, "acknowledge", NOW - 39 * day + burglary.acknowledge_hours * hour - hour)
    act(forwarded, "resolve", forwarded.resolve_deadline + hour, text="Te laat, wel gedaan.")
    # January: received late and still open, more than three times its time later.
    signals["late"] = late = reported(NOW - 50 * day)
    act(late, "acknowledge", NOW - 50 * day + (youth.acknowledge_hours + 1) * hour)
    # March: not received, its time run out (once, not three times); and one whose time has
    # not run out.
    signals["unreceived"] = reported(NOW - 2 * youth.acknowledge_hours * hour)
    signals["fresh"] = reported(NOW - hour)
    at(NOW)
    for signal in signals.values():
        signal.refresh_from_db()
    return organisation, signals


def _row(rows: list[Punctuality], name: str) -> Punctuality:
    (row,) = [r for r in rows if r.organisation == name]
    return row


def test_punctuality_counts_what_is_known_for_the_organisation_that_has_it(youth_work):
    organisation, signals = youth_work
    youth = Category.objects.get(code="youth-nuisance")
    burglary = Category.objects.get(code="burglary-risk")
    # What the fixture made is what the figures assume.
    late = signals["late"]
    assert late.acknowledged_at > late.acknowledge_deadline
    assert late.resolve_deadline + 2 * datetime.timedelta(days=youth.resolve_days) < NOW
    forwarded = signals["forwarded"]
    assert forwarded.responsible == organisation
    assert NOW - datetime.timedelta(days=39) + datetime.timedelta(
        days=burglary.resolve_days
    ) == forwarded.resolve_deadline  # fmt: skip
    assert forwarded.acknowledged_at <= forwarded.acknowledge_deadline
    assert forwarded.resolve_deadline < forwarded.resolved_at < NOW
    assert signals["fresh"].acknowledge_deadline > NOW
    unreceived = signals["unreceived"]
    assert timezone.localdate(unreceived.created_at).month == 3
    assert unreceived.acknowledge_deadline < NOW < unreceived.resolve_deadline

    row = _row(selectors.punctuality(now=NOW, today=NOW.date()), "Jongerenwerk")
    by_month = {m.month: m for m in row.months}
    assert len(row.months) == 12
    january, february, march = (by_month[datetime.date(2027, n, 1)] for n in (1, 2, 3))
    assert (january.received, january.received_on_time) == (1, 0)
    assert (january.resolved, january.resolved_on_time) == (1, 0)
    assert (february.received, february.received_on_time) == (2, 2)
    assert (february.resolved, february.resolved_on_time) == (2, 1)
    assert (march.received, march.received_on_time) == (1, 0)  # the fresh one is not known
    assert (march.resolved, march.resolved_on_time) == (0, 0)
    assert (row.total.received_share, row.total.resolved_share) == (50.0, 33.3)
    assert march.resolved_share is None
    assert row.long_overdue == 1  # the late one


def test_punctuality_takes_one_query_whatever_the_data(
    youth_work, django_assert_num_queries, world: World
):
    with django_assert_num_queries(1):
        before = selectors.punctuality(now=NOW, today=NOW.date())
    for _ in range(5):
        report(reporter=world.volunteer, team=world.team_b)
    with django_assert_num_queries(1):
        assert len(selectors.punctuality(now=NOW, today=NOW.date())) == len(before)


def test_the_statistics_page_shows_punctuality_as_a_table(world: World, youth_work):
    page = world.client("admin").get(reverse("signalen:statistics")).content.decode()
    section = page[page.index('id="punctuality-heading"') :]
    headings = re.findall(
        r'<th scope="col"[^>]*>([^<]*)</th>', section[: section.index("</thead>")]
    )
    assert headings == [
        "Organisatie",
        "Op tijd ontvangen",
        "Op tijd afgehandeld",
        "Nu open en meer dan 3 keer over de termijn",
    ]
    row = re.search(r'<th scope="row">Jongerenwerk</th>(.*?)</tr>', section)
    assert row, section[:3000]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]
    assert cells == ["50,0% (2 van 4)", "33,3% (1 van 3)", "1"]
    assert "telt mee voor de organisatie die het nu heeft" in section
    assert timezone.now() == NOW  # the page counted at the test's moment


def test_only_administrators_see_the_statistics(world: World, youth_work):
    for persona in ("partner_a", "coordinator", "volunteer"):
        assert world.client(persona).get(reverse("signalen:statistics")).status_code == 403
