"""A build never changes by itself: every dependency is bounded in pyproject.toml and locked,
with hashes, in requirements/ (README, Dependencies)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
DIRECT = {
    "base.txt": [Requirement(r) for r in PYPROJECT["project"]["dependencies"]],
    "dev.txt": [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]],
}


def locked(name: str) -> dict[str, tuple[Version, list[str]]]:
    """The pins of a lock file: name → (version, hashes)."""
    text = (ROOT / "requirements" / name).read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            pins[canonicalize_name(match[1])] = (Version(match[2]), hashes)
    return pins


@pytest.mark.parametrize("lock", ["uv.txt", "base.txt", "dev.txt"])
def test_every_locked_package_has_an_exact_version_and_hashes(lock):
    pins = locked(lock)
    assert pins
    assert all(hashes for _version, hashes in pins.values())
    text = (ROOT / "requirements" / lock).read_text()
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(requirement_lines) == len(pins), "a requirement without an exact version"


@pytest.mark.parametrize("lock", sorted(DIRECT))
def test_every_direct_dependency_has_an_upper_bound_and_its_lock_fits_it(lock):
    pins = locked(lock)
    for requirement in DIRECT[lock]:
        assert any(s.operator in {"<", "<=", "==", "~="} for s in requirement.specifier), (
            f"{requirement} has no upper bound"
        )
        version, _hashes = pins[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)


def test_the_development_lock_keeps_the_applications_versions():
    """make test tests what make run and production install."""
    development = locked("dev.txt")
    for name, (version, _hashes) in locked("base.txt").items():
        assert development[name][0] == version, name
