"""Reads about teams and people, always scoped by the user who reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest

from .models import (
    Invitation,
    Membership,
    Neighbourhood,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    User,
)


@dataclass
class Roles:
    """What a user is in the product: the basis of navigation and permissions."""

    memberships: list[Membership] = field(default_factory=list)
    partner_memberships: list[PartnerMembership] = field(default_factory=list)
    is_admin: bool = False

    @property
    def teams(self) -> list[Team]:
        return [m.team for m in self.memberships]

    @property
    def coordinated_teams(self) -> list[Team]:
        return [m.team for m in self.memberships if m.is_coordinator]

    @property
    def organisations(self) -> list[PartnerOrganisation]:
        return [pm.organisation for pm in self.partner_memberships]

    @property
    def is_team_member(self) -> bool:
        return bool(self.memberships)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinated_teams)

    @property
    def is_partner(self) -> bool:
        return bool(self.partner_memberships)

    @property
    def needs_two_factor(self) -> bool:
        return self.is_admin or self.is_partner

    def membership_for(self, team: Team) -> Membership | None:
        return next((m for m in self.memberships if m.team_id == team.pk), None)


def roles_for(user: User) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return Roles()
    memberships = list(
        Membership.objects.current()
        .filter(user=user, team__is_active=True)
        .select_related("team")
        .order_by("team__name")
    )
    partner_memberships = list(
        PartnerMembership.objects.current()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return Roles(memberships, partner_memberships, is_admin=user.is_staff)


def get_roles(request: HttpRequest) -> Roles:
    """The request user's roles, read once per request."""
    if not hasattr(request, "_roles"):
        request._roles = roles_for(request.user)
    return request._roles


def team_members(team: Team) -> list[Membership]:
    return list(
        team.memberships.select_related("user", "team").order_by(
            "status", "role", "user__first_name"
        )
    )


def team_pending_invitations(team: Team) -> list[Invitation]:
    return list(team.invitations.pending().select_related("invited_by"))


def organisation_members(organisation: PartnerOrganisation) -> list[PartnerMembership]:
    return list(
        organisation.partner_memberships.current()
        .select_related("user")
        .order_by("user__first_name")
    )


def organisation_pending_invitations(organisation: PartnerOrganisation) -> list[Invitation]:
    return list(organisation.invitations.pending().select_related("invited_by"))


def teams_with_counts(team_ids: list[int] | None = None):
    """Teams with member counts per status, for overviews (one query)."""
    qs = Team.objects.filter(is_active=True).annotate(
        active_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)),
        aspirant_count=Count(
            "memberships", filter=Q(memberships__status=Membership.Status.ASPIRANT)
        ),
    )
    if team_ids is not None:
        qs = qs.filter(pk__in=team_ids)
    return qs.prefetch_related(
        Prefetch("neighbourhoods", queryset=_neighbourhoods_with_municipality())
    )


def organisations_overview():
    return (
        PartnerOrganisation.objects.filter(is_active=True)
        .annotate(
            user_count=Count("partner_memberships", filter=Q(partner_memberships__is_active=True))
        )
        .prefetch_related(Prefetch("neighbourhoods", queryset=_neighbourhoods_with_municipality()))
    )


def _neighbourhoods_with_municipality():
    return Neighbourhood.objects.select_related("municipality")


@dataclass
class MembershipCard:
    membership: Membership
    items: list
    ready: bool


@dataclass
class HomeOverview:
    """What 'Mijn buurt' shows: each role's part, empty where the user lacks that role."""

    memberships: list[MembershipCard]
    coordinated_teams: list[Team]
    organisations: list[PartnerOrganisation]
    region: dict[str, int] | None = None
    region_teams: list[Team] = field(default_factory=list)
    region_organisations: list[PartnerOrganisation] = field(default_factory=list)

    @property
    def has_role(self) -> bool:
        return bool(self.memberships or self.organisations or self.region)


def home_overview(user: User, roles: Roles) -> HomeOverview:
    cards = []
    for membership in roles.memberships:
        items = membership.readiness()
        cards.append(MembershipCard(membership, items, all(item.met for item in items)))
    coordinated_ids = [team.pk for team in roles.coordinated_teams]
    overview = HomeOverview(
        memberships=cards,
        coordinated_teams=list(teams_with_counts(coordinated_ids)) if coordinated_ids else [],
        organisations=list(
            organisations_overview().filter(pk__in=[o.pk for o in roles.organisations])
        )
        if roles.organisations
        else [],
    )
    if roles.is_admin:
        overview.region_teams = list(teams_with_counts())
        overview.region_organisations = list(organisations_overview())
        overview.region = {
            "teams": len(overview.region_teams),
            "members": Membership.objects.current().filter(team__is_active=True).count(),
            "organisations": len(overview.region_organisations),
            "invitations": Invitation.objects.pending().count(),
        }
    return overview
