"""An organisation's webhooks (notifications.WebhookEndpoint, docs/webhooks.md): who may make,
test, retry and remove them. Delivery itself is the outbox's."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from notifications import services as outbox
from notifications.models import Notification, WebhookEndpoint

from ..models import PartnerOrganisation, User
from ..permissions import can_manage_connections, require
from ..roles import Roles


def webhook_create(
    *,
    actor: User,
    organisation: PartnerOrganisation,
    url: str,
    events: Sequence[str],
    description: str = "",
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is shown once."""
    require(can_manage_connections(Roles(actor), organisation))
    return outbox.webhook_endpoint_create(
        owner=organisation, url=url, events=events, description=description, created_by=actor
    )


def webhook_test(*, actor: User, endpoint: WebhookEndpoint) -> Notification:
    _require_manager(actor, endpoint)
    with transaction.atomic():
        return outbox.webhook_ping(endpoint=endpoint)


def webhook_retry(*, actor: User, endpoint: WebhookEndpoint) -> int:
    """Every failed delivery of the endpoint is tried again (after the receiver was fixed)."""
    _require_manager(actor, endpoint)
    with transaction.atomic():
        return outbox.notification_retry_failed(
            notifications=endpoint.deliveries.filter(status=Notification.Status.FAILED)
        )


def webhook_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    """The endpoint gets nothing more; what was waiting for it goes with it."""
    _require_manager(actor, endpoint)
    endpoint.delete()


def _require_manager(actor: User, endpoint: WebhookEndpoint) -> None:
    organisation = endpoint.owner
    require(
        isinstance(organisation, PartnerOrganisation)
        and can_manage_connections(Roles(actor), organisation)
    )
