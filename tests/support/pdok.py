"""A stand-in for PDOK Locatieserver on 127.0.0.1: a real HTTP server in a thread that serves
answers in PDOK's own shape (tests/fixtures/pdok/) and records what it was asked.

    with FakePdok() as pdok:
        pdok.answer("/reverse", "reverse_adres.json")
        settings.PDOK_LOCATIESERVER_URL = pdok.url
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdok"
# The path of the real service, so the base URL is configured as in production.
BASE_PATH = "/bzk/locatieserver/search/v3_1"


@dataclass
class Answer:
    body: bytes
    status: int = 200
    delay: float = 0.0
    # Seconds between pieces of 50 bytes: a server that answers, but slowly.
    trickle: float = 0.0


@dataclass(frozen=True)
class Asked:
    path: str
    query: dict[str, list[str]]


class FakePdok:
    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.asked: list[Asked] = []
        self.stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path.removeprefix(BASE_PATH)
                fake.asked.append(Asked(path, parse_qs(parts.query)))
                answer = fake.answers.get(path, Answer(b'{"message": "Not Found"}', 404))
                if answer.delay:
                    fake.stopping.wait(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    step = 50 if answer.trickle else len(answer.body)
                    for start in range(0, len(answer.body), step):
                        self.wfile.write(answer.body[start : start + step])
                        self.wfile.flush()
                        if answer.trickle and fake.stopping.wait(answer.trickle):
                            return
                except OSError:
                    pass  # the client gave up waiting, as it should

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{BASE_PATH}"

    def answer(
        self,
        path: str,
        fixture: str,
        *,
        status: int = 200,
        delay: float = 0.0,
        trickle: float = 0.0,
    ) -> None:
        """Answer requests to `path` with a recorded answer of tests/fixtures/pdok/, after
        `delay` seconds, or in pieces `trickle` seconds apart."""
        body = (FIXTURES / fixture).read_bytes()
        self.answer_with(path, body, status=status, delay=delay, trickle=trickle)

    def answer_with(
        self,
        path: str,
        body: bytes | dict,
        *,
        status: int = 200,
        delay: float = 0.0,
        trickle: float = 0.0,
    ) -> None:
        raw = json.dumps(body).encode() if isinstance(body, dict) else body
        self.answers[path] = Answer(raw, status, delay, trickle)

    def asked_for(self, path: str) -> list[Asked]:
        return [asked for asked in self.asked if asked.path == path]

    def __enter__(self) -> FakePdok:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
