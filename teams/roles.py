"""What a person is in the product: the basis of navigation and of every permission.

`RolesMiddleware` puts a `Roles` on every request (`request.roles`). What it reads is read the
first time something asks for it, and once per request: a page that only needs to know whether
someone is an administrator reads nothing. Every page asks (the navigation shows each role its
pages), so the memberships, partner memberships, the training coordinator's row and whether
the person has an authenticator app are kept in the cache per person (`notifications.cache.
per_person`), and read from the database again after any write to them (`teams.receivers`
calls `roles_changed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from notifications.cache import forget, per_person

from .models import (
    ApiKey,
    Membership,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    TrainingCoordinator,
    User,
)
from .models.api import ACCOUNT_DOMAIN

# Kept as pickled model instances: a change to `Known` gets a new name, so that no process
# reads what an older version of the code kept.
ROLES = "roles-1"


@dataclass(frozen=True)
class Known:
    """What the roles read from the database, as kept in the cache."""

    memberships: list[Membership]
    partner_memberships: list[PartnerMembership]
    is_training_coordinator: bool
    has_totp: bool


def _known(user: User) -> Known:
    if user.email.endswith("@" + ACCOUNT_DOMAIN):
        return _known_key(user)
    return Known(
        memberships=list(
            Membership.objects.current()
            .filter(user=user, team__is_active=True)
            .select_related("team")
            .order_by("team__name")
        ),
        partner_memberships=list(
            PartnerMembership.objects.current()
            .filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        ),
        is_training_coordinator=TrainingCoordinator.objects.filter(user=user).exists(),
        has_totp=Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    )


def _known_key(user: User) -> Known:
    """An API key's account is a user of the key's organisation, as long as the key may be
    used (an unsaved membership: it is listed nowhere, so nobody mails or assigns it)."""
    key = ApiKey.objects.filter(user=user).select_related("organisation").first()
    memberships = (
        [PartnerMembership(user=user, organisation=key.organisation, is_active=True)]
        if key and key.is_usable()
        else []
    )
    return Known([], memberships, is_training_coordinator=False, has_totp=False)


def roles_changed(user_ids: Iterable[int]) -> None:
    """These people's memberships, organisations, teams or authenticators changed."""
    forget(ROLES, set(user_ids))


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
    def _known(self) -> Known | None:
        if (user := self.active_user) is None:
            return None
        return per_person(ROLES, user.pk, lambda: _known(user))

    @property
    def signature(self) -> tuple:
        """The roles as a part of a cache key: a page kept under it was made for exactly
        these roles (taken from the roles themselves, so it cannot lag behind them)."""
        return (
            self.user.pk,
            self.is_admin,
            self.is_training_coordinator,
            tuple((m.pk, m.updated_at) for m in self.memberships),
            tuple((pm.pk, pm.organisation_id, pm.is_lead) for pm in self.partner_memberships),
        )

    @property
    def memberships(self) -> list[Membership]:
        """Current memberships of active teams, by team name."""
        return self._known.memberships if self._known else []

    @property
    def partner_memberships(self) -> list[PartnerMembership]:
        """Current memberships of active partner organisations, by organisation name."""
        return self._known.partner_memberships if self._known else []

    @property
    def is_training_coordinator(self) -> bool:
        """Training coordinators run the training cohorts; so do the administrators."""
        return self.is_admin or bool(self._known and self._known.is_training_coordinator)

    @property
    def has_totp(self) -> bool:
        """Whether the person has set up an authenticator app (two-factor authentication)."""
        return bool(self._known and self._known.has_totp)

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
