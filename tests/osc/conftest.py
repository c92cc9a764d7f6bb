"""The real `openstack` command (python-openstackclient from this venv) as a subprocess, as a user runs it, with
`--os-cloud` naming the fresh simulated cloud in the test's clouds.yaml: the plugin is found through its entry
points, exactly as after `pip install volimage`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from volimage_tui.simcloud import DEMO_CLOUD_NAME, SimCloud

OPENSTACK = str(Path(sys.executable).parent / "openstack")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


Openstack = Callable[..., Run]


@pytest.fixture(scope="session")
def entry_point_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """stevedore's entry-point cache, built by the first run and kept for the others (it is keyed by sys.path)."""
    return tmp_path_factory.mktemp("osc-cache")


@pytest.fixture
def openstack(clouds_yaml: Path, entry_point_cache: Path) -> Openstack:
    """`openstack(*arguments)`: `openstack --os-cloud volimage-demo ARGUMENTS` against the `sim` cloud."""

    def run(*arguments: str) -> Run:
        result = subprocess.run(
            [OPENSTACK, "--os-cloud", DEMO_CLOUD_NAME, *arguments],
            env={**os.environ, "OS_CLIENT_CONFIG_FILE": str(clouds_yaml), "XDG_CACHE_HOME": str(entry_point_cache)},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        return Run(result.returncode, result.stdout, result.stderr)

    return run


def changes(sim: SimCloud, since: int = 0) -> list[str]:
    """The requests since the `since`-th that asked a service to change something (authenticating is a POST to
    Keystone, and changes nothing)."""
    return [
        f"{request.method} {request.path}"
        for request in sim.requests(since)
        if request.mutating and request.service != "identity"
    ]
