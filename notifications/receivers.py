"""Logging out ends push on that device: it may be shared, and the next person there should
not see the messages of the one before."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .models import PushSubscription

# The subscription made in a session (views.push_subscribe keeps its id there).
SESSION_SUBSCRIPTION = "push_subscription"


@receiver(user_logged_out, dispatch_uid="notifications.push_off_at_logout")
def push_off_at_logout(sender, request, user, **kwargs) -> None:
    pk = request.session.get(SESSION_SUBSCRIPTION) if request is not None else None
    if user is not None and pk is not None:
        PushSubscription.objects.filter(pk=pk, user=user).delete()
