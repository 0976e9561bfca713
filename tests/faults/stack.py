"""One stack of the application, as production runs it, on this machine and on its own:
a private PostgreSQL cluster and Redis, gunicorn, one Celery worker (prefork, two processes),
`celery beat`, and the counting SMTP server; and what a scenario measures on it."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pytest
from django.urls import reverse

from notifications.models import Notification

from ..support import clock
from ..support.private_services import PrivateCluster, PrivateRedis
from ..support.processes import ROOT, Process, start_beat, start_web, start_worker, wait_for
from ..support.smtp import CountingSmtpServer
from .seed import PASSWORD
from .traffic import Answer, Traffic, Visitor

# What the issue demands: every message of an accepted action delivered within a minute of
# the fault's end.
RECOVERY_BOUND = 60.0
# How long after a fault ends the suite waits for everything to arrive and come to rest; past
# the bound, so that a recovery a little too slow is measured rather than only refused.
OBSERVE_FOR = float(os.environ.get("FAULT_OBSERVE", "80"))
# FAULT_SCALE=0.25 shortens every fault for a quick run on a laptop; the default is the
# issue's durations.
SCALE = float(os.environ.get("FAULT_SCALE", "1"))
PACE = 1.0  # seconds between two invitations of the traffic
COORDINATOR = "coordinator@faults.example.org"
# Outbox rows in these states will not be sent again by anyone; any other state (pending, or
# one the app adds for a send under way) still may be.
AT_REST = tuple(
    str(status)
    for status in (
        Notification.Status.SENT,
        Notification.Status.FAILED,
        Notification.Status.GONE,
        Notification.Status.BUNDLED,
    )
)
# Variables a process needs from the environment; everything else is set here.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SECRET_KEY", "MFA_ENCRYPTION_KEY")


def seconds(duration: float) -> float:
    """A fault's duration, scaled by FAULT_SCALE."""
    return duration * SCALE


