"""Run the `volimage` command line in-process against the fresh simulated cloud, over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from volimage_tui.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Volimage = Callable[..., Run]


@pytest.fixture
def volimage(clouds_yaml: Path, capsys: pytest.CaptureFixture[str]) -> Volimage:
    """`volimage(*arguments)` against the `sim` cloud (named volimage-demo in the test's clouds.yaml)."""

    def run(*arguments: str) -> Run:
        capsys.readouterr()
        code = main(["--cloud", "volimage-demo", *arguments])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how large the fault matrix was and how much of it passed, when it ran."""
    reports = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if "test_a_fault_at_any_step" in getattr(report, "nodeid", "") and report.when == "call"
    ]
    if reports:
        from .test_fault_matrix import MATRIX_SIZE

        steps, faults, cases = MATRIX_SIZE
        passed = sum(report.passed for report in reports)
        terminalreporter.write_line(
            f"fault matrix through the CLI: {steps} steps x {faults} faults = {cases} cases, {passed} passed"
        )
