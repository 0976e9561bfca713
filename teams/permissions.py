"""The one place that answers "may this person see or change this team, organisation, shift or
patrol log?".

Each rule is a function of what the person is (`Roles`, which carries the user) and the object,
called by views and services alike; where a list needs the same rule, it is here a second time
as a queryset (`visible_*`), and tests/test_permissions.py proves that both answers agree for
every persona and every object of the test world.

Views call the `get_*_or_deny` helpers: an object the person may not see gives 404 (so its
existence does not leak), one they may see but not change gives 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .http import Request
from .models import Membership, PartnerOrganisation, PatrolLog, Shift, ShiftSignup, Team, User
from .roles import Roles

# --- Teams and organisations --------------------------------------------------------------


def can_view_team(roles: Roles, team: Team) -> bool:
    """Members see their own active team; administrators every active team."""
    return team.is_active and (roles.is_admin or roles.membership_for(team.pk) is not None)


def can_manage_team(roles: Roles, team: Team) -> bool:
    """Coordinators manage their own team; administrators manage every team."""
    if not can_view_team(roles, team):
        return False
    membership = roles.membership_for(team.pk)
    return roles.is_admin or (membership is not None and membership.is_coordinator)


def visible_teams(roles: Roles) -> QuerySet[Team]:
    teams = Team.objects.filter(is_active=True)
    return teams if roles.is_admin else teams.filter(pk__in=roles.team_ids)


def managed_teams(roles: Roles) -> QuerySet[Team]:
    teams = Team.objects.filter(is_active=True)
    return teams if roles.is_admin else teams.filter(pk__in=roles.coordinated_team_ids)


def can_appoint(roles: Roles, role: str) -> bool:
    """Coordinators invite volunteers; only administrators appoint coordinators."""
    return roles.is_admin or role == Membership.Role.VOLUNTEER


def can_view_organisation(roles: Roles, organisation: PartnerOrganisation) -> bool:
    return organisation.is_active and (roles.is_admin or organisation.pk in roles.organisation_ids)


def can_manage_organisation(roles: Roles, organisation: PartnerOrganisation) -> bool:
    """Partner organisations and their users are kept by the administrators."""
    return organisation.is_active and roles.is_admin


# --- Accounts in the admin -------------------------------------------------------------------


def can_announce(roles: Roles, team: Team) -> bool:
    """A message to the team: its coordinators, the region's administrators, and the team's
    wijkagent (a user of a police organisation that works in one of its neighbourhoods)."""
    if not team.is_active:
        return False
    if can_manage_team(roles, team):
        return True
    police = [o.pk for o in roles.organisations if o.type == PartnerOrganisation.Type.POLICE]
    return bool(police) and (
        PartnerOrganisation.neighbourhoods.through.objects.filter(
            partnerorganisation_id__in=police, neighbourhood__teams=team
        ).exists()
    )


def get_team_to_announce_or_deny(request: Request, pk: int) -> Team:
    team = get_object_or_404(Team, pk=pk)
    if not can_announce(request.roles, team):
        raise Http404 if not can_view_team(request.roles, team) else PermissionDenied
    return team


def can_manage_connections(roles: Roles, organisation: PartnerOrganisation) -> bool:
    """Who makes and removes the organisation's API keys and webhooks: the region's
    administrators, and the organisation's own leads (a key's account is never a lead, so a
    key cannot make keys)."""
    lead = any(
        pm.organisation_id == organisation.pk and pm.is_lead for pm in roles.partner_memberships
    )
    return organisation.is_active and (roles.is_admin or lead)


def can_manage_access(roles: Roles) -> bool:
    """Who is an administrator or superuser, in which groups, and passwords typed for someone
    else: superusers only. A regional administrator (staff) sends a reset link instead."""
    return roles.is_active and bool(roles.user.is_superuser)


def can_change_account(roles: Roles, person: User) -> bool:
    """Superusers change every account; a regional administrator only those of people who are
    not administrators themselves (their own included: that is done on the account pages,
    which ask for the password again)."""
    return can_manage_access(roles) or (
        roles.is_admin and not (person.is_staff or person.is_superuser)
    )


# --- Roster: a team's members see its shifts, its coordinators plan them ---------------------


def can_view_shift(roles: Roles, shift: Shift) -> bool:
    return can_view_team(roles, shift.team)


def can_manage_shift(roles: Roles, shift: Shift) -> bool:
    return can_manage_team(roles, shift.team)


def visible_shifts(roles: Roles) -> QuerySet[Shift]:
    return Shift.objects.filter(team__in=visible_teams(roles))


def signup_membership(roles: Roles, shift: Shift) -> Membership | None:
    """The membership with which this person signs up for (or withdraws from) the shift: their
    own of the shift's team. Administrators see the roster but have no place in it."""
    return roles.membership_for(shift.team_id)


