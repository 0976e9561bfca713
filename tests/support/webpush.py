"""Web Push without a browser or a push service: a push service on 127.0.0.1 that records
what the site posts, and devices with keys made here that decrypt what it received, as a
browser does with what its push service delivers (RFC 8291, aes128gcm), and check the
site's VAPID signature (RFC 8292).

The decryption is written out with `cryptography` instead of using http_ece, the library the
site encrypts with: a mistake there would otherwise cancel out here.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


@dataclass(frozen=True)
class VapidKeys:
    public: str
    private: str
    subject: str = "mailto:beheer@example.org"

    @classmethod
    def make(cls) -> VapidKeys:
        key = ec.generate_private_key(ec.SECP256R1())
        private = key.private_numbers().private_value.to_bytes(32, "big")
        return cls(public=b64url(public_bytes(key)), private=b64url(private))

    def as_env(self) -> dict[str, str]:
        return {
            "VAPID_PUBLIC_KEY": self.public,
            "VAPID_PRIVATE_KEY": self.private,
            "VAPID_SUBJECT": self.subject,
        }


@dataclass
class Arrival:
    """One request the push service received, and what it answered."""

    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    status: int

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


class PushService:
    """An HTTP server in a thread. Each device's path answers the statuses it was told to,
    in order, then 201 Created; `hold` makes it keep the request open before answering."""

    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self._answers: dict[str, deque[int]] = defaultdict(deque)
        self.hold_seconds = 0.0
        self.arrived = threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                answers = service._answers[self.path]
                status = answers.popleft() if answers else 201
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.arrivals.append(Arrival(self.path, headers, body, status))
                service.arrived.set()
                time.sleep(service.hold_seconds)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A sender killed while its request is held leaves a broken pipe: that is the test.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def answer(self, device: Device, *statuses: int) -> None:
        self._answers[device.path].extend(statuses)

    def to(self, device: Device) -> list[Arrival]:
        return [arrival for arrival in self.arrivals if arrival.path == device.path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Device:
    """A browser's side of a subscription: its ECDH key pair and auth secret."""

    _numbers = iter(range(1, 10**6))

    def __init__(self, service: PushService) -> None:
        self.service = service
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.path = f"/wpush/v2/device-{next(self._numbers)}"
        self.endpoint = service.origin + self.path

    def subscription(self) -> dict:
        """What `PushSubscription.toJSON()` gives in a browser."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public_bytes(self.key)), "auth": b64url(self.auth)},
        }

    def arrivals(self) -> list[Arrival]:
        return self.service.to(self)

    def messages(self) -> list[dict]:
        """The decrypted messages the push service accepted for this device."""
        return [json.loads(self.decrypt(a.body)) for a in self.arrivals() if a.accepted]

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 with the aes128gcm content coding of RFC 8188."""
        salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender = body[21 : 21 + id_length]  # the site's one-time public key
        shared = self.key.exchange(
            ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender)
        )
        key_info = b"WebPush: info\x00" + public_bytes(self.key) + sender
        ikm = HKDF(hashes.SHA256(), 32, salt=self.auth, info=key_info).derive(shared)
        cek = HKDF(hashes.SHA256(), 16, salt=salt, info=b"Content-Encoding: aes128gcm\x00")
        nonce = HKDF(hashes.SHA256(), 12, salt=salt, info=b"Content-Encoding: nonce\x00")
        aes, base = AESGCM(cek.derive(ikm)), int.from_bytes(nonce.derive(ikm), "big")
        records = body[21 + id_length :]
        plain = b""
        for number, start in enumerate(range(0, len(records), record_size)):
            iv = (base ^ number).to_bytes(12, "big")
            padded = aes.decrypt(iv, records[start : start + record_size], None).rstrip(b"\x00")
            last = start + record_size >= len(records)
            assert padded[-1:] == (b"\x02" if last else b"\x01"), "bad padding delimiter"
            plain += padded[:-1]
        return plain


def verify_vapid(authorization: str, keys: VapidKeys) -> dict:
    """The claims of a valid `vapid t=<JWT>, k=<public key>` header (RFC 8292), signed with
    the private key of `keys`; AssertionError or InvalidSignature otherwise."""
    scheme, _, params = authorization.partition(" ")
    assert scheme.lower() == "vapid", authorization
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert unb64url(fields["k"]) == unb64url(keys.public), "signed with another key"
    header, claims, signature = fields["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    public.verify(
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{header}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    return json.loads(unb64url(claims))
