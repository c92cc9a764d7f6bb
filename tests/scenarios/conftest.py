"""One fixture for every scenario: a `World` on the simulated cloud, or on the real services in `make conformance`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .backends import backend_for_test
from .world import World


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    with backend_for_test(tmp_path) as backend:
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(backend.clouds_yaml))
        conn = backend.connect()
        made = World(backend, conn)
        try:
            yield made
        finally:
            made.clean_up()
            conn.close()
