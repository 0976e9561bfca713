"""API keys of partner organisations (teams.models.ApiKey). Each function is one transaction."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import ApiKey, PartnerOrganisation, User
from ..models.api import ACCOUNT_DOMAIN
from ..permissions import can_manage_connections, require
from ..roles import Roles, roles_changed

# A key's account carries its name in the history of the signals it moves.
ACCOUNT_NAME = "API: {name}"


def api_key_create(
    *,
    actor: User,
    organisation: PartnerOrganisation,
    name: str,
    expires_on: datetime.date | None = None,
) -> tuple[ApiKey, str]:
    """A new key for the organisation, and the key itself: shown once, only its hash kept."""
    require(can_manage_connections(Roles(actor), organisation))
    prefix, key, digest = ApiKey.new_secret()
    expires_at = (
        timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
        if expires_on
        else None
    )
    with transaction.atomic():
        account = User.objects.create_user(
            email=f"key-{prefix}@{ACCOUNT_DOMAIN}",
            first_name=ACCOUNT_NAME.format(name=name.strip())[:80],
        )
        api_key = ApiKey.objects.create(
            organisation=organisation,
            user=account,
            name=name.strip(),
            prefix=prefix,
            secret_hash=digest,
            created_by=actor,
            expires_at=expires_at,
        )
    return api_key, key


def api_key_revoke(*, actor: User, api_key: ApiKey) -> None:
    """The key stops working at once; its account stays, so the history still names it."""
    require(can_manage_connections(Roles(actor), api_key.organisation))
    if api_key.revoked_at is not None:
        return
    with transaction.atomic():
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        api_key.user.is_active = False
        api_key.user.save(update_fields=["is_active"])
    roles_changed([api_key.user_id])
