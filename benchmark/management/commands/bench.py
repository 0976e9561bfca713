"""`manage.py bench` (or `make bench`): the main pages under gunicorn on a large region.

Seeds the region at scale once (PostgreSQL), starts gunicorn with production settings on
127.0.0.1, logs in as each role and measures every page of `benchmark.pages` against the
trivial view in the same run: throughput, p50 and p95, p95 as a ratio to the trivial view's,
and the page's query count. Then 50 users for 60 s across all pages (errors counted), and what
the volunteer's pages weigh on a phone. Stops by itself.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from benchmark import load, pages, server
from signalen.models import Category, Sensitivity, Signal
from teams import demo_large
from teams.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD
from teams.models import Membership, PartnerOrganisation, PatrolLog, Shift, Team, User
from trainingen.models import Cohort

LOGINS = {
    "volunteer": "vrijwilliger",
    "coordinator": "coordinator",
    "partner": "wijkagent",
    "administrator": "beheer",
    "trainer": "trainer",
}
FIRST_VISIT_KB, REPEAT_VISIT_KB = 150, 30


class Command(BaseCommand):
    help = "Benchmark the main pages under gunicorn on PostgreSQL (see docs/performance.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--size",
            choices=[*demo_large.SCALES, "demo"],
            default="large",
            help="xl: the whole region (a million signals); give it a database of its own",
        )
        parser.add_argument("--seconds", type=float, default=10.0, help="per page")
        parser.add_argument("--warmup", type=float, default=1.0, help="per page, not counted")
        parser.add_argument("--concurrency", type=int, default=4, help="users per page")
        parser.add_argument("--users", type=int, default=50, help="users in the load run")
        parser.add_argument("--load-seconds", type=float, default=60.0)
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
        parser.add_argument(
            "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
        )
        parser.add_argument("--markdown", help="also write the results as Markdown here")
        parser.add_argument(
            "--strict", action="store_true", help="exit 1 on errors or a page that weighs too much"
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        self._seed(options["size"])
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum keeps them in production (after a bulk
            # seed they are missing, and the planner guesses badly).
            cursor.execute("ANALYZE")
        self.stdout.write(_sizes())
        context = self._context(rounds=5000)
        counter = load.Counter()
        counts = {page.name: pages.queries(page, context, counter.next()) for page in pages.PAGES}
        redis_url = _redis(options["redis_url"])
        env = server.environment(server.database_url(), redis_url)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=server.ROOT, env=env, check=True,
        )  # fmt: skip
        log = Path(tempfile.mkdtemp(prefix="bench-")) / "gunicorn.log"
        web = server.Server(env, options["workers"], log)
        try:
            cookies = {}
            for role, key in LOGINS.items():
                session = load.Session(web.url)
                session.login(f"{key}@{DEMO_DOMAIN}", DEMO_PASSWORD)
                cookies[role] = session.cookies
            per_page = {}
            for page in pages.PAGES:
                plan = [(page, cookies[page.role])]
                load.run(plan, context, web.url, users=options["concurrency"],
                         seconds=options["warmup"], counter=counter)  # fmt: skip
                per_page.update(
                    load.run(plan, context, web.url, users=options["concurrency"],
                             seconds=options["seconds"], counter=counter)
                )  # fmt: skip
            mixed = load.run(
                [(page, cookies[page.role]) for page in pages.PAGES if page is not pages.TRIVIAL],
                context, web.url, users=options["users"], seconds=options["load_seconds"],
                counter=counter,
            )  # fmt: skip
            weights = self._weights(load.Session(web.url, cookies["volunteer"]), context)
        finally:
            web.stop()
        bare = server.Server(env, options["workers"], log.with_name("bare.log"), "benchmark.bare")
        try:
            plan = [(pages.BARE, {})]
            for seconds in (options["warmup"], options["seconds"]):
                result = load.run(plan, context, bare.url, users=options["concurrency"],
                                  seconds=seconds, counter=counter)  # fmt: skip
            per_page.update(result)
        finally:
            bare.stop()
            if redis_url:
                redis.Redis.from_url(redis_url).flushdb()
        report = _report(per_page, counts, mixed, weights, options, redis_url)
        self.stdout.write(report)
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s; gunicorn log: {log}")
        if options["markdown"]:
            Path(options["markdown"]).write_text(report)
        errors = sum(len(r.errors) for r in [*per_page.values(), *mixed.values()])
        heavy = [w for w in weights if w.first_visit > FIRST_VISIT_KB * 1024
                 or w.repeat_visit > REPEAT_VISIT_KB * 1024]  # fmt: skip
        if options["strict"] and (errors or heavy):
            raise CommandError(f"{errors} errors; too heavy: {[w.name for w in heavy]}")

    def _seed(self, size: str) -> None:
        have_demo = User.objects.filter(email=f"vrijwilliger@{DEMO_DOMAIN}").exists()
        scale = demo_large.SCALES.get(size)
        if have_demo and (scale is None or demo_large.is_seeded(scale)):
            return
        started = time.monotonic()
        self.stdout.write(f"Seeding the {size} region (once)...")
        call_command("seed_demo", size=size, stdout=self.stdout)
        self.stdout.write(f"Seeded in {time.monotonic() - started:.0f} s.")

    @staticmethod
    def _context(rounds: int) -> pages.Context:
        users = {
            role: User.objects.get(email=f"{key}@{DEMO_DOMAIN}") for role, key in LOGINS.items()
        }
        volunteer = Membership.objects.select_related("team").get(user=users["volunteer"])
        crew = [volunteer, Membership.objects.get(user=users["coordinator"], team=volunteer.team)]
        organisation = users["partner"].partner_memberships.get().organisation
        waiting = list(
            Shift.objects.filter(team=volunteer.team, meeting_point="Benchmark", log__isnull=True)
        )
        if len(waiting) < rounds:
            Shift.objects.filter(team=volunteer.team, meeting_point="Benchmark").exclude(
                pk__in=PatrolLog.objects.values("shift")
            ).delete()
            waiting = pages.rounds_to_log(crew, rounds)
        return pages.Context(
            users=users,
            team=volunteer.team,
            crew=crew,
            signal=Signal.objects.filter(
                responsible=organisation, sensitivity=Sensitivity.NORMAL
            ).latest("created_at"),
            cohort=Cohort.objects.filter(completed_at__isnull=False).earliest("pk"),
            category=Category.objects.get(code="burglary-risk-ladder"),
            rounds=waiting,
        )

    @staticmethod
    def _weights(session: load.Session, context: pages.Context) -> list[load.Weight]:
        volunteer_pages = [
            ("home", reverse("home")),
            ("roster", reverse("teams:roster", args=[context.team.pk])),
            ("report form", reverse("signalen:signal_create")),
            ("my signals", reverse("signalen:signal_list")),
            ("map", reverse("signalen:signal_map")),
            ("patrol log form", reverse("teams:log_create", args=[context.rounds[-1].pk])),
            ("training", reverse("trainingen:index")),
        ]
        return [load.weight(session, name, path) for name, path in volunteer_pages]


def _redis(url: str) -> str:
    """The benchmark's own Redis database when Redis runs here; otherwise tasks in-process."""
    if not url:
        return ""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.flushdb()
    except redis.RedisError:
        return ""
    return url


