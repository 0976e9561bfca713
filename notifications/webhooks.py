"""Delivery over webhooks: an event as a signed JSON POST to an outside system's HTTPS
address (docs/webhooks.md).

Each app registers the events it offers (`register`, like `events`); an owner's endpoint
chooses among them. A delivery is an outbox row (channel `webhook`): written in the
transaction of the event, sent by a worker, retried with backoff, visible and retryable in
the admin. The body is fixed when the row is written; every attempt signs it anew:

    Buurtpreventie-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">

with the endpoint's secret. A receiver recomputes the HMAC, compares in constant time, and
refuses a `t` more than five minutes from its clock (`REPLAY_WINDOW`), so a captured request
cannot be played again later. `Buurtpreventie-Delivery` is the same on every attempt: an
attempt interrupted after the receiver had it is sent again with that id, and the receiver
folds the two.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from django.conf import settings

from privacy import secrets

from .events import Registry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import Notification

SIGNATURE_HEADER = "Buurtpreventie-Signature"
EVENT_HEADER = "Buurtpreventie-Event"
DELIVERY_HEADER = "Buurtpreventie-Delivery"
# Seconds a receiver accepts between the signature's time and its own clock, either way.
REPLAY_WINDOW = 300
# Seconds to connect, and to wait for the answer.
TIMEOUT = (5, 10)
# The event every endpoint gets when someone presses "Send a test".
PING = "ping"


@dataclass(frozen=True)
class WebhookEvent:
    code: str
    label: StrOrPromise
    description: StrOrPromise = ""
    # False for the test message, which nobody subscribes to.
    listed: bool = True


_registry = Registry[WebhookEvent]("Webhook event")
register = _registry.register
get = _registry.get


def listed_events() -> list[WebhookEvent]:
    """The events an endpoint can choose, in the order their apps registered them."""
    return [event for event in _registry.kinds.values() if event.listed]


class Refused(Exception):
    """The delivery cannot succeed by trying again (an address that is not public)."""


class Failed(Exception):
    """The receiver did not take the delivery (no 2xx answer); worth trying again."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None) -> bool:
    """What a receiver does (docs/webhooks.md), here for the tests and for anyone who
    receives in Python."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > REPLAY_WINDOW:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))


def local_addresses_allowed() -> bool:
    """Only for tests and a local demo: http, and addresses in this machine or network."""
    return settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES


def public_host(host: str) -> bool:
    """Whether a host name can be on the internet, without asking DNS: not an address in a
    private or reserved range, not localhost (the form's first check; delivery resolves)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host


def check_address(url: str) -> None:
    """Refuse an address that is not https, or whose host resolves to anything but the
    public internet (this server's own network, its cloud's metadata service): a webhook
    must not be a way to make this server call inside its own network."""
    parts = urlsplit(url)
    if local_addresses_allowed():
        return
    if parts.scheme != "https":
        raise Refused("The address must start with https://.")
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Failed(f"The host name does not resolve: {error}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise Refused(f"The address resolves to {address}, which is not on the internet.")


def send_webhook(notification: Notification) -> int:
    """POST the row's body to its endpoint; the receiver's status code when it is a 2xx."""
    endpoint = notification.webhook
    if endpoint is None:
        raise Refused("The webhook was removed.")
    check_address(endpoint.url)
    body = notification.body_text.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Buurtpreventie-Webhook/1",
        EVENT_HEADER: notification.event,
        DELIVERY_HEADER: json.loads(body)["id"],
        SIGNATURE_HEADER: signature_header(
            secrets.decrypt(endpoint.secret_encrypted), int(time.time()), body
        ),
    }
    try:
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as error:
        raise Failed(f"{type(error).__name__}: {error}") from error
    if not 200 <= response.status_code < 300:
        raise Failed(f"HTTP {response.status_code}: {response.text[:200]}")
    return response.status_code
