"""Shared personas, the world they live in, and suite-wide rules."""

from __future__ import annotations

import copy
import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import factory.random
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django.fixtures import validate_django_db

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
    Counters,
    MembershipFactory,
    NeighbourhoodFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    TeamFactory,
    UserFactory,
    cohort_factory,
    inbox_message,
    jpeg_bytes,
    log_factory,
    ready,
    routing_rule,
    shift_factory,
    signal_factory,
)
from .support import clock
from .support.webpush import VapidKeys

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
    "tests/notifications/test_push.py",
    "tests/privacy/test_retention.py",
    "tests/privacy/test_sessions.py",
    "tests/signalen/test_rules.py",
    "tests/signalen/test_views.py::test_the_dashboard_filters_by_overdue",
    "tests/signalen/test_views.py::test_statistics",
    "tests/signalen/test_views.py::test_cached_statistics",
    "tests/signalen/test_watch.py",
    "tests/teams/test_calendar.py",
    "tests/teams/test_invitations.py",
    "tests/teams/test_roster.py",
    "tests/teams/test_roster_views.py",
    "tests/trainingen/",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.dates)
    # Tests without the test database first, then pytest-django's order (TestCase-like, then
    # transactional). pytest-django puts them last, where the slowest of them (the benchmark
    # harness, the demo seed: subprocesses of half a minute) kept one worker busy at the end
    # while the other waited.
    items.sort(key=uses_the_test_database)


def uses_the_test_database(item: pytest.Item) -> bool:
    database = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(database & names)


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
def site_language():
    """A request in English leaves English active in the thread after it: each test starts
    in the site's own language, whatever ran before it in the same worker."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def static_files_looked_up_when_asked():
    """WhiteNoise indexes every file of STATIC_ROOT (collectstatic's folder, once the benchmark
    has filled it) whenever its middleware starts, and each test client starts its own: a
    tenth of a second per test. In its development mode it finds a file when one is asked
    for; the same files are served. (No test asks the test client for a static file.)"""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos go to a fresh folder per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdok(settings):
    """A local PDOK Locatieserver with recorded answers (tests/support/pdok.py), configured
    as the geocoder. It answers 404 until a test says what to answer."""
    from .support.pdok import FakePdok

    with FakePdok() as fake:
        settings.PDOK_LOCATIESERVER_URL = fake.url
        settings.PDOK_TIMEOUT = 1.0
        yield fake


@pytest.fixture
def standard_data(db):
    """The categories, terms and training programme the data migrations install; transactional
    tests flush tables, so they are put back where a test needs them."""
    load_standard_data()


def load_standard_data() -> None:
    """The migrations hold the only copy of the standard data, so their own `seed` runs
    again, with the live models."""
    import importlib

    from django.apps import apps

    for module in (
        "signalen.migrations.0002_standard_categories_and_terms",
        "signalen.migrations.0010_description_terms_and_origins",
        "trainingen.migrations.0002_standard_programme",
    ):
        importlib.import_module(module).seed(apps, None)


def build_world() -> World:
    neighbourhood_a, neighbourhood_b = NeighbourhoodFactory.create(), NeighbourhoodFactory.create()
    team_a = TeamFactory.create(name="Team Noord", neighbourhoods=[neighbourhood_a])
    team_b = TeamFactory.create(name="Team Zuid", neighbourhoods=[neighbourhood_b])
    org_a = PartnerOrganisationFactory.create(
        name="Politie Noord", type=PartnerOrganisation.Type.POLICE
    )
    org_b = PartnerOrganisationFactory.create(
        name="Wijkteam Zuid", type=PartnerOrganisation.Type.WELFARE
    )
    org_a.neighbourhoods.set([neighbourhood_a])
    # The care partner works in both neighbourhoods; the police only in the north.
    org_b.neighbourhoods.set([neighbourhood_a, neighbourhood_b])

    # Both walk rounds: their onboarding checklists are complete.
    volunteer_membership = ready(MembershipFactory.create(team=team_a, user__first_name="Vera"))
    coordinator = ready(
        MembershipFactory.create(
            team=team_a, role=Membership.Role.COORDINATOR, user__first_name="Carla"
        )
    ).user
    other_coordinator = MembershipFactory.create(
        team=team_b, role=Membership.Role.COORDINATOR, user__first_name="Olaf"
    ).user
    partner_a = PartnerMembershipFactory.create(organisation=org_a, user__first_name="Pieter").user
    partner_b = PartnerMembershipFactory.create(organisation=org_b, user__first_name="Petra").user
    admin = UserFactory.create(first_name="Ada", is_staff=True, is_superuser=True, totp=True)
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
        volunteer_message=inbox_message(
            volunteer_membership.user,
            "Nina is bij Team Noord gekomen",
            "Welkom.",
            "world:volunteer-message",
        ),
    )


def needs_committed_data(item: pytest.Item) -> bool:
    """Tests whose data must be committed (a live server, other processes, a browser) run
    in TransactionTestCase fashion, never inside a transaction left open by others."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, _, serialized_rollback, _ = validate_django_db(marker)
        if transactional or reset_sequences or serialized_rollback:
            return True
    committed = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(committed & set(getattr(item, "fixturenames", ()))) or any(
        item.get_closest_marker(name) for name in ("browser", "celery_worker")
    )


