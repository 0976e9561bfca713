"""Writes about teams and people. Each function is one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    Invitation,
    Membership,
    MembershipEvent,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    User,
    hash_token,
)


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
    email = User.objects.normalize_email(email).lower()
    if (team is None) == (organisation is None):
        raise ValueError("Invite to exactly one team or one partner organisation.")
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
        transaction.on_commit(lambda: _send_invitation_email(invitation, token))
    return invitation


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("teams:invitation_accept", args=[token])


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "url": invitation_url(token),
            "inviter": invitation.invited_by.first_name if invitation.invited_by else "",
        }
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
        message.send()


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
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation has already been used or is no longer valid."))
        if user is None:
            if User.objects.filter(email__iexact=locked.email).exists():
                raise ValidationError(_("An account with this e-mail address already exists."))
            user = User.objects.create_user(
                email=locked.email,
                password=password,
                first_name=first_name.strip() or locked.first_name,
                last_name=last_name.strip(),
                language=language or settings.LANGUAGE_CODE,
            )
        elif user.email.lower() != locked.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))

        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=locked.email,
            defaults={"email": locked.email, "verified": True, "primary": True},
        )
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
            MembershipEvent.objects.create(
                membership=membership,
                actor=user,
                kind=MembershipEvent.Kind.JOINED,
                changes={"role": locked.role, "invited_by": locked.invited_by_id},
            )
        else:
            PartnerMembership.objects.update_or_create(
                user=user, organisation_id=locked.organisation_id, defaults={"is_active": True}
            )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return user


def membership_update(*, membership: Membership, actor: User, data: dict[str, Any]) -> Membership:
    """Change a member's status or onboarding checklist; every change is recorded."""
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
        MembershipEvent.objects.create(
            membership=membership, actor=actor, kind=MembershipEvent.Kind.UPDATED, changes=changes
        )
    return membership


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value
