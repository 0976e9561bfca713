"""Real HTTP traffic: a person logs in through the login form and posts the team invitation
form, each accepted post (302) owing exactly one e-mail to a fresh address."""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse

from ..support.forms import post_form

TIMEOUT = 20  # seconds for one HTTP request (gunicorn's own timeout is 30)


@dataclass(frozen=True)
class Answer:
    """One request and what came back: an HTTP status, or none (`error` says why)."""

    method: str
    path: str
    status: int | None
    started: float  # time.monotonic()
    ended: float
    location: str = ""
    error: str = ""

    @property
    def server_error(self) -> bool:
        return self.status is None or self.status >= 500


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser without JavaScript: cookies, forms read from the page, no redirects followed.
    Every request it makes is kept in `answers`."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.answers: list[Answer] = []
        self._lock = threading.Lock()

    def request(self, path: str, data: dict | None = None) -> tuple[Answer, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base_url + path} if data is not None else {}
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)  # noqa: S310
        method = "POST" if data is not None else "GET"
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, html, location = response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            status, html = error.code, error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
            answer = Answer(method, path, status, started, time.monotonic(), location)
        except (OSError, TimeoutError) as error:
            answer = Answer(method, path, None, started, time.monotonic(), error=repr(error))
            html = ""
        else:
            answer = Answer(method, path, status, started, time.monotonic(), location)
        with self._lock:
            self.answers.append(answer)
        return answer, html

    def submit(self, path: str, having: str, **typed: str) -> Answer:
        """Open the page, fill in its form (the one posting `having`) and press submit."""
        page, html = self.request(path)
        if page.status != 200:
            return page
        form = post_form(html, having)
        action = form.action or path
        return self.request(action, form.submission(**typed) | _csrf(html))[0]

    def log_in(self, email: str, password: str) -> Answer:
        return self.submit(reverse("account_login"), "login", login=email, password=password)


def _csrf(html: str) -> dict[str, str]:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.find(marker)
    assert start >= 0, "the page has no CSRF token"
    start += len(marker)
    return {"csrfmiddlewaretoken": html[start : html.index('"', start)]}


@dataclass(frozen=True)
class Post:
    """One invitation posted: to whom, and what the server answered."""

    address: str
    answer: Answer

    @property
    def accepted(self) -> bool:
        return self.answer.status == 302


class Traffic:
    """Posts invitations one after another, `pace` seconds apart, each to a fresh address,
    in a thread, from `start()` until `stop()`."""

    def __init__(self, visitor: Visitor, invite_path: str, label: str, *, pace: float) -> None:
        self.visitor = visitor
        self.invite_path = invite_path
        self.label = label
        self.pace = pace
        self.posts: list[Post] = []
        self._count = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"traffic-{label}", daemon=True)

    def post_one(self) -> Post:
        self._count += 1
        address = f"{self.label}.{self._count}@example.org"
        answer = self.visitor.submit(self.invite_path, "email", first_name="Fenna", email=address)
        post = Post(address, answer)
        self.posts.append(post)
        return post

    def _run(self) -> None:
        while not self._stopping.is_set():
            self.post_one()
            self._stopping.wait(self.pace)

    def start(self) -> Traffic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2 * TIMEOUT + 5)
        assert not self._thread.is_alive(), "the traffic thread did not stop"

    @property
    def accepted(self) -> list[str]:
        return [post.address for post in self.posts if post.accepted]

    def statuses(self) -> Counter:
        return Counter(str(post.answer.status) for post in self.posts)
