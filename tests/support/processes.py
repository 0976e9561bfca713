"""Real processes for integration tests: a gunicorn web server and Celery workers.

They run the project as production does, against the test database (which must be
PostgreSQL, so that several processes share it) and a real Redis.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.server import database_url, free_port

from . import clock

ROOT = Path(__file__).resolve().parents[2]


def base_env(tmp_path: Path, redis_url: str, **overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SECURE_COOKIES": "False",
        "SECURE_SSL_REDIRECT": "False",
        "NOTIFICATION_SWEEP_AFTER": "1",
        "NOTIFICATION_SWEEP_INTERVAL": "1",
        "NOTIFICATION_RECONCILE_AFTER": "1",
        "CONN_MAX_AGE": "0",
        "ENV_FILE": "",
    }
    env.update(overrides)
    return env | clock.child_env()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    extra: dict = field(default_factory=dict)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when a machine or container dies."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def _spawn(name: str, args: list[str], env: dict[str, str], log: Path) -> Process:
    handle = log.open("wb")
    popen = subprocess.Popen(
        clock.child_command(args),
        cwd=ROOT,
        env=env | clock.child_env(),  # the suite's clock as it is now, not when env was made
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Process(name, popen, log)


def wait_for(condition, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached within {timeout} s")


def start_worker(
    tmp_path: Path,
    env: dict[str, str],
    *,
    name: str,
    pool: str = "solo",
    concurrency: int | None = None,
    wait: bool = True,
    quiet: bool = False,
) -> Process:
    """A Celery worker; `pool="prefork", concurrency=2` runs it as production does. With
    `wait=False` it returns at once, as a supervisor starts one (the broker may be down);
    with `quiet=True` it prints no banner, as in docker-compose.yml."""
    args = [
        sys.executable, "-m", "celery", "-A", "buurtpreventie", "worker",
        f"--pool={pool}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", f"--hostname={name}@%h",
    ]  # fmt: skip
    if concurrency is not None:
        args.append(f"--concurrency={concurrency}")
    if quiet:
        args.insert(args.index("worker"), "--quiet")  # an option of celery's, before "worker"
    process = _spawn(name, args, env, tmp_path / f"{name}.log")
    return _started(process, "ready.") if wait else process


def start_beat(tmp_path: Path, env: dict[str, str], *, name: str = "beat") -> Process:
    """`celery beat` on its own, as production runs it beside the workers."""
    args = [
        sys.executable, "-m", "celery", "-A", "buurtpreventie", "beat", "--loglevel=INFO",
        f"--schedule={tmp_path / (name + '-schedule')}",
    ]  # fmt: skip
    return _started(_spawn(name, args, env, tmp_path / f"{name}.log"), "beat: Starting...")


def _started(process: Process, ready: str) -> Process:
    """Until the process logs `ready`; killed (and the error raised) when it does not."""
    try:
        wait_for(lambda: ready in process.output() or process.popen.poll() is not None,
                 timeout=60, what=f"{process.name} ready")  # fmt: skip
    except TimeoutError:
        process.kill()
        raise
    if process.popen.poll() is not None:
        raise RuntimeError(f"{process.name} exited:\n{process.output()}")
    return process


def start_web(
    tmp_path: Path,
    env: dict[str, str],
    *,
    name: str = "web",
    workers: int = 1,
    threads: int = 4,
    max_requests: int = 0,
) -> Process:
    """gunicorn on a free port; `max_requests` makes each worker end after that many
    requests and gunicorn start another, as production may to limit memory."""
    port = free_port()
    args = [
        sys.executable, "-m", "gunicorn", "buurtpreventie.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--timeout", "30",
        "--max-requests", str(max_requests),
    ]  # fmt: skip
    process = _spawn(name, args, env, tmp_path / f"{name}.log")
    process.extra["url"] = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(process.extra["url"] + "/healthz", timeout=1)  # noqa: S310
        except urllib.error.HTTPError:
            return True  # 503 while Redis is down is an answer too
        except OSError:
            return process.popen.poll() is not None
        return True

    wait_for(answers, timeout=30, what="gunicorn answering")
    if process.popen.poll() is not None:
        raise RuntimeError(f"gunicorn exited:\n{process.output()}")
    return process


class Browserless:
    """A tiny HTTP client with cookies, for posting forms to the real server."""

    def __init__(self, base_url: str, session_key: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        host = urllib.parse.urlparse(base_url).hostname
        assert host, f"not a server's address: {base_url}"
        self.jar.set_cookie(_cookie("sessionid", session_key, host))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.status, response.read().decode()

    def post_form(self, path: str, data: dict[str, str]) -> int:
        _status, html = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, f"no form with a CSRF token at {path}"
        token = found.group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cookie(name: str, value: str, domain: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, domain, False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


def mail_to(tmp_path: Path, address: str) -> list[str]:
    """Messages the file e-mail backend wrote for one address."""
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.iterdir()):
        for message in path.read_text(errors="replace").split("-" * 79):
            if f"To: {address}" in message:
                messages.append(message)
    return messages