def _sizes() -> str:
    rows = [
        ("teams", Team.objects.count()),
        ("members", Membership.objects.count()),
        ("partner organisations", PartnerOrganisation.objects.count()),
        ("signals", Signal.objects.count()),
        ("patrol logs", PatrolLog.objects.count()),
        ("cohorts", Cohort.objects.count()),
    ]
    return "Data: " + ", ".join(f"{n:,} {name}" for name, n in rows) + "\n"


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({model or platform.machine()}), Python {platform.python_version()}"
        f", PostgreSQL {postgres}"
    )


def _report(per_page, counts, mixed, weights, options, redis_url) -> str:
    trivial = per_page[pages.TRIVIAL.name].percentile(95)
    lines = [
        f"## Benchmark {timezone.localtime():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {_machine()}",
        f"- {_sizes().strip()}",
        f"- gunicorn: {options['workers']} sync workers on 127.0.0.1; tasks: "
        f"{'Redis (queued)' if redis_url else 'in-process'}",
        f"- Per page: {options['concurrency']} users for {options['seconds']:g} s each, "
        f"after a {options['warmup']:g} s warm-up",
        "",
        "| page | role | queries | req/s | p50 ms | p95 ms | p95 x trivial | p95 x bare "
        "| target | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    bare = per_page[pages.BARE.name]
    floor = bare.percentile(95)
    lines.append(
        f"| {bare.page.name} | | 0 | {bare.throughput:.1f} | {bare.percentile(50) * 1000:.0f} "
        f"| {floor * 1000:.0f} | {floor / trivial if trivial else 0:.2f} | 1.00 | "
        f"| {len(bare.errors)} |"
    )
    for page in pages.PAGES:
        result = per_page[page.name]
        ratio = result.percentile(95) / trivial if trivial else 0
        over_bare = result.percentile(95) / floor if floor else 0
        target = f"≤ {page.target:g}x {'✓' if ratio <= page.target else '✗'}" if page.target else ""
        status, sqls = counts[page.name]
        queries = pages.data_statements(sqls)
        control = len(sqls) - queries
        limit = ""
        if page.max_queries:
            limit = f" (≤ {page.max_queries} {'✓' if queries <= page.max_queries else '✗'})"
        if control:
            limit += f" + {control} savepoint"
        if not load.expected(page, status):
            limit += f" HTTP {status}"
        lines.append(
            f"| {page.name} | {page.role} | {queries}{limit} | {result.throughput:.1f} "
            f"| {result.percentile(50) * 1000:.0f} | {result.percentile(95) * 1000:.0f} "
            f"| {ratio:.2f} | {over_bare:.2f} | {target} | {len(result.errors)} |"
        )
    total = [latency for result in mixed.values() for latency in result.latencies]
    errors = {name: len(r.errors) for name, r in mixed.items() if r.errors}
    combined = load.Result(pages.TRIVIAL, total, [], next(iter(mixed.values())).seconds)
    lines += [
        "",
        f"### {options['users']} users for {options['load_seconds']:.0f} s, all pages",
        "",
        f"- Requests: {combined.count:,} ({combined.throughput:.1f}/s); p50 "
        f"{combined.percentile(50) * 1000:.0f} ms, p95 {combined.percentile(95) * 1000:.0f} ms",
        f"- Errors: {sum(errors.values())}" + (f" {errors}" if errors else ""),
        "",
        "### Page weight for a volunteer on a phone (compressed)",
        "",
        f"| page | first visit KB (≤ {FIRST_VISIT_KB}) | repeat visit KB (≤ {REPEAT_VISIT_KB}) |",
        "|---|---:|---:|",
    ]
    for w in weights:
        lines.append(f"| {w.name} | {w.first_visit / 1024:.1f} | {w.repeat_visit / 1024:.1f} |")
    lines += ["", f"Command: `{' '.join(sys.argv)}`", ""]
    return "\n".join(lines)
