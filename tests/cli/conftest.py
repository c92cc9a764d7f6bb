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
