"""The load generator: logged-in sessions against the real server on 127.0.0.1, requests from
threads, latencies and errors counted. Only the standard library, so it runs anywhere."""

from __future__ import annotations

import gzip
import http.client
import itertools
import json
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from .pages import Context, Page

TIMEOUT = 60


@dataclass
class Response:
    status: int
    body: bytes
    headers: http.client.HTTPMessage
    seconds: float


class Session:
    """One browser: cookies, and a form post the way a browser sends it."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None):
        parsed = urllib.parse.urlparse(base_url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("the benchmark only loads a server on this machine")
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies = dict(cookies or {})

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        body = None
        all_headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            content = raw.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, content, raw.headers, seconds)

    def login(self, email: str, password: str) -> None:
        self.request("GET", "/account/login/")
        response = self.request("POST", "/account/login/", {"login": email, "password": password})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {email} failed: {response.status}")


@dataclass
class Result:
    page: Page
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


class Counter:
    """Numbers for form posts, shared by the threads: each post gets its own round."""

    def __init__(self) -> None:
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            return next(self._numbers)


def expected(page: Page, status: int) -> bool:
    return status == (302 if page.data else 200)


def hit(session: Session, page: Page, context: Context, counter: Counter) -> Response:
    n = counter.next() if page.data else 0
    return session.request(
        page.method, page.path(context, n), page.data(context, n) if page.data else None
    )


def run(
    plan: list[tuple[Page, dict[str, str]]],
    context: Context,
    base_url: str,
    *,
    users: int,
    seconds: float,
    counter: Counter,
) -> dict[str, Result]:
    """`users` threads for `seconds`: thread i walks the pages of plan entry i (mod len),
    one request after the other, as a person clicking through."""
    results = {page.name: Result(page) for page, _cookies in plan}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(index: int) -> None:
        page, cookies = plan[index % len(plan)]
        session = Session(base_url, cookies)
        while time.monotonic() < stop:
            try:
                response = hit(session, page, context, counter)
            except OSError as error:
                problem: str | None = type(error).__name__
            else:
                problem = None if expected(page, response.status) else f"HTTP {response.status}"
            with lock:
                result = results[page.name]
                if problem:
                    result.errors.append(problem)
                else:
                    result.latencies.append(response.seconds)

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    elapsed = time.monotonic() - started
    for result in results.values():
        result.seconds = elapsed
    return results


ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')
SHELL = re.compile(r"var SHELL_FILES = (\[.*?\]);")
YEAR = 365 * 24 * 3600


@dataclass
class Weight:
    """What a page costs a phone: the page compressed as the TLS proxy sends it, and the
    static files it loads, compressed as WhiteNoise serves them."""

    name: str
    html: int
    assets: int
    uncached: int  # static files without a year-long cache: fetched again on every visit

    @property
    def first_visit(self) -> int:
        return self.html + self.assets

    @property
    def repeat_visit(self) -> int:
        return self.html + self.uncached


def weight(session: Session, name: str, path: str) -> Weight:
    """The page, the static files it loads, and what the service worker fetches on a first
    visit (itself, the manifest and the app shell it keeps: templates/sw.js)."""
    page = session.request("GET", path)
    if page.status != 200:
        raise RuntimeError(f"{name}: HTTP {page.status}")
    worker = session.request("GET", "/sw.js")
    shell = SHELL.search(worker.body.decode())
    if worker.status != 200 or shell is None:
        raise RuntimeError(f"/sw.js: HTTP {worker.status}, no app shell in it")
    fetched = set(ASSET.findall(page.body.decode())) | set(json.loads(shell.group(1)))
    fetched |= {"/sw.js", "/manifest.webmanifest"}
    assets = uncached = 0
    for url in sorted(fetched):
        response = session.request("GET", url, headers={"Accept-Encoding": "br, gzip"})
        size = len(response.body)
        if response.headers.get("Content-Encoding") is None and not url.startswith("/static/"):
            size = len(gzip.compress(response.body, 6))  # as the TLS proxy sends it
        assets += size
        match = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
        if not match or int(match.group(1)) < YEAR:
            uncached += size
    return Weight(name, len(gzip.compress(page.body, 6)), assets, uncached)
