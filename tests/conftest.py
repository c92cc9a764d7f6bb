"""Fixtures shared by every test: an isolated environment and the simulated cloud."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openstack
import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud, SimConfig


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's own clouds.yaml, OS_* variables, proxies and config dirs out of every test."""
    import os

    for name in list(os.environ):
        if name.startswith("OS_") or name.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))


@pytest.fixture(scope="session")
def shared_sim() -> Iterator[SimCloud]:
    """One simulated cloud for the whole run (tests that only read, or that make their own resources)."""
    with SimCloud(SimConfig(seed=42)) as cloud:
        yield cloud


@pytest.fixture(scope="session")
def reusable_sim() -> Iterator[SimCloud]:
    """The cloud `sim` hands out, reset between tests (one per test worker)."""
    with SimCloud(SimConfig(seed=42)) as cloud:
        yield cloud


@pytest.fixture
def sim(request: pytest.FixtureRequest, reusable_sim: SimCloud) -> Iterator[SimCloud]:
    """A simulated cloud with the demo data as new, for a test that changes or audits state: the worker's one
    cloud, reset in place (same port; see `SimCloud.reset`), with any change the last test made to its config
    undone. A test that gives `SimConfig` fields through indirect parametrisation (`max_microversions` for an
    older cloud) gets a cloud of its own."""
    fields = getattr(request, "param", {})
    if fields:
        with SimCloud(SimConfig(seed=42, **fields)) as cloud:
            yield cloud
        return
    pristine = SimConfig(seed=42)
    for field in dataclasses.fields(pristine):
        setattr(reusable_sim.config, field.name, getattr(pristine, field.name))
    reusable_sim.reset()
    yield reusable_sim


@pytest.fixture
def clouds_yaml(sim: SimCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clouds.yaml naming the fresh simulated cloud `volimage-demo`, found through OS_CLIENT_CONFIG_FILE."""
    path = sim.write_clouds_yaml(tmp_path / "clouds.yaml")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return path


@pytest.fixture
def conn(sim: SimCloud) -> Iterator[Connection]:
    """An openstacksdk connection to the fresh simulated cloud, over real HTTP."""
    connection = openstack.connect(**sim.connect_args())
    yield connection
    connection.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how large the fault matrix was and how much of it passed, when it ran."""
    cells = _call_reports(terminalreporter, "test_a_fault_at_any_step_ends_in_its_one_line")
    if cells:
        from .cloud.test_fault_matrix import MATRIX_SIZE

        steps, faults, cases = MATRIX_SIZE
        passed = sum(report.passed for report in cells)
        terminalreporter.write_line(
            f"fault matrix at the actions seam: {steps} steps x {faults} faults = {cases} cases, {passed} passed"
        )


def _call_reports(terminalreporter: pytest.TerminalReporter, test_name: str) -> list[Any]:
    """The reports of the calls of `test_name`'s items that passed or failed in this run."""
    return [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if test_name in getattr(report, "nodeid", "") and report.when == "call"
    ]
