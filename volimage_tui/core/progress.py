"""Progress of a long action, as plain data: the CLI draws it with rich, the UI with Textual, tests record it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class StepState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    UNDONE = "rolled back"
    LEFT = "left behind"


@dataclass(frozen=True)
class Step:
    """One step of an action, reported each time it changes."""

    key: str
    """Stable within an action: `snapshot`, `image`, `upload`, `confirm`, `server:<id>`."""
    label: str
    state: StepState
    detail: str = ""
    """What the cloud says right now: a status, a fault message."""


Progress = Callable[[Step], None]


def ignore(_: Step) -> None:
    """The progress callback of a caller that does not show progress."""
