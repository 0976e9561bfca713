"""Keys with which a partner organisation's own system uses the API (/api/v1/)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import PartnerOrganisation, hash_token

KEY_PREFIX = "bp"
# The accounts of keys have addresses in a domain that exists nowhere (RFC 2606).
ACCOUNT_DOMAIN = "api.invalid"


class ApiKey(models.Model):
    """An organisation's key: whoever holds it acts as one of the organisation's users,
    through the same services and permissions as on screen. Each key has an account of its
    own (`user`, no password, never notified), so a signal's history names it:
    "API: <name>". Only a hash of the key is kept; the key is shown once."""

    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_key",
        verbose_name=_("account"),
    )
    name = models.CharField(
        _("name"), max_length=60, help_text=_("Which system uses it, for example 'BVH koppeling'.")
    )
    # The key's first part, shown in lists and used to find it; the rest is only hashed.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["organisation__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> tuple[str, str, str]:
        """A new key: (prefix, the whole key, its hash)."""
        prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        return prefix, key, hash_token(key)

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.organisation.is_active
        )
