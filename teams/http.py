"""The request as the views see it, after the project's middleware.

`request.roles` (RolesMiddleware), `request.htmx` (django-htmx) and, behind `login_required`,
`request.user` as a `User`: views annotate their request with these types, so a typo or a
missing middleware is a type error, not a page that fails at night.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User
from .roles import Roles


class Request(HttpRequest):
    """Any request, logged in or not."""

    user: User | AnonymousUser
    roles: Roles
    htmx: HtmxDetails


class AuthenticatedRequest(Request):
    """A request to a view behind `login_required`."""

    user: User