# --- Patrol logs: the team's members read them; who walked the round writes them -------------


def can_file_log(roles: Roles, shift: Shift) -> bool:
    """Those who signed up for the shift file its log; so may the team's coordinators."""
    user = roles.active_user
    if user is None or not shift.team.is_active:
        return False
    signed_up = shift.signups.filter(
        membership__user=user,
        membership__status__in=Membership.CURRENT_STATUSES,
        status=ShiftSignup.Status.CONFIRMED,
    ).exists()
    return signed_up or can_manage_team(roles, shift.team)


def can_view_log(roles: Roles, log: PatrolLog) -> bool:
    return can_view_team(roles, log.shift.team)


def can_edit_log(roles: Roles, log: PatrolLog) -> bool:
    """The people who walked the round, and the team's coordinators, correct the log."""
    if can_manage_team(roles, log.shift.team):
        return True
    membership = roles.membership_for(log.shift.team_id)
    return membership is not None and (
        log.filed_by_id == roles.user.pk or log.present.filter(pk=membership.pk).exists()
    )


def visible_logs(roles: Roles) -> QuerySet[PatrolLog]:
    return PatrolLog.objects.filter(shift__team__in=visible_teams(roles))


def editable_logs(roles: Roles) -> QuerySet[PatrolLog]:
    present = PatrolLog.present.through.objects.filter(
        patrollog_id=OuterRef("pk"), membership__in=[m.pk for m in roles.memberships]
    )
    walked = Q(shift__team_id__in=roles.team_ids) & (
        Q(filed_by_id=roles.user.pk) | Q(Exists(present))
    )
    return PatrolLog.objects.filter(
        Q(shift__team__in=managed_teams(roles)) | walked, shift__team__is_active=True
    )


# --- For views: the object, or 404 / 403 ----------------------------------------------------


def get_team_or_deny(request: Request, pk: int, *, manage: bool = False) -> Team:
    team = get_object_or_404(Team, pk=pk)
    if not can_view_team(request.roles, team):
        raise Http404
    if manage and not can_manage_team(request.roles, team):
        raise PermissionDenied
    return team


def get_organisation_or_deny(
    request: Request, pk: int, *, manage: bool = False
) -> PartnerOrganisation:
    organisation = get_object_or_404(PartnerOrganisation, pk=pk)
    if not can_view_organisation(request.roles, organisation):
        raise Http404
    if manage and not can_manage_organisation(request.roles, organisation):
        raise PermissionDenied
    return organisation


def get_shift_or_deny(request: Request, pk: int, *, manage: bool = False) -> Shift:
    shift = get_object_or_404(Shift.objects.select_related("team"), pk=pk)
    if not can_view_shift(request.roles, shift):
        raise Http404
    if manage and not can_manage_shift(request.roles, shift):
        raise PermissionDenied
    return shift


def get_log_or_deny(request: Request, pk: int, *, edit: bool = False) -> PatrolLog:
    log = get_object_or_404(PatrolLog.objects.select_related("shift__team", "filed_by"), pk=pk)
    if not can_view_log(request.roles, log):
        raise Http404
    if edit and not can_edit_log(request.roles, log):
        raise PermissionDenied
    return log


def require(allowed: bool) -> None:
    """For services: refuse what the person may not do, whoever calls the service."""
    if not allowed:
        raise PermissionDenied
