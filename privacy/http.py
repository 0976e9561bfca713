"""The request as this app sees it: its type behind `login_required`, and where it came from.

The privacy app sits below teams (tests/test_architecture.py), so it cannot name `teams.User`:
django-stubs' `_User` stands for `settings.AUTH_USER_MODEL`, which its mypy plugin resolves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User


class AuthenticatedRequest(HttpRequest):
    user: _User


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person, not of the TLS proxy in front of us: allauth's, which its
    rate limits and session list use too (settings: TRUSTED_PROXY_COUNT or
    TRUSTED_CLIENT_IP_HEADER). None when the request carries no usable address."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
