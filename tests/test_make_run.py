"""`make run`: the links in the demo's e-mails point to the address it serves on, whatever a
developer's .env says (a copy of .env.example names the production site)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_commands(*make_args: str) -> list[list[str]]:
    """The commands `make run` would start that run manage.py, split as the shell does."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    printed = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [shlex.split(line) for line in printed.splitlines() if "manage.py" in line]


def site_url(assignments: list[str], env_file: Path) -> str:
    """settings.SITE_URL with these environment assignments and this .env file."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(assignment.partition("=")[::2] for assignment in assignments)
    env.update(ENV_FILE=str(env_file), DJANGO_SETTINGS_MODULE="buurtpreventie.settings")
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


@pytest.mark.parametrize("make_args", [(), ("RUN_PORT=8123",)], ids=["default", "other-port"])
def test_the_demos_emails_link_to_the_address_it_serves_on(make_args, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_URL=https://buurtpreventie.example.org\n")
    commands = run_commands(*make_args)
    assert [c[c.index("manage.py") + 1] for c in commands] == ["migrate", "seed_demo", "runserver"]
    serves_on = "http://" + commands[-1][-1]
    assert serves_on == ("http://127.0.0.1:8123" if make_args else "http://127.0.0.1:8000")
    for command in commands:
        assignments = command[: next(i for i, part in enumerate(command) if "=" not in part)]
        assert site_url(assignments, env_file) == serves_on, command
