"""The request as this app's views see it, behind `login_required`.

The privacy app sits below teams (tests/test_architecture.py), so it cannot name `teams.User`:
django-stubs' `_User` stands for `settings.AUTH_USER_MODEL`, which its mypy plugin resolves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User


class AuthenticatedRequest(HttpRequest):
    user: _User
