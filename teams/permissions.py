"""The one place that answers "may this user see or change this team or organisation?".

Views call the `get_*_or_deny` helpers: an object the user may not see gives 404 (so its
existence does not leak), one they may see but not change gives 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Membership, PartnerOrganisation, Team
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
