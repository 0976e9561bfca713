"""The one place that answers "may this user see or change this team or organisation?".

Views call the `get_*_or_deny` helpers: an object the user may not see gives 404 (so its
existence does not leak), one they may see but not change gives 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Membership, PartnerOrganisation, PatrolLog, Shift, ShiftSignup, Team
from .selectors import Roles, get_roles


def can_view_team(roles: Roles, team: Team) -> bool:
    return roles.is_admin or roles.membership_for(team) is not None


def can_manage_team(roles: Roles, team: Team) -> bool:
    """Coordinators manage their own team; administrators manage every team."""
    if roles.is_admin:
        return True
    membership = roles.membership_for(team)
    return membership is not None and membership.is_coordinator


def can_invite_role(roles: Roles, role: str) -> bool:
    """Coordinators invite volunteers; only administrators appoint coordinators."""
    return roles.is_admin or role == Membership.Role.VOLUNTEER


def can_view_organisation(roles: Roles, organisation: PartnerOrganisation) -> bool:
    return roles.is_admin or any(o.pk == organisation.pk for o in roles.organisations)


def can_manage_organisation(roles: Roles, organisation: PartnerOrganisation) -> bool:
    return roles.is_admin


def get_team_or_deny(request: HttpRequest, pk: int, *, manage: bool = False) -> Team:
    team = get_object_or_404(Team, pk=pk, is_active=True)
    roles = get_roles(request)
    if not can_view_team(roles, team):
        raise Http404
    if manage and not can_manage_team(roles, team):
        raise PermissionDenied
    return team


def get_organisation_or_deny(
    request: HttpRequest, pk: int, *, manage: bool = False
) -> PartnerOrganisation:
    organisation = get_object_or_404(PartnerOrganisation, pk=pk, is_active=True)
    roles = get_roles(request)
    if not can_view_organisation(roles, organisation):
        raise Http404
    if manage and not can_manage_organisation(roles, organisation):
        raise PermissionDenied
    return organisation


# --- Roster and patrol logs: members of the team see them, coordinators manage them ---------


def get_shift_or_deny(request: HttpRequest, pk: int, *, manage: bool = False) -> Shift:
    shift = get_object_or_404(Shift.objects.select_related("team"), pk=pk)
    roles = get_roles(request)
    if not can_view_team(roles, shift.team):
        raise Http404
    if manage and not can_manage_team(roles, shift.team):
        raise PermissionDenied
    return shift


def membership_for_signup(request: HttpRequest, shift: Shift) -> Membership:
    """The requesting person's own membership of the shift's team (403 without one)."""
    membership = get_roles(request).membership_for(shift.team)
    if membership is None:
        raise PermissionDenied
    return membership


def can_file_log(request: HttpRequest, shift: Shift) -> bool:
    """Those who signed up for the shift file its log; so may the team's coordinators."""
    roles = get_roles(request)
    if can_manage_team(roles, shift.team):
        return True
    membership = roles.membership_for(shift.team)
    return (
        membership is not None
        and shift.signups.filter(
            membership=membership, status=ShiftSignup.Status.CONFIRMED
        ).exists()
    )


def get_log_or_deny(request: HttpRequest, pk: int, *, edit: bool = False) -> PatrolLog:
    log = get_object_or_404(PatrolLog.objects.select_related("shift__team", "filed_by"), pk=pk)
    roles = get_roles(request)
    if not can_view_team(roles, log.shift.team):
        raise Http404
    if edit and not can_edit_log(roles, log):
        raise PermissionDenied
    return log


def can_edit_log(roles: Roles, log: PatrolLog) -> bool:
    """The people who walked the round, and the team's coordinators, correct the log."""
    if can_manage_team(roles, log.shift.team):
        return True
    membership = roles.membership_for(log.shift.team)
    return membership is not None and (
        log.filed_by_id == membership.user_id or log.present.filter(pk=membership.pk).exists()
    )
