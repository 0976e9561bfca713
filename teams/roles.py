"""What a person is in the product: the basis of navigation and of every permission.

`RolesMiddleware` puts a `Roles` on every request (`request.roles`). Each part is read from the
database the first time something asks for it, and once per request: a page that only needs
to know whether someone is an administrator reads no membership.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from .models import (
    Membership,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    TrainingCoordinator,
    User,
)


class Roles:
    def __init__(self, user: User | AnonymousUser):
        self.user = user

    @property
    def active_user(self) -> User | None:
        """The user, when logged in and active; the roles below belong to no one else."""
        user = self.user
        return user if user.is_authenticated and user.is_active else None

    @property
    def is_active(self) -> bool:
        return self.active_user is not None

    @property
    def is_admin(self) -> bool:
        """Regional administrators are the active staff users."""
        return self.is_active and bool(self.user.is_staff)

    @cached_property
    def memberships(self) -> list[Membership]:
        """Current memberships of active teams, by team name."""
        if (user := self.active_user) is None:
            return []
        return list(
            Membership.objects.current()
            .filter(user=user, team__is_active=True)
            .select_related("team")
            .order_by("team__name")
        )

    @cached_property
    def partner_memberships(self) -> list[PartnerMembership]:
        """Current memberships of active partner organisations, by organisation name."""
        if (user := self.active_user) is None:
            return []
        return list(
            PartnerMembership.objects.current()
            .filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        )

    @cached_property
    def is_training_coordinator(self) -> bool:
        """Training coordinators run the training cohorts; so do the administrators."""
        if (user := self.active_user) is None:
            return False
        return self.is_admin or TrainingCoordinator.objects.filter(user=user).exists()

    @property
    def teams(self) -> list[Team]:
        return [m.team for m in self.memberships]

    @property
    def team_ids(self) -> list[int]:
        return [m.team_id for m in self.memberships]

    @property
    def coordinated_teams(self) -> list[Team]:
        return [m.team for m in self.memberships if m.is_coordinator]

    @property
    def coordinated_team_ids(self) -> list[int]:
        return [m.team_id for m in self.memberships if m.is_coordinator]

    @property
    def organisations(self) -> list[PartnerOrganisation]:
        return [pm.organisation for pm in self.partner_memberships]

    @property
    def organisation_ids(self) -> list[int]:
        return [pm.organisation_id for pm in self.partner_memberships]

    @property
    def is_team_member(self) -> bool:
        return bool(self.memberships)

    @property
    def is_coordinator(self) -> bool:
        return any(m.is_coordinator for m in self.memberships)

    @property
    def is_partner(self) -> bool:
        return bool(self.partner_memberships)

    @property
    def needs_two_factor(self) -> bool:
        return self.is_admin or self.is_partner

    def membership_for(self, team_id: int) -> Membership | None:
        """My current membership of this team, if I have one."""
        return next((m for m in self.memberships if m.team_id == team_id), None)
