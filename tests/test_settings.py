"""The project's wiring: settings, migrations, health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x7#production-like-secret-key-with-more-than-fifty-characters-9f3k",
    "ALLOWED_HOSTS": "buurtpreventie.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "ENV_FILE": "",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what production would have: none of the test suite's own switches.
    test_only = {"SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_STORAGE"}
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and key not in test_only
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_key_or_allowed_hosts(missing):
    env = {**PRODUCTION}
    del env[missing]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", env={**PRODUCTION, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_check_deploy_reports_no_warnings_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_health_check_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}}


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_health_check_answers_503_when_redis_is_down(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False}


def test_health_check_includes_redis_when_configured(client, db, redis_url):
    with override_settings(REDIS_URL=redis_url):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True}


def test_health_check_answers_503_when_the_database_is_down():
    probe = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.json()['checks'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 {'database': False}", result.stderr


def test_every_scheduled_task_exists():
    from buurtpreventie.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "privacy.tasks.apply_retention" in scheduled
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
