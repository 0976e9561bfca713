"""The privacy app's own part of a person's data: their sessions and what they read or
exported. Erasure leaves the access log alone: it is the record of accountability, and it
points at the pseudonymised account."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry
from .registry import PersonalData, Rows, register

LABELS = {
    "sessions": _("Signed-in devices"),
    "access_log": _("Personal data you read or exported"),
    "created_at": _("created"),
    "last_seen_at": _("last seen"),
    "ip_address": _("IP address"),
    "device": _("device"),
    "action": _("action"),
    "about": _("about"),
    "when": _("when"),
}


def export(user) -> dict[str, Rows]:
    return {
        "sessions": [
            {
                "created_at": s.created_at.isoformat(),
                "last_seen_at": s.last_seen_at.isoformat(),
                "ip_address": s.ip,
                "device": s.user_agent,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "access_log": [
            {
                "when": e.created_at.isoformat(),
                "action": e.get_action_display(),
                "about": f"{e.get_object_type_display()} {e.object_id}".strip(),
                "ip_address": e.ip_address,
            }
            for e in AccessLogEntry.objects.filter(user=user).order_by("created_at")
        ],
    }


register(PersonalData("privacy", export, labels=LABELS))
