"""Writes about teams and people. Each function is one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import notify

from ..invitation_list import Line
from ..models import (
    Invitation,
    Membership,
    MembershipEvent,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    User,
    hash_token,
)
from ..permissions import can_appoint, can_manage_organisation, can_manage_team, require
from ..roles import Roles
from ..selectors import invitation_list_read, team_coordinators


def invitation_create(
    *,
    invited_by: User,
    email: str,
    first_name: str,
    team: Team | None = None,
    role: str = Membership.Role.VOLUNTEER,
    organisation: PartnerOrganisation | None = None,
) -> Invitation:
    """Invite a person to a team or a partner organisation and send them the link.

    A person who already belongs there is not invited again. A newer invitation replaces
    a pending one for the same address and place, so only the latest link works.
    """
    if (team is None) == (organisation is None):
        raise ValueError("Invite to exactly one team or one partner organisation.")
    roles = Roles(invited_by)
    if team is not None:
        require(can_manage_team(roles, team) and can_appoint(roles, role))
    else:
        assert organisation is not None  # exactly one of the two, checked above
        require(can_manage_organisation(roles, organisation))
    email = User.objects.normalize_email(email).lower()
    if (
        team is not None
        and Membership.objects.current().filter(team=team, user__email__iexact=email).exists()
    ):
        raise ValidationError(_("%(email)s is already a member of this team.") % {"email": email})
    if (
        organisation is not None
        and PartnerMembership.objects.current()
        .filter(organisation=organisation, user__email__iexact=email)
        .exists()
    ):
        raise ValidationError(
            _("%(email)s already works for this organisation in the application.")
            % {"email": email}
        )

    token = Invitation.new_token()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.pending().filter(
            email__iexact=email, team=team, organisation=organisation
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            first_name=first_name.strip(),
            team=team,
            role=role if team is not None else "",
            organisation=organisation,
            invited_by=invited_by,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        notify(
            event="account_invitation",
            dedup_key=f"invitation:{invitation.pk}",
            email=email,
            context={
                "invitation": invitation,
                "inviter": invited_by.first_name,
            },
            # The link works as a password: it is not kept once the e-mail has gone.
            secrets={"url": invitation_url(token)},
            inbox=False,
        )
    return invitation


def invitations_from_list(*, invited_by: User, team: Team, text: str) -> list[Line]:
    """Invite everyone on a list whose line is fit (teams.invitation_list), as volunteers,
    and return every line with its verdict. Lines of people already in the team or already
    invited are passed over, so sending the same list twice invites nobody twice; two
    coordinators sending at once take turns (the team is locked)."""
    require(can_manage_team(Roles(invited_by), team))
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()
        lines = invitation_list_read(team, text)
        for line in lines:
            if line.verdict == "invite":
                line.invitation_id = invitation_create(
                    invited_by=invited_by, email=line.email, first_name=line.first_name, team=team
                ).pk
    return lines


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("teams:invitation_accept", args=[token])


def invitation_find(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("team", "organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_needs_two_factor(*, invitation: Invitation, user: User | None) -> bool:
    """Whether the person sets up the authenticator app before the invitation is used.

    Partner users must use two-factor authentication (MFA_REQUIRED). Invited to an
    organisation, a person without the app sets it up while accepting, with the e-mailed
    link in hand: the invitation is used only then (`invitation_accept`, called when the app
    is set up), so the app is never enrolled later by someone who only learnt the password.
    """
    return bool(
        settings.MFA_REQUIRED
        and invitation.organisation_id is not None
        and (
            user is None
            or not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )
    )


def invitation_account_create(
    *,
    invitation: Invitation,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    language: str | None = None,
) -> User:
    """Create the invited person's account, without joining yet (see
    `invitation_needs_two_factor`); the invitation stays pending."""
    with transaction.atomic():
        locked = _lock_pending(invitation)
        return _account_create(
            locked,
            first_name=first_name,
            last_name=last_name,
            password=password,
            language=language,
        )


def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    language: str | None = None,
) -> User:
    """Use an invitation once: create the account (or take the logged-in one) and join.

    The link was sent to the invited address, so opening it proves the address: it is
    stored as verified. The invitation row is locked, so a link used twice at the same
    moment joins once and the second use fails.
    """
    with transaction.atomic():
        locked = _lock_pending(invitation)
        if user is None:
            user = _account_create(
                locked,
                first_name=first_name,
                last_name=last_name,
                password=password,
                language=language,
            )
        elif user.email.lower() != locked.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        else:
            _address_verified(user, locked.email)
        if locked.team_id:
            membership, created = Membership.objects.get_or_create(
                user=user,
                team_id=locked.team_id,
                defaults={"role": locked.role, "status": Membership.Status.ASPIRANT},
            )
            if not created:
                membership.role = locked.role
                membership.status = Membership.Status.ASPIRANT
                membership.save(update_fields=["role", "status", "updated_at"])
            joined = MembershipEvent.objects.create(
                membership=membership,
                actor=user,
                kind=MembershipEvent.Kind.JOINED,
                changes={"role": locked.role, "invited_by": locked.invited_by_id},
            )
            _tell_coordinators_someone_joined(membership, joined)
        else:
            PartnerMembership.objects.update_or_create(
                user=user, organisation_id=locked.organisation_id, defaults={"is_active": True}
            )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return user


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise ValidationError(_("This invitation has already been used or is no longer valid."))
    return locked


def _account_create(
    invitation: Invitation,
    *,
    first_name: str,
    last_name: str,
    password: str | None,
    language: str | None,
) -> User:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name.strip() or invitation.first_name,
        last_name=last_name.strip(),
        language=language or settings.LANGUAGE_CODE,
    )
    _address_verified(user, invitation.email)
    return user


def _address_verified(user: User, email: str) -> None:
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=email,
        defaults={"email": email, "verified": True, "primary": True},
    )


def password_reset_send(*, request: HttpRequest, users: list[User]) -> int:
    """E-mail people a link to choose a new password themselves (allauth's reset e-mail, in
    their own language, through the outbox): administrators never type someone's password.
    Returns the number of e-mails."""
    sent = 0
    for user in users:
        form = ResetPasswordForm(data={"email": user.email})
        if user.is_active and form.is_valid():
            with translation.override(user.language):
                form.save(request)
            sent += 1
    return sent


def two_factor_reset(*, actor: User, users: list[User]) -> int:
    """Remove people's authenticator app and recovery codes (a lost phone): at their next
    login they set up the app again. Recorded in the admin's log of each person, by whom;
    their cached roles are forgotten by teams.receivers. Returns the number of people."""
    with transaction.atomic():
        authenticators = list(
            Authenticator.objects.filter(user__in=users).order_by("user_id", "type")
        )
        Authenticator.objects.filter(pk__in=[a.pk for a in authenticators]).delete()
        reset = {a.user_id for a in authenticators}
        for user in users:
            if user.pk not in reset:
                continue
            with translation.override(None):  # stored in English, shown translated
                removed = [
                    {"deleted": {"name": str(a._meta.verbose_name), "object": str(a)}}
                    for a in authenticators
                    if a.user_id == user.pk
                ]
            LogEntry.objects.log_actions(
                user_id=actor.pk,
                queryset=[user],
                action_flag=CHANGE,
                change_message=removed,
                single_object=True,
            )
    return len(reset)


def _tell_coordinators_someone_joined(membership: Membership, joined: MembershipEvent) -> None:
    for coordinator in team_coordinators(membership.team, exclude=membership.user):
        notify(
            event="team_member_joined",
            dedup_key=f"member-joined:{joined.pk}:{coordinator.pk}",
            recipient=coordinator,
            context={"member": membership.user, "team": membership.team},
            link=membership.team.get_absolute_url(),
        )


def membership_update(*, membership: Membership, actor: User, data: dict[str, Any]) -> Membership:
    """Change a member's status or onboarding checklist; every change is recorded.

    When the change completes the checklist, the member hears they can patrol.
    """
    roles = Roles(actor)
    require(can_manage_team(roles, membership.team))
    if "role" in data:
        require(can_appoint(roles, data["role"]))
    return _membership_change(membership=membership, actor=actor, data=data)


def membership_training_completed(
    *, membership: Membership, actor: User, on: datetime.date
) -> Membership:
    """Record on the onboarding checklist that the member completed the training: the
    training coordinator does so when a cohort is completed."""
    roles = Roles(actor)
    require(can_manage_team(roles, membership.team) or roles.is_training_coordinator)
    return _membership_change(
        membership=membership, actor=actor, data={"training_completed_on": on}
    )


def _membership_change(*, membership: Membership, actor: User, data: dict[str, Any]) -> Membership:
    was_ready = membership.is_ready()
    changes = {}
    for name, value in data.items():
        old = getattr(membership, name)
        if old != value:
            changes[name] = [_json_value(old), _json_value(value)]
            setattr(membership, name, value)
    if not changes:
        return membership
    with transaction.atomic():
        membership.save()
        event = MembershipEvent.objects.create(
            membership=membership, actor=actor, kind=MembershipEvent.Kind.UPDATED, changes=changes
        )
        if not was_ready and membership.is_ready():
            notify(
                event="membership_ready",
                dedup_key=f"membership-ready:{event.pk}",
                recipient=membership.user,
                context={"team": membership.team},
                link="/",
            )
    return membership


def vog_renewal_reminders(*, today: datetime.date, notice_days: int = 30) -> int:
    """Tell members, and their coordinators, a month before a VOG turns three years old.

    Once per VOG: the deduplication key holds the issue date, so a renewed VOG gets its
    own reminder three years later. Returns the number of people told.
    """
    horizon = today + datetime.timedelta(days=notice_days)
    due = [
        membership
        for membership in Membership.objects.current()
        .filter(team__requires_vog=True, team__is_active=True, vog_issued_on__isnull=False)
        .select_related("user", "team")
        if not membership.vog_valid_on(horizon)
    ]
    sent = 0
    for membership in due:
        expires_on = membership.vog_expires_on
        people = [membership.user, *team_coordinators(membership.team, exclude=membership.user)]
        with transaction.atomic():
            for person in people:
                sent += bool(
                    notify(
                        event="vog_renewal_due",
                        dedup_key=f"vog-renewal:{membership.pk}:{membership.vog_issued_on}:{person.pk}",
                        recipient=person,
                        context={"membership": membership, "expires_on": expires_on},
                        link="/"
                        if person == membership.user
                        else membership.team.get_absolute_url(),
                    )
                )
    return sent


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value
