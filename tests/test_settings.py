"""The project's wiring: settings, migrations, start-up, health check."""

import ast
import importlib
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
    "MFA_ENCRYPTION_KEY": "AEmQ0XZ1Nd8xV0c1c3Kk3h0tmHcTRqT7T6zqNf0kmzE=",
    "DATABASE_URL": "sqlite:///:memory:",
    "ENV_FILE": "",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env)


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what production would have: none of the test suite's or a developer's switches.
    test_only = {
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "STATIC_STORAGE",
        "BENCHMARK_APP",
    }
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and key not in test_only
    }
    return subprocess.run(
        [sys.executable, *args],
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


SHOW_APPS = "from django.conf import settings; print(*settings.INSTALLED_APPS)"


def test_production_does_not_install_the_benchmark():
    result = run_manage("shell", "-c", SHOW_APPS, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    apps = result.stdout.split()
    assert "teams" in apps
    assert "benchmark" not in apps


def test_development_installs_the_benchmark_unless_told_not_to():
    development = {**PRODUCTION, "DEBUG": "True"}
    for env, installed in [(development, True), ({**development, "BENCHMARK_APP": "False"}, False)]:
        result = run_manage("shell", "-c", SHOW_APPS, env=env)
        assert result.returncode == 0, result.stderr
        assert ("benchmark" in result.stdout.split()) == installed


def test_starting_django_imports_no_demo_code():
    """The demo seeds are imported by `seed_demo` alone, not by every process at start-up."""
    probe = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "print(*sorted(m for m in sys.modules if m.rsplit('.', 1)[-1] in ('demo', 'demo_large')))"
    )
    result = run_python(
        "-c", probe, env={**PRODUCTION, "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


SHOW_IMAGE_SOURCES = (
    "import django; django.setup(); from django.conf import settings; "
    "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
)
PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)


@pytest.mark.parametrize(
    ("tiles", "origin", "allowed"),
    [
        ("", "", []),
        # An origin without tiles allows nothing: there is nothing to load from it.
        ("", "https://tiles.example.org", []),
        (PDOK_TILES, "", ["https://service.pdok.nl"]),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "", ["https://*.tile.openstreetmap.org"]),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://cdn.example.org/", ["https://cdn.example.org"]),
    ],
)  # fmt: skip
def test_the_policy_allows_the_tile_host_only_when_tiles_are_configured(tiles, origin, allowed):
    env = {
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
        "MAP_TILE_URL": tiles,
        "MAP_TILE_ORIGIN": origin,
    }
    result = run_python("-c", SHOW_IMAGE_SOURCES, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["'self'", "data:", *allowed]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAP_TILE_URL", "javascript:alert(1)"),
        ("MAP_TILE_URL", "tiles.example.org/{z}/{x}/{y}.png"),
        ("PDOK_LOCATIESERVER_URL", "ftp://api.pdok.nl/bzk/locatieserver/search/v3_1"),
        ("PDOK_TIMEOUT", "0"),
        ("LOG_FORMAT", "xml"),
        ("SITE_URL", "127.0.0.1:8000"),
        ("SITE_URL", "buurtpreventie.example.org"),
    ],
)
def test_a_wrong_setting_stops_the_start(name, value):
    result = run_manage("check", env={**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


DATA_MIGRATIONS = [
    "signalen.migrations.0002_standard_categories_and_terms",
    "signalen.migrations.0010_description_terms_and_origins",
    "trainingen.migrations.0002_standard_programme",
]


@pytest.mark.parametrize("module", DATA_MIGRATIONS)
def test_a_data_migration_carries_its_own_data(module):
    """What a data migration writes may not change when the code around it does: it imports
    nothing but Django's migration machinery and uses the historical models."""
    path = ROOT / (module.replace(".", "/") + ".py")
    tree = ast.parse(path.read_text())
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {"django.db"}
    assert "apps.get_model(" in path.read_text()


def test_the_standard_data_fixture_puts_back_exactly_what_the_migrations_wrote(db, request):
    """The migrations hold the only copy of the standard data; the fixture runs their `seed`
    again with the live models: it puts the rows back where a transactional test flushed
    them, and changes nothing where they are."""
    from django.apps import apps

    from signalen.models import Category, DescriptionTerm
    from trainingen.models import EvaluationItem, Programme, SessionTemplate

    # Children first: a category protects its subcategories, a programme its sessions.
    models = [SessionTemplate, Programme, EvaluationItem, DescriptionTerm, Category]
    related = {Category: ["parent__code"], SessionTemplate: ["programme__name"]}

    def rows(*, keys: bool) -> dict[str, list[tuple]]:
        """Every row; without keys, relations by their natural key (a new insert renumbers)
        and without the time it was written."""
        tables = {}
        for model in models:
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                # not the moment a row was written either (auto_now)
                if keys or not (f.primary_key or f.is_relation or getattr(f, "auto_now", False))
            ]
            fields += [] if keys else related.get(model, [])
            tables[model.__name__] = sorted(model._default_manager.values_list(*fields), key=repr)
        return tables

    migrated = rows(keys=False)
    assert all(migrated.values())
    Category.objects.filter(parent__isnull=False).delete()
    for model in models:
        model._default_manager.all().delete()
    request.getfixturevalue("standard_data")
    assert rows(keys=False) == migrated
    seeded = rows(keys=True)
    for module in DATA_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
    assert rows(keys=True) == seeded


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
