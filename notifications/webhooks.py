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
from requests.adapters import HTTPAdapter

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
# Bytes of a receiver's answer kept (in the error of a failed delivery).
ANSWER_BYTES = 200
# The event every endpoint gets when someone presses "Send a test".
PING = "ping"


@dataclass(frozen=True)
class WebhookEvent:
    code: str
    label: StrOrPromise
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


@dataclass(frozen=True)
class Target:
    """Where a delivery connects: the address its host resolved to and was checked at, so a
    name that resolves elsewhere a moment later (DNS rebinding) changes nothing."""

    url: str  # with the checked address in place of the host name
    host: str  # the name, for the Host header, TLS's server name and its certificate
    netloc: str


def resolve(url: str) -> Target:
    """Resolve the host once, and refuse an address that is not https or whose host resolves
    to anything but the public internet (this server's own network, its cloud's metadata
    service): a webhook must not be a way to make this server call inside its own network."""
    parts = urlsplit(url)
    allowed = local_addresses_allowed()
    if parts.scheme != "https" and not allowed:
        raise Refused("The address must start with https://.")
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Failed(f"The host name does not resolve: {error}") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not allowed and not all(address.is_global for address in addresses):
        raise Refused("The address is not on the internet.")
    address = addresses[0]
    pinned = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{pinned}:{parts.port}" if parts.port else pinned
    return Target(url=parts._replace(netloc=netloc).geturl(), host=host, netloc=parts.netloc)


class _PinnedAdapter(HTTPAdapter):
    """Connects to the checked address, and speaks TLS to the host name (server name
    indication, and the certificate checked against the name)."""

    def __init__(self, host: str) -> None:
        self.host = host
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["server_hostname"] = self.host
        kwargs["assert_hostname"] = self.host
        super().init_poolmanager(*args, **kwargs)


def send_webhook(notification: Notification) -> int:
    """POST the row's body to its endpoint; the receiver's status code when it is a 2xx."""
    endpoint = notification.webhook
    if endpoint is None:
        raise Refused("The webhook was removed.")
    if not notification.body_text:
        raise Refused("The message's contents were removed after the retention period.")
    target = resolve(endpoint.url)
    body = notification.body_text.encode()
    headers = {
        "Host": target.netloc,
        "Content-Type": "application/json",
        "User-Agent": "Buurtpreventie-Webhook/1",
        EVENT_HEADER: notification.event,
        DELIVERY_HEADER: json.loads(body)["id"],
        SIGNATURE_HEADER: signature_header(
            secrets.decrypt(endpoint.secret_encrypted), int(time.time()), body
        ),
    }
    with requests.Session() as session:
        session.mount("https://", _PinnedAdapter(target.host))
        try:
            # Streamed, and at most ANSWER_BYTES of the answer read: a receiver that answers
            # slowly or at length does not hold the worker.
            with session.post(
                target.url,
                data=body,
                headers=headers,
                timeout=TIMEOUT,
                allow_redirects=False,
                stream=True,
            ) as response:
                answer = response.raw.read(ANSWER_BYTES, decode_content=True)
        except requests.RequestException as error:
            raise Failed(f"{type(error).__name__}: {error}") from error
    if not 200 <= response.status_code < 300:
        text = answer.decode(errors="replace")
        raise Failed(f"HTTP {response.status_code}: {text}")
    return response.status_code
