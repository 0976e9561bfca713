"""A small run of `manage.py bench`, so the harness itself cannot rot: a fresh PostgreSQL
database, the demo region, gunicorn, every page for half a second, a short mixed load."""

import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from benchmark import pages
from benchmark.server import database_url

from ..support.processes import ROOT


def test_a_small_benchmark_runs_and_prints_every_page(redis_url, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL (set DATABASE_URL)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    # Named after the suite's own database, so two suites on one machine never share it.
    base, _, name = database_url().rpartition("/")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
        "ENV_FILE": "",
        "DEBUG": "True",
        "DATABASE_URL": f"{base}/{name}_bench_{worker}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "bench_database", "--fresh"], cwd=ROOT, env=env, check=True)
    report = tmp_path / "bench.md"
    run = subprocess.run(
        [*manage, "bench", "--size", "demo", "--seconds", "0.5", "--warmup", "0.2",
         "--concurrency", "2", "--users", "6", "--load-seconds", "2", "--workers", "2",
         "--redis-url", redis_url, "--markdown", str(report), "--strict"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    table = report.read_text()
    for page in [pages.BARE, *pages.PAGES]:
        row = next(line for line in table.splitlines() if line.startswith(f"| {page.name} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert "HTTP" not in cells[2], row  # each page answered as expected when counted
        assert float(cells[3]) > 0, row  # requests per second
        assert cells[-1] == "0", row  # errors
    assert re.search(r"- Errors: 0\b", table)
    assert "| home | " in table  # the page weights were measured
