"""New volunteers find a team: its public page, open evenings, the sign-up sheet's QR code,
and requests to join that a coordinator approves. Each function is one transaction."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify_many

from ..models import JOIN_REQUEST_DAYS, JoinRequest, Membership, OpenEvening, Team, User
from ..permissions import can_manage_team, require
from ..roles import Roles
from ..selectors import team_coordinators
from .accounts import invitation_create


def join_request_create(
    *, team: Team, first_name: str, email: str, message: str, source: str
) -> JoinRequest | None:
    """Someone asks to join; the coordinators hear of it. Whoever is already a member, or
    has a request waiting, adds nothing, and is told the same as anyone else (the form does
    not say who is in the team). Returns the new request, if one was made."""
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.current().filter(team=team, user__email__iexact=email).exists():
        return None
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                team=team,
                first_name=first_name.strip(),
                email=email,
                message=message.strip(),
                source=source,
            )
            notify_many(
                event="team_join_request",
                recipients=team_coordinators(team),
                dedup_key=f"join-request:{request.pk}",
                context={"team": team, "days": JOIN_REQUEST_DAYS},
                link=team.get_absolute_url() + "#join-requests",
            )
    except IntegrityError:
        return None  # one is waiting already (one_pending_join_request)
    return request


def join_request_decide(*, actor: User, join_request: JoinRequest, approve: bool) -> None:
    """Approve (the invitation goes out as if typed by hand) or decline. The request then
    keeps only that it was made and decided: the name and address are the invitation's."""
    require(can_manage_team(Roles(actor), join_request.team))
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if locked.status != JoinRequest.Status.PENDING:
            raise ValidationError(
                _("Someone else decided on this request already."), code="decided"
            )
        if approve:
            invitation_create(
                invited_by=actor,
                team=locked.team,
                first_name=locked.first_name,
                email=locked.email,
            )
        locked.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.first_name = locked.email = locked.message = ""
        locked.save()


def public_page_update(
    *, actor: User, team: Team, is_public: bool, slug: str | None, intro: str
) -> Team:
    require(can_manage_team(Roles(actor), team))
    team.is_public, team.slug, team.public_intro = is_public, slug or None, intro.strip()
    team.save(update_fields=["is_public", "slug", "public_intro"])
    return team


def open_evening_add(
    *, actor: User, team: Team, starts_at: datetime.datetime, place: str, note: str = ""
) -> OpenEvening:
    require(can_manage_team(Roles(actor), team))
    return OpenEvening.objects.create(
        team=team, starts_at=starts_at, place=place.strip(), note=note.strip()
    )


def open_evening_remove(*, actor: User, evening: OpenEvening) -> None:
    require(can_manage_team(Roles(actor), evening.team))
    evening.delete()


def join_code(*, actor: User, team: Team, renew: bool = False) -> str:
    """The code the team's sign-up sheet leads to; a new one makes printed sheets stop
    working."""
    require(can_manage_team(Roles(actor), team))
    if team.join_code is None or renew:
        team.join_code = secrets.token_urlsafe(9)
        team.save(update_fields=["join_code"])
    return team.join_code
