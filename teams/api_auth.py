"""How the API (/api/v1/) knows who calls: `Authorization: Bearer <key>`, a key of a partner
organisation (teams.models.ApiKey). The key's account then has the roles of a user of that
organisation, so the API goes through the same permissions and services as the pages; and
each key has its own rate limit."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey, hash_token
from .models.api import KEY_PREFIX
from .roles import Roles

# How often the key's "last used" is written: not on every call.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        api_key = _find(key.strip())
        if api_key is None:
            raise AuthenticationFailed(_("This API key does not exist, expired or was revoked."))
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        # The roles the middleware gave the request were those of nobody (no session).
        request._request.roles = Roles(api_key.user)
        return api_key.user, api_key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def _find(key: str) -> ApiKey | None:
    parts = key.split("_", 2)  # the secret may hold "_" itself
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    api_key = ApiKey.objects.select_related("organisation", "user").filter(prefix=parts[1]).first()
    if api_key is None or not constant_time_compare(api_key.secret_hash, hash_token(key)):
        return None
    if not api_key.is_usable() or not api_key.user.is_active:
        return None
    return api_key


class ApiKeyThrottle(SimpleRateThrottle):
    """Requests per key (API_RATE_LIMIT). DRF checks it after the key, so a call without a
    working key is refused before it counts; the address is the key for any view that lets
    such calls through."""

    scope = "api_key"

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.prefix}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "teams.api_auth.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A key of your organisation, made on the organisation's page: bp_…")
            ),
        }
