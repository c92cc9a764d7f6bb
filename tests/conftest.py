"""Fixtures shared by every test: an isolated environment and the simulated cloud."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def sim() -> Iterator[SimCloud]:
    """A fresh simulated cloud with the demo data, for a test that changes or audits state."""
    with SimCloud(SimConfig(seed=42)) as cloud:
        yield cloud


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
