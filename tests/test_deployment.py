"""The deployment files: docker-compose.yml and the Dockerfile, read as Docker reads them, and
the web health check run against a real gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import yaml

from .support.processes import ROOT, base_env, start_web


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_example(name: str) -> str:
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.partition("=")[2]
    raise AssertionError(f"{name} is not in .env.example")


def test_migrations_run_once_per_deployment_before_the_other_services(compose):
    services = compose["services"]
    migrating = [
        name for name, service in services.items() if "migrate" in str(service.get("command", ""))
    ]
    assert migrating == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]["migrate"]
        assert after == {"condition": "service_completed_successfully"}, name
    dockerfile = (ROOT / "Dockerfile").read_text()
    (cmd,) = [line for line in dockerfile.splitlines() if line.startswith("CMD ")]
    assert "gunicorn" in cmd
    assert "migrate" not in cmd


def test_the_web_health_check_passes_with_allowed_hosts_as_env_example_sets_it(
    compose, db, redis_url, tmp_path
):
    allowed = env_example("ALLOWED_HOSTS")
    web = start_web(tmp_path, base_env(tmp_path, redis_url, ALLOWED_HOSTS=allowed, DEBUG="False"))
    try:
        port = web.extra["url"].rpartition(":")[2]
        # Without the site's Host, Django refuses the request (what the check did before).
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert refused.value.code == 400

        kind, *command = compose["services"]["web"]["healthcheck"]["test"]
        assert kind == "CMD"
        assert command[0] == "python"
        check = subprocess.run(
            [sys.executable, *command[1:]],
            env={**os.environ, "ALLOWED_HOSTS": allowed, "PORT": port},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr
    finally:
        web.stop()
