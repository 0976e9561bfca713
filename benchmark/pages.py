"""The pages the benchmark measures, who opens them, and their targets.

One list serves the benchmark (`manage.py bench`) and the test suite, which pins the query
count of every page at two data sizes, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from signalen.models import Category, Signal
from teams.models import Membership, Observation, Shift, ShiftSignup, Team
from trainingen.models import Cohort

# QUALITY.md: dashboards ≤ 12 queries, detail pages ≤ 10, form posts ≤ 15.
DASHBOARD, DETAIL, POST = 12, 10, 15
BACK_DAYS = 400


@dataclass
class Context:
    """The people and objects the pages are opened with."""

    users: dict  # role → user
    team: Team  # the volunteer's team, coordinated by the coordinator
    crew: list[Membership]  # the volunteer and the coordinator, who walk the rounds
    signal: Signal  # a signal of the partner's organisation
    cohort: Cohort  # a completed cohort
    category: Category  # a subcategory for the report post
    rounds: list[Shift] = field(default_factory=list)  # rounds without a log, one per post


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: Callable[[Context, int], str]
    data: Callable[[Context, int], dict] | None = None  # a form post when set
    target: float | None = None  # p95 at most this many times the trivial view's
    max_queries: int | None = None

    @property
    def method(self) -> str:
        return "POST" if self.data else "GET"


def _home(context: Context, n: int) -> str:
    return reverse("home")


def _log_data(context: Context, n: int) -> dict:
    shift = context.rounds[n % len(context.rounds)]
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return {
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "present": [m.pk for m in context.crew],
        "area": "Kerkstraat, park en schoolplein",
        "notes": "",
        **{f"count_{kind}": "1" if kind == "unlocked_bikes" else "0" for kind in Observation.Kind},
    }


def _report_data(context: Context, n: int) -> dict:
    volunteer = context.crew[0]
    neighbourhood = context.team.neighbourhoods.first()
    assert neighbourhood is not None, "the demo's teams (seed_demo) each have a neighbourhood"
    return {
        "category": context.category.parent_id,
        "subcategory": context.category.pk,
        "team": volunteer.pk,
        "street": "Kerkstraat",
        "house_number": str(n % 200 + 1),
        "neighbourhood": neighbourhood.pk,
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Ladder tegen de achtergevel, slaapkamerraam op de eerste verdieping open.",
    }


PAGES = [
    Page("trivial view", "volunteer", lambda c, n: reverse("ping")),
    Page("home: volunteer", "volunteer", _home, max_queries=DASHBOARD),
    Page("home: coordinator", "coordinator", _home, max_queries=DASHBOARD),
    Page("home: partner", "partner", _home, max_queries=DASHBOARD),
    Page("home: administrator", "administrator", _home, max_queries=DASHBOARD),
    Page(
        "roster",
        "volunteer",
        lambda c, n: reverse("teams:roster", args=[c.team.pk]),
        max_queries=DASHBOARD,
    ),
    Page(
        "patrol log post",
        "volunteer",
        lambda c, n: reverse("teams:log_create", args=[c.rounds[n % len(c.rounds)].pk]),
        data=_log_data,
        target=3,
        max_queries=POST,
    ),
    Page(
        "signal report post",
        "volunteer",
        lambda c, n: reverse("signalen:signal_create"),
        data=_report_data,
        target=3,
        max_queries=POST,
    ),
    Page(
        "partner inbox, filtered",
        "partner",
        lambda c, n: (
            reverse("signalen:partner_inbox")
            + f"?status=new&status=acknowledged&status=in_progress&category={c.category.parent_id}"
        ),
        target=4,
        # A dashboard, and the saved filters and the bulk form's colleagues and organisations.
        max_queries=DASHBOARD + 2,
    ),
    Page("signal detail", "partner", lambda c, n: c.signal.get_absolute_url(), max_queries=DETAIL),
    Page(
        "team page",
        "coordinator",
        lambda c, n: c.team.get_absolute_url(),
        target=4,
        max_queries=DASHBOARD,
    ),
    Page(
        "regional statistics",
        "administrator",
        lambda c, n: reverse("signalen:statistics"),
        target=4,
        max_queries=DASHBOARD,
    ),
    Page(
        "cohort report",
        "trainer",
        lambda c, n: reverse("trainingen:cohort_report", args=[c.cohort.pk]),
        max_queries=DASHBOARD,
    ),
]
TRIVIAL = PAGES[0]
# The same trivial view without any middleware (benchmark/bare.py), on a server of its own.
BARE = Page("bare Django view, no middleware", "volunteer", lambda c, n: "/ping")


def rounds_to_log(crew: list[Membership], count: int) -> list[Shift]:
    """Past rounds of the crew's team with both signed up and no log yet: one per post.
    Twelve a day, an hour each, from thirteen months back, so that neither they nor the logs
    posted for them show in the roster, the homes or the team's twelve months of figures:
    every run measures the team as it is. Hours already taken are skipped."""
    team_id = crew[0].team_id
    taken = set(
        Shift.objects.filter(team_id=team_id, meeting_point="Benchmark").values_list(
            "starts_at", flat=True
        )
    )
    today = timezone.localdate()
    starts: list[datetime.datetime] = []
    for i in itertools.count():
        if len(starts) == count:
            break
        day = today - datetime.timedelta(days=BACK_DAYS + i // 12)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + i % 12)))
        if moment not in taken:
            starts.append(moment)
    shifts = Shift.objects.bulk_create(
        Shift(
            team_id=team_id,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            meeting_point="Benchmark",
        )
        for start in starts
    )
    ShiftSignup.objects.bulk_create(
        ShiftSignup(shift=shift, membership=member) for shift in shifts for member in crew
    )
    return shifts


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def data_statements(sqls: list[str]) -> int:
    """The statements that read or write rows: without SAVEPOINT and RELEASE, which a view's
    `atomic` block sends instead of BEGIN and COMMIT when it runs inside another transaction
    (as here and in the tests). The targets count these."""
    return sum(not sql.startswith(TRANSACTION_CONTROL) for sql in sqls)


def queries(page: Page, context: Context, n: int = 0) -> tuple[int, list[str]]:
    """The status and the database queries of one request, in this process: the request's own,
    as the tests count them. It runs in a transaction that is rolled back, so a post changes
    nothing and the work it hands to the task queue after commit is not done here. As in the
    benchmark's server, two-factor authentication is not asked. The person has opened a page
    before (the home page), as in the benchmark's loop: their roles and unread count are in the
    cache, as on every page after the first."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(context.users[page.role])
    url, data = page.path(context, n), page.data(context, n) if page.data else None
    with override_settings(MFA_REQUIRED=False), transaction.atomic():
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data) if data else client.get(url)
        transaction.set_rollback(True)
    return response.status_code, [query["sql"] for query in captured]
