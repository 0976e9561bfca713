"""A build never changes by itself: every dependency is bounded in pyproject.toml and locked,
with hashes, in requirements/ (README, Dependencies), and the image installs from that lock.
What the package and the image hold is decided here too."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
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
    pins: dict[str, tuple[Version, list[str]]] = {}
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


def test_the_package_holds_the_project_package_and_every_app_but_the_benchmark():
    """[tool.setuptools.packages.find] as setuptools reads it: the apps in INSTALLED_APPS
    that live in this project, without the benchmark (a development tool)."""
    import setuptools
    from django.conf import settings

    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    # pyproject.toml's find looks for namespace packages too unless told not to.
    finder = (
        setuptools.find_namespace_packages
        if find.get("namespaces", True)
        else setuptools.find_packages
    )
    packaged = finder(
        where=str(ROOT / find.get("where", ["."])[0]),
        include=find.get("include", ["*"]),
        exclude=find.get("exclude", []),
    )
    own_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert {name.split(".")[0] for name in packaged} == own_apps - {"benchmark"} | {
        "buurtpreventie"
    }


def test_the_image_installs_exactly_the_lock():
    installs = [
        line
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if re.match(r"RUN\b.*\bpip install\b", line)
    ]
    assert installs == [
        "RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/base.txt"
    ]


def test_the_image_leaves_out_what_git_leaves_out():
    """Secrets, the local environment, local data, test output and caches never reach the
    image: .dockerignore covers every pattern of .gitignore, and the history."""

    def patterns(name: str) -> list[str]:
        lines = (ROOT / name).read_text().splitlines()
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]

    ignored = [p for p in patterns(".dockerignore") if not p.startswith("!")]
    for pattern in [*patterns(".gitignore"), ".git"]:
        example = pattern.strip("/").replace("*", "x")
        assert any(fnmatch(example, p.removeprefix("**/")) for p in ignored), pattern
