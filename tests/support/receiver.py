"""A partner's system that receives webhooks: an HTTP server on 127.0.0.1 that records what
the site posts and answers with the statuses a test lines up (200 once they run out), and
checks each signature as docs/webhooks.md tells a receiver to, written out here rather than
with the site's own `verify`."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Arrival:
    headers: dict[str, str]
    body: bytes
    status: int
    at: float

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    def signed_with(self, secret: str, *, window: int = 300) -> bool:
        header = self.headers["Buurtpreventie-Signature"]
        fields = dict(part.split("=", 1) for part in header.split(","))
        expected = hmac.new(
            secret.encode(), fields["t"].encode() + b"." + self.body, hashlib.sha256
        ).hexdigest()
        fresh = abs(self.at - int(fields["t"])) <= window
        return fresh and hmac.compare_digest(expected, fields["v1"])


class Receiver:
    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self.statuses: deque[int] = deque()
        # Seconds the receiver keeps the sender waiting after it has the request.
        self.hold_seconds = 0.0
        # What it answers with.
        self.body = b"ok"
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.statuses.popleft() if receiver.statuses else 200
                receiver.arrivals.append(
                    Arrival(dict(self.headers.items()), body, status, time.time())
                )
                time.sleep(receiver.hold_seconds)
                self.send_response(status)
                self.send_header("Content-Length", str(len(receiver.body)))
                self.end_headers()
                self.wfile.write(receiver.body)

            def log_message(self, format, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/buurtpreventie"

    def answer(self, *statuses: int) -> None:
        self.statuses.extend(statuses)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
