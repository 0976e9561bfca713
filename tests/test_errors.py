"""Error reports to a Sentry-compatible service when SENTRY_DSN is set: a failing request in
a process with production's settings reaches a local receiver, with the error and the route
but without the path's number and token, the form's text or an authorization header."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from .test_settings import PRODUCTION, run_python


class Receiver(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


def test_a_failing_request_is_reported_without_personal_data():
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.received = []
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        done = run_python(
            "-m", "tests.support.failing_request", env={**PRODUCTION, "SENTRY_DSN": dsn}
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "500"
    sent = b"\n".join(Receiver.received).decode()
    events = [
        json.loads(line)
        for line in sent.splitlines()
        if line.startswith("{") and '"exception"' in line
    ]
    assert events, sent[:2000]
    (event,) = events
    (error,) = event["exception"]["values"]
    assert (error["type"], error["value"]) == ("RuntimeError", "kapot")
    assert event["request"]["url"] == "/boem/{pk}/"
    assert event["request"]["method"] == "POST"
    for secret in ("17", "geheim-token", "Jan de Vries", "geheime-sleutel"):
        assert secret not in json.dumps(event["request"]), secret
    for secret in ("geheim-token", "Jan de Vries", "geheime-sleutel"):
        assert secret not in sent, secret
    assert "user" not in event
    assert all("vars" not in frame for frame in error["stacktrace"]["frames"])
    assert set(event["request"]["headers"]) == {"User-Agent", "Content-Type"}
