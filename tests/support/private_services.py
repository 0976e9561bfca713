"""A private PostgreSQL cluster and a private Redis on spare ports, for tests that stop them.

The shared services (PostgreSQL on 5432, Redis on 6379) are never touched: these are created,
stopped, restarted and removed by the suite, and removed even when a test fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import psycopg2
import redis

from benchmark.server import free_port

from .processes import wait_for

PREFIX = "faults"
TOOLS = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters", "redis-server")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def postgresql_version() -> str:
    versions = sorted(
        (p.name for p in Path("/etc/postgresql").iterdir() if p.name.isdigit()), key=int
    )
    assert versions, "no PostgreSQL under /etc/postgresql"
    return versions[-1]


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class PrivateCluster:
    """`pg_createcluster` on a free port with trust authentication over 127.0.0.1, as the
    shared cluster has; its name carries the pid of the test process that made it."""

    def __init__(self, label: str) -> None:
        self.version = postgresql_version()
        drop_abandoned_clusters(self.version)
        self.port = free_port()
        self.name = f"{PREFIX}_{os.getpid()}_{label}_{self.port}"
        self.created = False

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create(self) -> None:
        _run(
            "pg_createcluster", self.version, self.name, "-p", str(self.port),
            # Nothing here has to survive the machine: a clean restart still writes everything.
            "-o", "fsync=off",
            "--", "--auth=trust",
        )  # fmt: skip
        self.created = True
        self.start()

    def _ctl(self, action: str) -> None:
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action)

    def start(self) -> None:
        self._ctl("start")
        wait_for(self.accepts, timeout=30, what=f"cluster {self.name} accepting")

    def stop(self) -> None:
        self._ctl("stop")

    def restart(self) -> None:
        """`pg_ctlcluster restart` (fast mode: open transactions are rolled back and their
        connections closed), until it accepts connections again."""
        self._ctl("restart")
        wait_for(self.accepts, timeout=30, what=f"cluster {self.name} accepting")

    def accepts(self) -> bool:
        try:
            psycopg2.connect(self.url("postgres"), connect_timeout=1).close()
        except psycopg2.OperationalError:
            return False
        return True

    def create_database(self, name: str) -> None:
        connection = psycopg2.connect(self.url("postgres"), connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()

    def drop(self) -> None:
        if self.created:
            _run("pg_dropcluster", self.version, self.name, "--stop")
            self.created = False


def drop_abandoned_clusters(version: str) -> None:
    """Clusters this suite made in a run that died before it could remove them (the test
    process named in the cluster's name is gone)."""
    listing = _run("pg_lsclusters", "--no-header")
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0] != version:
            continue
        found = re.fullmatch(rf"{PREFIX}_(\d+)_\w+", fields[1])
        if found and not _alive(int(found.group(1))):
            _run("pg_dropcluster", version, fields[1], "--stop")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PrivateRedis:
    """`redis-server` on a free port, nothing kept on disk: a restart starts empty."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.pidfile = folder / "redis.pid"
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        _run(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "yes",
            "--pidfile", str(self.pidfile), "--dir", str(self.folder),
            "--logfile", str(self.folder / "redis.log"),
        )  # fmt: skip
        wait_for(self.answers, timeout=15, what="private Redis answering")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """SIGTERM to the server this suite started (its pid file), until the port is closed."""
        if not self.pidfile.exists():
            return
        pid = int(self.pidfile.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        try:
            wait_for(lambda: not _answers(self.port), timeout=10, what="Redis stopping")
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            wait_for(lambda: not _answers(self.port), timeout=10, what="Redis killed")
        self.pidfile.unlink(missing_ok=True)


__all__ = ["PrivateCluster", "PrivateRedis", "missing_tools"]
