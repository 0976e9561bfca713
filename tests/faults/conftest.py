"""The fault suite's stacks: one per test module, so that `pytest -n 3 --dist loadfile` runs
the three modules side by side, each on its own services. `make test-faults` runs it."""

from __future__ import annotations

import os
import shutil

import pytest

from ..support.private_services import missing_tools
from .stack import Stack

IN_CI = os.environ.get("CI", "").lower() == "true"


def _prerequisites() -> None:
    """The tools the suite drives; missing ones fail in CI and skip elsewhere, saying which."""
    problems = [f"{tool} is not installed" for tool in missing_tools()]
    if os.geteuid() != 0 and shutil.which("pg_createcluster"):
        problems.append("pg_createcluster and pg_ctlcluster need root")
    if problems:
        message = "the fault suite needs: " + "; ".join(problems)
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    """The module's stack, started; everything it made is removed at the end, also when
    starting it failed halfway."""
    _prerequisites()
    label = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    stack = Stack(label[:12], tmp_path_factory.mktemp(f"stack-{label}"))
    try:
        stack.start()
        yield stack
    finally:
        stack.close()


def pytest_terminal_summary(terminalreporter):
    """Every scenario's figures together at the end of the run (also from xdist workers)."""
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "fault_figures"
    ]
    if lines:
        terminalreporter.section("fault figures")
        for line in lines:
            terminalreporter.write_line(line)