def shares_the_world(item: pytest.Item) -> bool:
    return "world" in getattr(item, "fixturenames", ()) and not needs_committed_data(item)


class SharedWorld:
    """One test module's world, built once in a transaction that is rolled back when the
    module ends, as Django's TestCase.setUpTestData does for a class: each test then runs
    in a savepoint inside it (pytest-django's `db`) on a deep copy of the objects.

    Building the world took most of the suite's time when every test built its own."""

    # Shifts, deadlines and training dates are relative to the moment the world was built:
    # an older world, or one from another day, is built again.
    MAX_AGE = datetime.timedelta(minutes=5)

    def __init__(self, module: str, blocker, media: Path) -> None:
        self.module = module
        self.blocker = blocker
        self.media = media
        self.world: World | None = None
        self.counters = Counters.start()
        self.atomics: list = []
        self.built_at: datetime.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.world is not None

    def is_stale(self) -> bool:
        if self.built_at is None:
            return True
        now = timezone.now()
        same_day = timezone.localdate(now) == timezone.localdate(self.built_at)
        return not same_day or not datetime.timedelta(0) <= now - self.built_at <= self.MAX_AGE

    def open(self) -> None:
        if self.is_open:
            return
        with self.blocker.unblock():
            # Inside someone else's transaction (a test's), rolling back at the module's end
            # would be wrong: then the test builds a world of its own.
            if any(connections[alias].in_atomic_block for alias in connections):
                return
            self.atomics = [transaction.atomic(using=alias) for alias in connections]
            for atomic in self.atomics:
                atomic.__enter__()
            try:
                shutil.rmtree(self.media, ignore_errors=True)
                make_the_same_data(f"{self.module}::world", Counters.start())
                with override_settings(MEDIA_ROOT=self.media):
                    # The same data the standard_data fixture loads, whatever it holds.
                    load_standard_data()
                    self.world = build_world()
                self.built_at = timezone.now()
                self.counters = Counters.now()
            finally:
                if self.world is None:
                    self._roll_back()
        _open_worlds.add(self)

    def close(self) -> None:
        if self.is_open:
            with self.blocker.unblock():
                self._roll_back()
        self.world = None
        _open_worlds.discard(self)

    def _roll_back(self) -> None:
        for alias, atomic in reversed(list(zip(connections, self.atomics, strict=True))):
            transaction.set_rollback(True, using=alias)
            atomic.__exit__(None, None, None)
        self.atomics = []

    def copy_for_a_test(self) -> World:
        """Model instances copied, as setUpTestData's TestData does, so what one test changes
        in memory is not seen by the next; its photos copied into the test's own media."""
        assert self.world is not None, "only an open world is copied"
        shutil.copytree(self.media, django_settings.MEDIA_ROOT, dirs_exist_ok=True)
        return copy.deepcopy(self.world)


_open_worlds: set[SharedWorld] = set()
_module_worlds: dict[str, SharedWorld] = {}
_current_item: list[pytest.Item] = []


def _module_of(item: pytest.Item) -> str:
    module = item.getparent(pytest.Module)
    return module.nodeid if module is not None else item.nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures: only a test that shares its module's world runs with that
    world's transaction open. Any other test (one needing committed data, or one without
    the world, which would otherwise see its rows) has it rolled back first."""
    _current_item[:] = [item]
    wanted = _module_worlds.get(_module_of(item)) if shares_the_world(item) else None
    for shared in list(_open_worlds):
        if shared is not wanted or shared.is_stale():
            shared.close()
    if wanted is not None:
        wanted.open()


def make_the_same_data(seed: str, counters: Counters) -> None:
    """Faker's names from a seed of our own, the factories' running numbers from a known
    point: the same people and places on every run, whatever ran before or beside."""
    factory.random.reseed_random(seed)
    counters.restore()


@pytest.fixture(autouse=True)
def same_data_on_every_run(request):
    """Random names once made a test flaky (an "ö" in a name): each test draws its own from a
    seed of its own, and numbers e-mail addresses on from where its module's world left off."""
    shared = _module_worlds.get(_module_of(request.node))
    counters = shared.counters if shared is not None and shared.is_open else Counters.start()
    make_the_same_data(request.node.nodeid, counters)


@pytest.fixture(scope="module")
def shared_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    module = request.node.nodeid
    shared = SharedWorld(module, django_db_blocker, tmp_path_factory.mktemp("world-media"))
    _module_worlds[module] = shared
    if _current_item and shares_the_world(_current_item[0]):
        shared.open()
    yield shared
    shared.close()
    del _module_worlds[module]


@pytest.fixture
def world(request, shared_world, db) -> World:
    if shared_world.is_open:
        return shared_world.copy_for_a_test()
    # Committed data (live server, worker processes): a world of the test's own, as before.
    request.getfixturevalue("standard_data")
    return build_world()


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


@pytest.fixture
def vapid(settings) -> VapidKeys:
    """Web Push switched on, with a key pair made for the test (tests/support/webpush.py)."""
    keys = VapidKeys.make()
    for name, value in keys.as_env().items():
        setattr(settings, name, value)
    return keys


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what services schedule with on_commit (the e-mail), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
