"""Delivery over Web Push: VAPID (RFC 8292) to identify the site, the message encrypted for
the browser (RFC 8291, aes128gcm), so the push service in between cannot read it.

A retry of a message the push service already accepted (the worker died before it could
mark the row sent) reaches the device again, but with the same `Topic` header (the push
service replaces a message with that topic it still holds) and the same notification tag
(the device replaces the shown notification instead of adding one): the person sees one.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.templatetags.static import static
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

if TYPE_CHECKING:
    from .models import Notification

# 404 and 410: the subscription expired or the browser unsubscribed; it never comes back.
GONE_STATUSES = {404, 410}
# Worth trying again later: too many requests, and the push service's own trouble.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class Gone(Exception):
    """The push service no longer knows this subscription."""


class Refused(Exception):
    """The push service refused the message for good (a bad request, a payload too large):
    sending it again would not help."""


def configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT)


@cache
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_raw(private_key.encode())


def decode(value: str) -> bytes:
    """base64url without padding, as browsers give the keys; ValueError when it is not."""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError(str(error)) from None


def browser_key(value: str) -> ec.EllipticCurvePublicKey:
    """The browser's P-256 public key (p256dh); ValueError when it is not a point on it."""
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), decode(value))


def endpoint_allowed(endpoint: str) -> bool:
    """Only the push services in PUSH_SERVICE_ORIGINS: the worker posts to the endpoint, so
    an address of someone's choosing would let them aim it at any server."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username:
        return False
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return any(fnmatch.fnmatchcase(origin, allowed.lower()) for allowed in _origins())


def _origins() -> list[str]:
    return [origin.rstrip("/") for origin in settings.PUSH_SERVICE_ORIGINS]


def topic(notification_id: int) -> str:
    """The same for every attempt at one message (at most 32 characters of base64url's
    alphabet), so a push service holding an earlier attempt replaces it."""
    return f"n{notification_id}"


def tag(notification_id: int) -> str:
    """The notification's tag on the device: a second arrival replaces the first."""
    return f"buurtpreventie-{notification_id}"


def payload(notification: Notification) -> dict[str, str]:
    """What the service worker (static/js/sw-push.js) shows: the texts were rendered in the
    recipient's language when the row was written. The link stays relative, so a click can
    open only a page of this site."""
    return {
        "title": notification.subject,
        "body": notification.body_text.strip(),
        "url": notification.link or "/",
        "tag": tag(notification.pk),
        "icon": _icon(),
        "lang": notification.language,
    }


def _icon() -> str:
    """The app's icon; a worker without collectstatic's manifest sends none rather than
    failing the message over a picture."""
    try:
        return static("img/icon-192.png")
    except ValueError:
        return ""


def send_push(notification: Notification) -> None:
    """Encrypt and post one message to its device's push service.

    Raises Gone on 404/410, Refused on a refusal that retrying cannot change, and any other
    exception (a timeout, a 5xx) for a retry."""
    subscription = notification.subscription
    if subscription is None:
        raise Gone("the subscription was removed")
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload(notification)),
            vapid_private_key=_vapid(settings.VAPID_PRIVATE_KEY),
            # A fresh dict each time: webpush fills in the audience and expiry.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            content_encoding="aes128gcm",
            ttl=settings.PUSH_TTL,
            timeout=settings.PUSH_TIMEOUT,
            headers={"Topic": topic(notification.pk), "Urgency": "high"},
        )
    except WebPushException as error:
        status = error.status_code
        if status in GONE_STATUSES:
            raise Gone(f"{status} from the push service") from error
        if status is not None and 400 <= status < 500 and status not in RETRY_STATUSES:
            raise Refused(f"{status} from the push service: {error.message}") from error
        raise
