"""Shared personas, the world they live in, and suite-wide rules."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from notifications.models import Notification
from signalen.models import Signal, SignalPhoto
from teams.models import (
    Invitation,
    Membership,
    PartnerOrganisation,
    PatrolLog,
    Shift,
    Team,
    User,
)
from teams.services import invitation_create
from trainingen import services as services_training
from trainingen.models import Cohort, Seat

from .factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    TeamFactory,
    UserFactory,
    cohort_factory,
    jpeg_bytes,
    log_factory,
    routing_rule,
    shift_factory,
    signal_factory,
)
from .support import clock

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    """TEST_NOW sets the clock of the whole run (tests/support/clock.py)."""
    clock.start()


# Tests whose expectations turn on the date or the hour (roster, reminders, retention,
# training, statistics, deadlines): .ci/run runs them again at other moments (-m dates).
DATE_SENSITIVE = (
    "tests/benchmark/test_pages.py",
    "tests/browser/test_roster.py",
    "tests/browser/test_training.py",
    "tests/notifications/test_inbox.py::test_vog_reminders",
    "tests/notifications/test_outbox.py",
    "tests/privacy/test_retention.py",
    "tests/privacy/test_sessions.py",
    "tests/signalen/test_rules.py",
    "tests/signalen/test_views.py::test_the_dashboard_filters_by_overdue",
    "tests/signalen/test_views.py::test_statistics",
    "tests/signalen/test_views.py::test_cached_statistics",
    "tests/signalen/test_watch.py",
    "tests/teams/test_invitations.py",
    "tests/teams/test_roster.py",
    "tests/teams/test_roster_views.py",
    "tests/trainingen/",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.dates)


def pytest_report_header(config):
    if clock.is_set():
        return (
            f"clock: TEST_NOW={os.environ[clock.ENV]} ({timezone.localtime():%a %Y-%m-%d %H:%M %Z})"
        )
    return None


CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

PERSONAS = (
    "anonymous",
    "volunteer",
    "other_coordinator",
    "coordinator",
    "partner_a",
    "partner_b",
    "admin",
)


@dataclass
class World:
    """Two teams, two partner organisations, and one person for each persona."""

    team_a: Team
    team_b: Team
    org_a: PartnerOrganisation
    org_b: PartnerOrganisation
    volunteer: User
    coordinator: User
    other_coordinator: User
    partner_a: User
    partner_b: User
    admin: User
    volunteer_membership: Membership
    team_invitation: Invitation
    organisation_invitation: Invitation
    volunteer_message: Notification
    shift: Shift
    past_shift: Shift
    log: PatrolLog
    signal: Signal
    care_signal: Signal
    cohort: Cohort
    training_seat: Seat

    def user(self, persona: str) -> User | None:
        return None if persona == "anonymous" else getattr(self, persona)

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.user(persona)
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and the like live in the cache: each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos go to a fresh folder per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard_data(db):
    """The categories and terms the data migration installs; transactional tests flush
    tables, so they are put back where a test needs them."""
    from signalen import seed_data
    from signalen.models import Category, DescriptionTerm
    from trainingen import seed_data as training_data
    from trainingen.models import EvaluationItem, Programme, SessionTemplate

    seed_data.load(Category, DescriptionTerm)
    training_data.load(Programme, SessionTemplate, EvaluationItem)


@pytest.fixture
def world(db, standard_data) -> World:
    neighbourhood_a, neighbourhood_b = NeighbourhoodFactory(), NeighbourhoodFactory()
    team_a = TeamFactory(name="Team Noord", neighbourhoods=[neighbourhood_a])
    team_b = TeamFactory(name="Team Zuid", neighbourhoods=[neighbourhood_b])
    org_a = PartnerOrganisationFactory(name="Politie Noord", type=PartnerOrganisation.Type.POLICE)
    org_b = PartnerOrganisationFactory(name="Wijkteam Zuid", type=PartnerOrganisation.Type.WELFARE)
    org_a.neighbourhoods.set([neighbourhood_a])
    org_b.neighbourhoods.set([neighbourhood_b])

    volunteer_membership = MembershipFactory(team=team_a, user__first_name="Vera")
    coordinator = MembershipFactory(
        team=team_a, role=Membership.Role.COORDINATOR, user__first_name="Carla"
    ).user
    other_coordinator = MembershipFactory(
        team=team_b, role=Membership.Role.COORDINATOR, user__first_name="Olaf"
    ).user
    partner_a = PartnerMembershipFactory(organisation=org_a, user__first_name="Pieter").user
    partner_b = PartnerMembershipFactory(organisation=org_b, user__first_name="Petra").user
    admin = UserFactory(first_name="Ada", is_staff=True, is_superuser=True, totp=True)
    routing_rule("burglary-risk", org_a)
    routing_rule("care-worry", org_b)
    signal = signal_factory(reporter=volunteer_membership.user, team=team_a)
    SignalPhoto.objects.create(
        signal=signal, image=ContentFile(jpeg_bytes(), name="p.jpg"), width=64, height=48
    )
    care_signal = signal_factory(
        reporter=volunteer_membership.user,
        team=team_a,
        code="care-worry",
        description="Gordijnen zijn al vijf dagen dicht, post stapelt zich op.",
    )
    cohort = cohort_factory(admin, [neighbourhood_a])
    services_training.participants_add(
        cohort=cohort,
        invitees=[
            services_training.Invitee(volunteer_membership.user, team=team_a),
            services_training.Invitee(partner_a, organisation=org_a),
        ],
    )
    training_seat = Seat.objects.get(
        participant__user=volunteer_membership.user, session__order=1, session__cohort=cohort
    )
    Seat.objects.filter(pk=training_seat.pk).update(attendance=Seat.Attendance.PRESENT)
    training_seat.participant.completed_on = timezone.localdate()
    training_seat.participant.save()
    return World(
        team_a=team_a,
        team_b=team_b,
        org_a=org_a,
        org_b=org_b,
        volunteer=volunteer_membership.user,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        partner_a=partner_a,
        partner_b=partner_b,
        admin=admin,
        volunteer_membership=volunteer_membership,
        team_invitation=invitation_create(
            invited_by=coordinator, team=team_a, email="nieuw@example.org", first_name="Nina"
        ),
        organisation_invitation=invitation_create(
            invited_by=admin, organisation=org_a, email="agent@example.org", first_name="Arie"
        ),
        shift=shift_factory(team_a, days=3, crew=[volunteer_membership]),
        past_shift=shift_factory(team_a, days=-1, crew=[volunteer_membership]),
        log=log_factory(
            shift_factory(team_a, days=-2, crew=[volunteer_membership]),
            present=[volunteer_membership, coordinator.memberships.get()],
        ),
        signal=signal,
        care_signal=care_signal,
        cohort=cohort,
        training_seat=training_seat,
        volunteer_message=Notification.objects.create(
            recipient=volunteer_membership.user,
            channel=Notification.Channel.INBOX,
            status=Notification.Status.SENT,
            event="team_member_joined",
            language="nl",
            subject="Nina is bij Team Noord gekomen",
            body_text="Welkom.",
            dedup_key="world:volunteer-message",
        ),
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run should have installed it.")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Phone size by default: volunteers use the product on a phone in the street."""
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "en-US"}


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: a missing service must fail loudly."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real Redis for the tests that need one (TEST_REDIS_URL; .ci/run sets it)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        pytest.skip("set TEST_REDIS_URL to run the tests that need Redis")
    # Parallel test workers each get a Redis database of their own (15, 14, ...), so one
    # worker flushing its queue never touches another's.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base, _, number = url.rpartition("/")
    url = f"{base}/{int(number or 15) - int(worker.removeprefix('gw') or 0) % 8}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.fail(f"TEST_REDIS_URL={url} does not answer: {error}")
    return url
