"""The personal data of notifications: the messages a person received, their preferences."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.models import RetentionPolicy
from privacy.registry import PersonalData, Rows, register

from .models import Notification, NotificationPreference, PushSubscription
from .selectors import unread_changed

LABELS = {
    "messages": _("Messages"),
    "preferences": _("Notification preferences"),
    "created_at": _("created"),
    "channel": _("channel"),
    "subject": _("subject"),
    "text": _("text"),
    "read_at": _("read"),
    "event": _("event"),
    "delivery": _("e-mail"),
    "push": _("push message"),
    "push_devices": _("Devices with push messages"),
    "service": _("push service"),
    "last_success_at": _("last delivered"),
}


def export(user) -> dict[str, Rows]:
    return {
        "messages": [
            {
                "created_at": n.created_at.isoformat(),
                "channel": n.get_channel_display(),
                "subject": n.subject,
                "text": n.body_text,
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(
                recipient=user, content_removed_at__isnull=True
            ).order_by("created_at")
        ],
        "preferences": [
            {"event": p.event, "delivery": p.get_delivery_display(), "push": p.push}
            for p in NotificationPreference.objects.filter(user=user).order_by("event")
        ],
        # The push service, not the endpoint: the endpoint is an address that lets anyone
        # who has it send to the device (encrypted, but still).
        "push_devices": [
            {
                "created_at": s.created_at.isoformat(),
                "service": s.service,
                "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None,
            }
            for s in PushSubscription.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(user, pseudonym: str) -> None:
    """Messages to the person go, also those sent to their address before they had an
    account (runs before teams replaces the address)."""
    Notification.objects.filter(Q(recipient=user) | Q(email__iexact=user.email)).delete()
    unread_changed([user.pk])
    NotificationPreference.objects.filter(user=user).delete()
    PushSubscription.objects.filter(user=user).delete()


def retain(now: datetime.datetime) -> dict[str, int]:
    """Old messages keep only that they went out: their text can repeat a signal."""
    cutoff = now - datetime.timedelta(days=RetentionPolicy.current().messages_days)
    old = Notification.objects.filter(
        created_at__lt=cutoff, content_removed_at__isnull=True
    ).exclude(status=Notification.Status.PENDING)
    # An emptied message leaves the inbox: the bell of its unread recipients counts again.
    recipients = set(
        old.filter(channel=Notification.Channel.INBOX, read_at__isnull=True).values_list(
            "recipient_id", flat=True
        )
    )
    emptied = old.update(
        subject="",
        body_text="",
        body_html="",
        link="",
        attachments=[],
        secrets={},
        last_error="",
        content_removed_at=now,
    )
    unread_changed(recipients)
    return {"messages": emptied}


def periods() -> list[tuple[str, int]]:
    return [(str(_("The text of messages")), RetentionPolicy.current().messages_days)]


register(PersonalData("notifications", export, erase, retain, LABELS, periods))
