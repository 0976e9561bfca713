"""One copy of every access rule: what the Python rule answers about one object is what the
queryset for lists answers, for every persona and every object of the test world; and what a
view offers as a move on a signal is exactly what the service lets that person do.

The access table (tests/test_access.py) checks each page's status codes; these tests check
that the two forms of each rule cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from signalen import permissions as signal_rules
from signalen import workflow
from signalen.models import Signal, Status
from signalen.permissions import Access
from signalen.services import signal_act
from teams import permissions as team_rules
from teams.models import Membership, PatrolLog, Shift, Team, TrainingCoordinator, User
from teams.roles import Roles
from trainingen import permissions as training_rules
from trainingen import services as training_services
from trainingen.models import Cohort

from .conftest import PERSONAS, World
from .factories import (
    MembershipFactory,
    PartnerMembershipFactory,
    TeamFactory,
    UserFactory,
    cohort_factory,
    log_factory,
    routing_rule,
    shift_factory,
    signal_factory,
)

# The personas of the access table, plus a training coordinator who is not an administrator
# and a person whose account was switched off.
EVERYONE = (*PERSONAS, "trainer", "deactivated")


@dataclass
class People:
    world: World
    trainer: User
    deactivated: User

    def roles(self, persona: str) -> Roles:
        if persona == "trainer":
            return Roles(self.trainer)
        if persona == "deactivated":
            return Roles(self.deactivated)
        return Roles(self.world.user(persona) or AnonymousUser())


@pytest.fixture
def people(world: World) -> People:
    trainer = UserFactory.create(first_name="Tessa")
    TrainingCoordinator.objects.create(user=trainer)
    deactivated = MembershipFactory.create(team=world.team_a, user__first_name="Dirk").user
    deactivated.is_active = False
    deactivated.save()
    return People(world, trainer, deactivated)


@pytest.fixture
def all_signals(world: World) -> list[Signal]:
    """Besides the world's own: a signal of the other team, one that informs a second
    organisation, one in the regional queue (normal and care), and an anonymised one."""
    reporter_b = MembershipFactory.create(team=world.team_b).user
    routing_rule("burglary-risk", world.org_b, neighbourhood=world.team_b.neighbourhoods.get())
    routing_rule("vehicle-crime", world.org_a, informed=[world.org_b])
    resolved = signal_factory(reporter=reporter_b, team=world.team_b)
    Signal.objects.filter(pk=resolved.pk).update(status=Status.RESOLVED)
    informing = signal_factory(reporter=world.volunteer, team=world.team_a, code="vehicle-crime")
    # A question waits for the reporter's answer.
    Signal.objects.filter(pk=informing.pk).update(status=Status.WAITING)
    signal_factory(reporter=world.volunteer, team=world.team_a, code="youth-nuisance")
    rejected = signal_factory(reporter=reporter_b, team=world.team_b, code="care-worry-lonely")
    # "Not ours": back in the regional queue, where only a summary may be seen.
    Signal.objects.filter(pk=rejected.pk).update(responsible=None)
    anonymised = signal_factory(reporter=world.volunteer, team=world.team_a)
    Signal.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now(), reporter=None)
    signals = list(Signal.objects.prefetch_related("informed").order_by("pk"))
    assert len(signals) == 7
    assert any(s.responsible_id is None and s.is_care for s in signals)
    assert any(s.informed.all() for s in signals)
    return signals


@pytest.mark.parametrize("persona", EVERYONE)
def test_signal_access_in_python_and_in_sql_agree(people, all_signals, persona):
    roles = people.roles(persona)
    full = set(signal_rules.signals_with_access(roles).values_list("pk", flat=True))
    summary = set(
        signal_rules.signals_with_access(roles, Access.SUMMARY).values_list("pk", flat=True)
    )
    for signal in all_signals:
        access = signal_rules.access_to(roles, signal)
        assert (signal.pk in full) == (access == Access.FULL), (persona, signal.pk, access)
        assert (signal.pk in summary) == (access >= Access.SUMMARY), (persona, signal.pk, access)


def test_care_signals_are_read_in_full_only_by_reporter_and_responsible_organisation(
    people, all_signals
):
    """The agreement above could hold for a wrong rule: here the rule itself, for care."""
    world = people.world
    readers = {
        persona
        for persona in EVERYONE
        if signal_rules.access_to(people.roles(persona), world.care_signal) == Access.FULL
    }
    assert readers == {"volunteer", "partner_b"}


def _act_kwargs(world: World, transition: workflow.Transition, signal: Signal) -> dict:
    kwargs: dict = {"text": "Zie toelichting." if transition.needs_text else ""}
    if transition.needs_organisation:
        kwargs["organisation"] = (
            world.org_b if signal.responsible_id != world.org_b.pk else world.org_a
        )
    if transition.needs_assignee:
        colleague = PartnerMembershipFactory.create(
            organisation_id=signal.responsible_id or world.org_a.pk
        )
        kwargs["assignee"] = colleague.user
    if transition.needs_original:
        # An earlier signal of the same organisation (rolled back with the move).
        original = signal_factory(reporter=world.volunteer, team=world.team_a)
        Signal.objects.filter(pk=original.pk).update(responsible_id=signal.responsible_id)
        kwargs["original"] = original
    return kwargs


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_moves_a_page_offers_are_the_moves_the_service_allows(people, all_signals, persona):
    world = people.world
    roles = people.roles(persona)
    actor = roles.user
    moves = 0
    for signal in all_signals:
        offered = {t.action for t in signal_rules.available_actions(roles, signal)}
        moves += len(offered)
        for action, transition in workflow.TRANSITIONS.items():
            refusal = None
            with transaction.atomic():
                try:
                    if not actor.is_authenticated:
                        raise PermissionDenied
                    signal_act(
                        signal=signal,
                        action=action,
                        actor=actor,
                        **_act_kwargs(world, transition, signal),
                    )
                except PermissionDenied:
                    refusal = "not yours"
                except ValidationError as error:
                    refusal = error.code
                transaction.set_rollback(True)
            # Refused only because of who asks, or because of the signal's status.
            assert refusal in {None, "not yours", "not_allowed", "routed"}, (persona, action)
            allowed = refusal is None
            assert allowed == (action in offered), (persona, signal.pk, action)
    # Each part of the workflow is exercised: the reporter, both partners, the administrator.
    assert (moves > 0) == (persona in {"volunteer", "partner_a", "partner_b", "admin"})


@pytest.fixture
def all_shifts_and_logs(world: World) -> tuple[list[Shift], list[PatrolLog]]:
    """Besides the world's own: the other team's shift and log, a shift of a team that was
    switched off, and a log filed by a member who did not walk it."""
    other = shift_factory(world.team_b, days=2)
    log_factory(
        shift_factory(world.team_b, days=-3),
        present=[
            MembershipFactory.create(team=world.team_b),
            MembershipFactory.create(team=world.team_b),
        ],
    )
    gone = TeamFactory.create(name="Team Opgeheven", is_active=False)
    member = MembershipFactory.create(team=gone, user=world.volunteer)
    log_factory(shift_factory(gone, days=-4), present=[member, MembershipFactory.create(team=gone)])
    walkers = [
        MembershipFactory.create(team=world.team_a),
        MembershipFactory.create(team=world.team_a),
    ]
    log_factory(shift_factory(world.team_a, days=-5), present=walkers)
    assert other.pk
    return list(Shift.objects.select_related("team")), list(
        PatrolLog.objects.select_related("shift__team")
    )


@pytest.mark.parametrize("persona", EVERYONE)
def test_team_shift_and_log_rules_in_python_and_in_sql_agree(people, all_shifts_and_logs, persona):
    roles = people.roles(persona)
    shifts, logs = all_shifts_and_logs
    teams = list(Team.objects.all())
    assert any(not team.is_active for team in teams)
    visible = set(team_rules.visible_teams(roles).values_list("pk", flat=True))
    managed = set(team_rules.managed_teams(roles).values_list("pk", flat=True))
    for team in teams:
        assert (team.pk in visible) == team_rules.can_view_team(roles, team), (persona, team)
        assert (team.pk in managed) == team_rules.can_manage_team(roles, team), (persona, team)
    shown = set(team_rules.visible_shifts(roles).values_list("pk", flat=True))
    for shift in shifts:
        assert (shift.pk in shown) == team_rules.can_view_shift(roles, shift), (persona, shift)
    readable = set(team_rules.visible_logs(roles).values_list("pk", flat=True))
    editable = set(team_rules.editable_logs(roles).values_list("pk", flat=True))
    for log in logs:
        assert (log.pk in readable) == team_rules.can_view_log(roles, log), (persona, log)
        assert (log.pk in editable) == team_rules.can_edit_log(roles, log), (persona, log)


def test_who_may_correct_a_patrol_log(people, all_shifts_and_logs):
    """The rule itself for the world's log: the two who walked it (a volunteer and the
    coordinator) and the administrator; nobody for a log of a team that was switched off."""
    world = people.world
    editors = {
        persona for persona in EVERYONE if team_rules.can_edit_log(people.roles(persona), world.log)
    }
    assert editors == {"volunteer", "coordinator", "admin"}
    _shifts, logs = all_shifts_and_logs
    gone = next(log for log in logs if not log.shift.team.is_active)
    assert not team_rules.can_edit_log(people.roles("volunteer"), gone)


@pytest.fixture
def all_cohorts(world: World) -> list[Cohort]:
    """Besides the world's own: a cohort with the other organisation in it, and one that
    nobody has joined yet."""
    other = cohort_factory(world.admin, [world.team_b.neighbourhoods.get()], name="Leergang Zuid")
    training_services.participants_add(
        cohort=other,
        invitees=[training_services.Invitee(world.partner_b, organisation=world.org_b)],
    )
    cohort_factory(world.admin, [world.team_b.neighbourhoods.get()], name="Leergang Leeg")
    return list(Cohort.objects.all())


@pytest.mark.parametrize("persona", EVERYONE)
def test_cohort_rules_in_python_and_in_sql_agree(people, all_cohorts, persona):
    roles = people.roles(persona)
    visible = set(training_rules.visible_cohorts(roles).values_list("pk", flat=True))
    for cohort in all_cohorts:
        assert (cohort.pk in visible) == training_rules.can_view_cohort(roles, cohort), (
            persona,
            cohort,
        )


def test_who_sees_which_cohort(people, all_cohorts):
    def seen_by(persona):
        return set(
            training_rules.visible_cohorts(people.roles(persona)).values_list("name", flat=True)
        )

    everything = {"Leergang Noord", "Leergang Zuid", "Leergang Leeg"}
    assert seen_by("admin") == seen_by("trainer") == everything
    assert seen_by("volunteer") == seen_by("partner_a") == {"Leergang Noord"}
    assert seen_by("partner_b") == {"Leergang Zuid"}
    assert seen_by("coordinator") == seen_by("anonymous") == seen_by("deactivated") == set()


def test_services_refuse_what_the_rules_refuse(world: World):
    """Whoever calls them (a view, an import, an API), the services apply the same rules."""
    from teams import services as team_services

    with pytest.raises(PermissionDenied):
        team_services.shift_cancel(actor=world.volunteer, shift=world.shift, reason="Regen")
    with pytest.raises(PermissionDenied):
        team_services.invitation_create(
            invited_by=world.coordinator,
            team=world.team_a,
            email="nieuw@example.org",
            first_name="Nina",
            role=Membership.Role.COORDINATOR,
        )
    with pytest.raises(PermissionDenied):
        team_services.patrol_log_create(
            actor=world.other_coordinator,
            shift=world.past_shift,
            report=team_services.PatrolReport(
                started_at=world.past_shift.starts_at,
                ended_at=world.past_shift.ends_at,
                present=[world.volunteer_membership, world.coordinator.memberships.get()],
                area="Kerkstraat",
                called_112=False,
                called_police_line=False,
                notes="",
                counts={},
            ),
        )
    with pytest.raises(PermissionDenied):
        training_services.attendance_register(
            seat=world.training_seat, attendance="present", actor=world.coordinator
        )
