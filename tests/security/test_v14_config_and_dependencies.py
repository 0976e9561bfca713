"""ASVS V14 (configuration): production as documented passes Django's deployment checks.

tests/test_settings.py runs `check --deploy` with the fewest settings production needs; this
runs it with every value .env.example documents for production, so a setting added there
(a proxy, a session lifetime, cookies) is checked as it will be deployed. The dependencies'
pins and hashes are tested in tests/test_dependencies.py; a vulnerability audit (pip-audit)
cannot run here, see docs/security.md."""

from __future__ import annotations

from pathlib import Path

from ..test_settings import PRODUCTION, run_manage

ROOT = Path(__file__).resolve().parent.parent.parent


def documented_production() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        name, equals, value = line.partition("=")
        if equals and not line.lstrip().startswith("#"):
            values[name.strip()] = value.strip()
    return values


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = {
        **documented_production(),
        # No server is asked during the checks; the file itself is not read a second time.
        "DATABASE_URL": PRODUCTION["DATABASE_URL"],
        "ENV_FILE": "",
        # The two secrets .env.example leaves empty for each installation to make.
        "SECRET_KEY": PRODUCTION["SECRET_KEY"],
        "MFA_ENCRYPTION_KEY": PRODUCTION["MFA_ENCRYPTION_KEY"],
    }
    assert env["DEBUG"] == "False"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
