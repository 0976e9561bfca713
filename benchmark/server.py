"""gunicorn for the benchmark: the project as production runs it, on 127.0.0.1."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses, for the processes it starts."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings, except what a load test on one machine must change: no TLS,
    no two-factor step at login, no e-mail leaving the machine, one person reporting often."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
        "ENV_FILE": "",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "False" if redis_url else "True",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "MFA_REQUIRED": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "STATIC_STORAGE": "manifest",
        "LOG_LEVEL": "WARNING",
        # One volunteer sends every report of the load test: the limit per person stays on
        # (its cost is measured) but high enough not to refuse them.
        "SIGNAL_REPORT_RATE_LIMIT": "1000000/10m/user",
    }


class Server:
    def __init__(
        self, env: dict[str, str], workers: int, log: Path, app: str = "buurtpreventie.wsgi"
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        args = [
            sys.executable, "-m", "gunicorn", app,
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--timeout", "60", "--backlog", "2048",
        ]  # fmt: skip
        with log.open("wb") as handle:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')}")
            try:
                urllib.request.urlopen(self.url + "/ping", timeout=2)  # noqa: S310 - localhost
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
