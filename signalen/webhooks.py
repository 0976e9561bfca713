"""What a partner's own system hears of its signals through its webhooks (docs/webhooks.md):
which events, and what each says. Never anything of the reporter, never a text (a question,
an answer, a reason: they can hold personal data), and of a care signal only that it is
one and where to read it (the API, which logs the read). The receiver reads the rest with
the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from notifications.services import webhook_notify
from teams.models import PartnerOrganisation

from .models import Signal, SignalEvent

RECEIVED = "signal.received"
ANSWERED = "signal.answered"
MESSAGE = "signal.message"
FORWARDED = "signal.forwarded"
RETURNED = "signal.returned"


def signal_data(signal: Signal) -> dict[str, Any]:
    reference = {
        "id": signal.pk,
        "url": settings.SITE_URL + reverse("api:signal", args=[signal.pk]),
        "web_url": settings.SITE_URL + signal.get_absolute_url(),
        "is_care": signal.is_care,
    }
    if signal.is_care:
        return reference
    return {
        **reference,
        "category": {"code": signal.category.code, "name": signal.category.name_nl},
        "status": signal.status,
        "neighbourhood": signal.neighbourhood.name if signal.neighbourhood else None,
        "created_at": signal.created_at,
        "acknowledge_deadline": signal.acknowledge_deadline,
        "resolve_deadline": signal.resolve_deadline,
    }


def tell(
    organisation: PartnerOrganisation | None,
    event: str,
    signal: Signal,
    signal_event: SignalEvent,
    **extra: Any,
) -> None:
    """Write the event to the organisation's endpoints that chose it (in the caller's
    transaction); the signal's event names the occurrence, so it is delivered once."""
    if organisation is None:
        return
    webhook_notify(
        owner=organisation,
        event=event,
        key=f"signal-event:{signal_event.pk}:{organisation.pk}:{event}",
        data={"signal": signal_data(signal), **extra},
    )


def organisation_data(organisation: PartnerOrganisation) -> dict[str, Any]:
    return {"id": organisation.pk, "name": organisation.name, "type": organisation.type}
