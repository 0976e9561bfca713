"""Imports run one way (docs/architecture.md): each app imports only the apps below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. The project package wires everything together; the benchmark measures it.
BELOW = {
    "privacy": set(),
    "notifications": {"privacy"},
    "teams": {"privacy", "notifications"},
    "signalen": {"privacy", "notifications", "teams"},
    "trainingen": {"privacy", "notifications", "teams"},
    "buurtpreventie": {"privacy", "notifications", "teams", "signalen", "trainingen"},
    "benchmark": {"privacy", "notifications", "teams", "signalen", "trainingen", "buurtpreventie"},
}


def imported_apps(path: Path) -> set[str]:
    """The project's packages a module imports, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & BELOW.keys()
    return found


@pytest.mark.parametrize("app", sorted(BELOW))
def test_an_app_imports_only_the_apps_below_it(app: str):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - BELOW[app] - {app})
        for path in (ROOT / app).rglob("*.py")
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_every_app_of_the_project_has_its_place_in_the_order():
    from django.conf import settings

    own = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert own <= BELOW.keys()
    assert "buurtpreventie" in BELOW