class Stack:
    def __init__(self, label: str, folder: Path) -> None:
        self.label = label
        self.folder = folder
        self.cleanup = contextlib.ExitStack()
        self.cluster = PrivateCluster(label)
        self.redis = PrivateRedis(folder)
        self.smtp = CountingSmtpServer()
        self.cleanup.callback(self.smtp.stop)
        self.processes: list[Process] = []
        self.env: dict[str, str] = {}
        self.team = 0
        self.web: Process
        self.worker: Process
        self.beat: Process
        self._started = Counter[str]()
        # Production restarts a worker that exits (docker-compose.yml: restart: unless-stopped);
        # so does the stack, and it keeps what each exit said.
        self.worker_exits: list[WorkerExit] = []
        self._worker_lock = threading.RLock()
        self._killed_on_purpose = False
        self._supervising = threading.Event()
        self._supervisor = threading.Thread(target=self._supervise, name="supervisor", daemon=True)

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        self.cleanup.callback(self.cluster.drop)
        self.cluster.create()
        self.cluster.create_database("app")
        self.cleanup.callback(self.redis.stop)
        self.redis.start()
        self.env = self._environment()
        self.cleanup.callback(self._stop_processes)
        quiet = {**self.env, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        self._run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], quiet)
        seeded = self._run([sys.executable, "-m", "tests.faults.seed", COORDINATOR], quiet)
        self.team = json.loads(seeded.strip().splitlines()[-1])["team"]
        self.web = self._track(start_web(self._folder("web"), self.env))
        self.start_worker()
        self.start_beat()
        self._supervisor.start()
        self.cleanup.callback(self._stop_supervising)

    def close(self) -> None:
        self.cleanup.close()

    def _environment(self) -> dict[str, str]:
        inherited = {name: os.environ[name] for name in INHERITED if name in os.environ}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
            "ENV_FILE": "",
            "DATABASE_URL": self.cluster.url("app"),
            "REDIS_URL": self.redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "False",
            "EMAIL_TIMEOUT": "5",
            "MFA_REQUIRED": "False",
            "DEBUG": "False",
            "SECURE_COOKIES": "False",
            "SECURE_SSL_REDIRECT": "False",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_STORAGE": "plain",
            "PDOK_LOCATIESERVER_URL": "",
            "NOTIFICATION_SWEEP_INTERVAL": "10",
            "LOG_LEVEL": "INFO",
        } | clock.child_env()

    def _run(self, args: list[str], env: dict[str, str]) -> str:
        done = subprocess.run(
            clock.child_command(args), cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _folder(self, name: str) -> Path:
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        return folder

    def _track(self, process: Process) -> Process:
        self.processes.append(process)
        return process

    def _stop_processes(self) -> None:
        for process in self.processes:
            process.kill()

    def start_worker(self, *, wait: bool = True) -> Process:
        """A new worker as production runs it: prefork, two processes; by default once it
        is ready."""
        with self._worker_lock:
            self._started["worker"] += 1
            name = f"worker{self._started['worker']}"
            self.worker = self._track(
                start_worker(
                    self._folder(name), self.env, name=name, pool="prefork", concurrency=2,
                    wait=wait,
                )
            )  # fmt: skip
            self._killed_on_purpose = False
            return self.worker

    def kill_worker(self) -> None:
        """SIGKILL to the worker's whole process group; not restarted until `start_worker`."""
        with self._worker_lock:
            self._killed_on_purpose = True
            self.worker.kill()

    def _supervise(self) -> None:
        while not self._supervising.wait(0.5):
            with self._worker_lock:
                code = self.worker.popen.poll()
                if code is None or self._killed_on_purpose or self._supervising.is_set():
                    continue
                self.worker_exits.append(WorkerExit(time.monotonic(), code, self.worker))
                self.start_worker(wait=False)

    def _stop_supervising(self) -> None:
        self._supervising.set()
        if self._supervisor.is_alive():
            self._supervisor.join(timeout=10)

    def start_beat(self) -> Process:
        self._started["beat"] += 1
        name = f"beat{self._started['beat']}"
        self.beat = self._track(start_beat(self._folder(name), self.env, name=name))
        return self.beat

    def everything_up(self) -> None:
        """Back to normal before a scenario, whatever the one before it left behind."""
        self.smtp.release()
        if not self.redis.answers():
            self.redis.start()
        if not self.cluster.accepts():
            self.cluster.start()
        with self._worker_lock:
            if self.worker.popen.poll() is not None:
                self.start_worker()
        if self.beat.popen.poll() is not None:
            self.start_beat()

    def logs(self, tail: int = 4000) -> str:
        return "\n".join(f"--- {p.name} ({p.log})\n{p.output()[-tail:]}" for p in self.processes)

    # --- what the stack holds -------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.web.extra["url"]

    @property
    def invite_path(self) -> str:
        return reverse("teams:team_invite", args=[self.team])

    def outbox_not_at_rest(self, addresses: list[str]) -> list[tuple[str, str]]:
        """The e-mails to these addresses that someone may still send: (address, status).
        An address without an e-mail row counts too: its post was accepted."""
        if not addresses:
            return []
        try:
            connection = psycopg2.connect(self.cluster.url("app"), connect_timeout=2)
        except psycopg2.OperationalError:
            return [("?", "database unreachable")]
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(
                    "SELECT email, status FROM notifications_notification"
                    " WHERE channel = 'email' AND email = ANY(%s)",
                    (addresses,),
                )
                rows = cursor.fetchall()
        except psycopg2.Error as error:
            return [("?", f"database error: {error}")]
        finally:
            connection.close()
        written = {email for email, _status in rows}
        return [(email, status) for email, status in rows if status not in AT_REST] + [
            (address, "no row") for address in addresses if address not in written
        ]

    def healthz(self) -> tuple[int | None, dict]:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.loads(error.read())
            except ValueError:
                return error.code, {}
        except OSError:
            return None, {}


@dataclass(frozen=True)
class WorkerExit:
    """A worker that ended without being killed by the suite (and was started again)."""

    at: float  # time.monotonic()
    code: int
    process: Process

    def reason(self) -> str:
        lines = [line for line in self.process.output().splitlines() if "CRITICAL" in line]
        return (lines[-1] if lines else f"exit code {self.code}")[:300]


@dataclass
class Figures:
    scenario: str
    accepted: int
    delivered: int
    lost: int
    duplicates_seen: int
    raw_extra_copies: int
    recovery: float | None  # seconds; None: not everything arrived while the suite watched
    at_rest: float | None  # seconds until nothing was left to send
    server_errors: int  # 5xx or no answer, outside the allowed moments
    allowed_errors: int  # 5xx at the instant of a PostgreSQL restart
    statuses: Counter
    unexpected: int  # messages to addresses no accepted post owed
    not_at_rest: list[tuple[str, str]]
    slowest_post: float  # seconds the slowest accepted post took to answer
    worker_exits: int  # workers that died by themselves (and were started again)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        def secs(value: float | None) -> str:
            return f"{value:.1f}" if value is not None else f">{OBSERVE_FOR:.0f}"

        statuses = ",".join(f"{k}:{v}" for k, v in sorted(self.statuses.items()))
        line = (
            f"{self.scenario}: accepted={self.accepted} delivered={self.delivered} "
            f"lost={self.lost} duplicates_seen={self.duplicates_seen} "
            f"raw_extra_copies={self.raw_extra_copies} recovery_s={secs(self.recovery)} "
            f"at_rest_s={secs(self.at_rest)} http_5xx={self.server_errors} "
            f"5xx_at_restart={self.allowed_errors} unexpected={self.unexpected} "
            f"still_to_send={len(self.not_at_rest)} slowest_post_s={self.slowest_post:.1f} "
            f"worker_exits={self.worker_exits} "
            f"statuses={statuses}"
        )
        return line + "".join(f"\n    {note}" for note in self.notes)

    def problems(self) -> list[str]:
        found = []
        if self.lost:
            found.append(f"{self.lost} accepted action(s) got no message")
        if self.duplicates_seen:
            found.append(f"{self.duplicates_seen} duplicate(s) as the recipient sees them")
        if self.recovery is None or self.recovery > RECOVERY_BOUND:
            found.append(f"recovery {self.recovery} s, bound {RECOVERY_BOUND} s")
        if self.at_rest is None or self.at_rest > RECOVERY_BOUND:
            found.append(
                f"outbox at rest after {self.at_rest} s, bound {RECOVERY_BOUND} s; "
                f"still to send: {self.not_at_rest[:5]}"
            )
        if self.server_errors:
            found.append(f"{self.server_errors} HTTP 5xx or unanswered request(s)")
        if not self.accepted:
            found.append("no post was accepted: nothing was measured")
        return found


class Scenario:
    """One fault on a stack: its visitors and traffic, the moments errors are allowed, and
    the figures measured once the fault is over."""

    def __init__(self, stack: Stack, name: str) -> None:
        self.stack = stack
        self.name = name
        self.started = time.monotonic()
        self.visitors: list[Visitor] = []
        self.allowed: list[tuple[float, float]] = []
        self.notes: list[str] = []
        self.failures: list[str] = []
        stack.everything_up()
        self.coordinator = self.logged_in_visitor()
        self.traffic = Traffic(self.coordinator, stack.invite_path, name, pace=PACE)

    def logged_in_visitor(self) -> Visitor:
        """The coordinator, logged in through the login form, on a fresh browser."""
        visitor = Visitor(self.stack.url)
        self.visitors.append(visitor)
        answer = visitor.log_in(COORDINATOR, PASSWORD)
        assert answer.status == 302, f"login answered {answer}\n{self.stack.logs()}"
        assert visitor.request(reverse("home"))[0].status == 200, "logged in, the home opens"
        return visitor

    def try_login(self, what: str) -> Answer:
        """A login that must succeed (302, then the home page), recorded as a failure if not."""
        visitor = Visitor(self.stack.url)
        self.visitors.append(visitor)
        answer = visitor.log_in(COORDINATOR, PASSWORD)
        home = visitor.request(reverse("home"))[0] if answer.status == 302 else None
        result = f"{what}: login {answer.status} in {answer.ended - answer.started:.1f} s"
        result += f", then the home page {home.status}" if home else ""
        self.notes.append(result)
        if answer.status != 302 or home is None or home.status != 200:
            self.failures.append(result)
        return answer

    def hold(self, duration: float) -> None:
        """Keep the fault on for its fixed duration while the traffic goes on."""
        threading.Event().wait(duration)

    def until_delivering(self) -> None:
        """The stack works before the fault: a post of this traffic arrived."""
        wait_for(
            lambda: set(self.traffic.accepted) & set(self.stack.smtp.first_arrivals()),
            timeout=60,
            what=f"{self.name}: a first message delivered before the fault",
        )

    def allow_errors(self, start: float, end: float) -> None:
        self.allowed.append((start, end))

    def observe(self, fault_end: float) -> Figures:
        """Wait until every accepted post's message arrived and nothing is left to send (or
        OBSERVE_FOR passes), then count."""
        smtp = self.stack.smtp
        owed = self.traffic.accepted

        def done() -> bool:
            arrived = smtp.first_arrivals()
            return all(a in arrived for a in owed) and not self.stack.outbox_not_at_rest(owed)

        at_rest: float | None
        try:
            wait_for(done, timeout=OBSERVE_FOR, interval=0.5, what="everything delivered")
            at_rest = max(0.0, time.monotonic() - fault_end)
        except TimeoutError:
            at_rest = None
        # A conversation still going on may yet add a copy.
        with contextlib.suppress(TimeoutError):
            wait_for(lambda: smtp.connections == 0, timeout=10, what="mail server idle")
        self._write_ledger(fault_end)
        return self._count(fault_end, at_rest)

    def _write_ledger(self, fault_end: float) -> None:
        """<stack folder>/<scenario>-ledger.tsv: every post, what it was answered and when,
        and every copy the mail server stored for its address (seconds since the scenario
        started), to read beside the processes' logs after a failure."""
        copies = self.stack.smtp.copies()
        lines = [
            f"# fault ended at +{fault_end - self.started:.1f} s",
            "address\tstatus\tposted\tcopies",
        ]
        for post in self.traffic.posts:
            received = " ".join(
                f"+{m.at - self.started:.1f}:{m.message_id}" for m in copies.get(post.address, [])
            )
            posted = post.answer.started - self.started
            lines.append(f"{post.address}\t{post.answer.status}\t+{posted:.1f}\t{received}")
        (self.stack.folder / f"{self.name}-ledger.tsv").write_text("\n".join(lines) + "\n")

    def _count(self, fault_end: float, at_rest: float | None) -> Figures:
        smtp = self.stack.smtp
        owed = self.traffic.accepted
        copies = smtp.copies()
        arrived = {a: copies[a][0].at for a in owed if copies.get(a)}
        lost = [a for a in owed if a not in arrived]
        late = [arrived[a] - fault_end for a in arrived if arrived[a] > fault_end]
        recovery = None if lost else max([0.0, *late])
        seen = sum(len({m.message_id or id(m) for m in copies[a]}) - 1 for a in arrived)
        raw = sum(len(copies[a]) - 1 for a in arrived)
        mine = f"{self.name}."
        unexpected = sum(
            len(messages)
            for recipient, messages in copies.items()
            if recipient.startswith(mine) and recipient not in owed
        )
        answers = [a for v in self.visitors for a in v.answers]
        errors = [a for a in answers if a.server_error]
        allowed = [a for a in errors if self._allowed(a)]
        notes = [f"scenario took {time.monotonic() - self.started:.0f} s", *self.notes]
        if lost:
            notes.append(f"lost: {lost[:10]}")
        exits = [e for e in self.stack.worker_exits if e.at >= self.started]
        for ended in exits:
            notes.append(f"worker exited by itself at +{ended.at - self.started:.1f} s "
                         f"(started again): {ended.reason()}")  # fmt: skip
        not_at_rest = self.stack.outbox_not_at_rest(owed)
        if not_at_rest:
            states = Counter(status for _address, status in not_at_rest)
            notes.append(f"still to send when the suite stopped watching: {dict(states)}")
        for answer in errors:
            when = answer.started - self.started
            kind = "allowed" if answer in allowed else "NOT allowed"
            notes.append(f"{kind}: {answer.method} {answer.path} -> {answer.status} "
                         f"{answer.error} at +{when:.1f} s")  # fmt: skip
        return Figures(
            scenario=self.name,
            accepted=len(owed),
            delivered=len(arrived),
            lost=len(lost),
            duplicates_seen=seen,
            raw_extra_copies=raw,
            recovery=recovery,
            at_rest=at_rest,
            server_errors=len(errors) - len(allowed),
            allowed_errors=len(allowed),
            statuses=Counter(str(a.status) for a in answers),
            unexpected=unexpected,
            not_at_rest=not_at_rest,
            worker_exits=len(exits),
            slowest_post=max(
                (p.answer.ended - p.answer.started for p in self.traffic.posts if p.accepted),
                default=0.0,
            ),
            notes=notes,
        )

    def _allowed(self, answer: Answer) -> bool:
        return any(answer.started <= end and answer.ended >= start for start, end in self.allowed)

    def report(self, request: pytest.FixtureRequest, figures: Figures) -> None:
        """Print the figures, keep them for the run's summary, and fail on any problem."""
        line = figures.line()
        print(f"\nFAULT FIGURES {line}")
        request.node.user_properties.append(("fault_figures", line))
        problems = figures.problems() + self.failures
        assert not problems, (
            f"{self.name}: " + "; ".join(problems) + f"\n{line}\nlogs: {self.stack.folder}"
        )


def now() -> float:
    return time.monotonic()


def mail_server_outage(
    stack: Stack, request: pytest.FixtureRequest, name: str, mode: str, duration: float
) -> None:
    """The mail server in `mode` (refuse or silent) for `duration` seconds (scaled) while
    the traffic goes on, then normal again."""
    scenario = Scenario(stack, name)
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        stack.smtp.set_mode(mode)
        scenario.hold(seconds(duration))
    finally:
        scenario.traffic.stop()
    stack.smtp.set_mode("normal")
    scenario.report(request, scenario.observe(fault_end=now()))
