"""Every login is recorded as a user session, so sessions can be ended when access ends.

allauth records the logins it handles; this covers the others (accepting an invitation)."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .http import client_ip


@receiver(user_logged_in)
def _record_session(sender, request, user, **kwargs) -> None:
    # allauth records the session with the client's address; without one there is none to record.
    if request is not None and hasattr(request, "session") and client_ip(request):
        UserSession.objects.create_from_request(request)
