"""Lighthouse with its mobile profile on the volunteer's phone pages, served as production
serves them (gunicorn, DEBUG off, hashed static files through WhiteNoise): Performance at
least 90, Accessibility 100, Best Practices at least 95. `make test` installs Lighthouse from
package.json (npm ci); docs/performance.md keeps the scores of a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ..conftest import IN_CI, World
from ..factories import shift_factory
from ..support.processes import ROOT, base_env, start_web

pytestmark = [pytest.mark.lighthouse, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
THRESHOLDS = {"performance": 90, "accessibility": 100, "best-practices": 95}
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "total-byte-weight"]  # fmt: skip


def lighthouse(url: str, cookie: str, out) -> dict:
    """One Lighthouse run; again (three times at most) when Lighthouse itself says its
    trace of the page load failed and to run it again (NO_NAVSTART, now and then here)."""
    for _attempt in range(3):
        run = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(THRESHOLDS)}", "--form-factor=mobile",
             f"--extra-headers={json.dumps({'Cookie': f'sessionid={cookie}'})}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180, capture_output=True,
            text=True,
        )  # fmt: skip
        if run.returncode == 0 or "Please run Lighthouse again" not in run.stderr:
            break
    assert run.returncode == 0, f"lighthouse {url}: {run.stderr[-3000:]}"
    return json.loads(out.read_text())


def _performance(report: dict) -> float:
    return report["categories"]["performance"]["score"] * 100


def measured(url: str, cookie: str, out) -> dict:
    """The run that counts. The performance score moves from run to run with the machine's
    load (the test suite runs beside it), and Lighthouse's own advice is the median of
    several runs: a page below the threshold is measured twice more and the median of the
    three counts. Accessibility and best practices do not vary between runs."""
    first = lighthouse(url, cookie, out)
    if _performance(first) >= THRESHOLDS["performance"]:
        return first
    again = [lighthouse(url, cookie, out.with_name(f"{out.stem}-{n}.json")) for n in (2, 3)]
    return sorted([first, *again], key=_performance)[1]


def test_the_phone_pages_score_well_in_lighthouse(world: World, redis_url, tmp_path):
    if not LIGHTHOUSE.exists():
        message = "Lighthouse is not installed: npm ci (make test does it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database: set DATABASE_URL to PostgreSQL")
    env = base_env(tmp_path, redis_url, STATIC_STORAGE="manifest", MFA_REQUIRED="False")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    web = start_web(tmp_path, env)
    try:
        client = Client()
        client.force_login(world.volunteer)
        cookie = client.cookies["sessionid"].value
        awaiting = shift_factory(world.team_a, days=-0.5, crew=[world.volunteer_membership])
        pages = {
            "home": reverse("home"),
            "roster": reverse("teams:roster", args=[world.team_a.pk]),
            "report wizard": reverse("signalen:signal_create"),
            "patrol log": reverse("teams:log_create", args=[awaiting.pk]),
        }
        scores, shortfalls = {}, {}
        for name, path in pages.items():
            report = measured(web.extra["url"] + path, cookie, tmp_path / f"{name}.json")
            assert report["finalDisplayedUrl"].endswith(path), report["finalDisplayedUrl"]
            scores[name] = {
                key: round(report["categories"][key]["score"] * 100) for key in THRESHOLDS
            } | {metric: report["audits"][metric]["displayValue"] for metric in METRICS}
            for key, minimum in THRESHOLDS.items():
                if scores[name][key] < minimum:
                    failing = [
                        f"{audit['id']} ({audit['score']})"
                        for ref in report["categories"][key]["auditRefs"]
                        if ref["weight"] > 0
                        and (audit := report["audits"][ref["id"]])["score"] is not None
                        and audit["score"] < 0.9
                    ]
                    shortfalls[f"{name} {key} {scores[name][key]}"] = failing
        print("\nLighthouse (mobile):", json.dumps(scores, indent=1))
        assert shortfalls == {}
    finally:
        web.stop()
