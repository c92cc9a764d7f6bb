"""Headless mode: the real app without a terminal, driven by key presses, ending in the screen as SVG and text.

For scripts and tests that want to see what a person would see. With the demo cloud it is deterministic: the
simulated cloud answers at once, its clock is frozen and its ids come from a seeded generator, so the same keys
give the same screen.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from .screen_reading import screen_text

if TYPE_CHECKING:
    from .app import VolimageApp

SETTLE_ROUNDS = 50
"""How many times background work may start more background work before the screen counts as settled."""

DEMO_EPOCH = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
"""The demo cloud's frozen clock in headless mode: what it creates carries this time, in every run."""


class StepKind(StrEnum):
    PRESS = "press"
    TYPE = "type"
    WAIT = "wait"
    PAUSE = "pause"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    keys: tuple[str, ...] = ()
    text: str = ""
    seconds: float = 0.0


class ScriptError(ValueError):
    """A script line volimage cannot read; the message names the line."""


def parse_keys(text: str) -> list[Step]:
    """`--press`: Textual key names, comma separated (`tab,down,enter`), then a wait for background work."""
    keys = tuple(key.strip() for key in text.split(",") if key.strip())
    if not keys:
        raise ScriptError("--press needs at least one key name, e.g. --press tab,enter")
    return [Step(StepKind.PRESS, keys=keys), Step(StepKind.WAIT)]


def parse_script(text: str, source: str = "script") -> list[Step]:
    """A script, one step per line: `press KEYS`, `type TEXT`, `wait` (for background work), `pause SECONDS`;
    blank lines and `#` comments are skipped."""
    steps: list[Step] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        word, _, rest = stripped.partition(" ")
        where = f"{source} line {number}"
        if word == StepKind.PRESS:
            if not rest.strip():
                raise ScriptError(f"{where}: 'press' needs key names, e.g. press tab,enter")
            steps += parse_keys(rest)[:1]
        elif word == StepKind.TYPE:
            steps.append(Step(StepKind.TYPE, text=stripped[len("type ") :]))
        elif word == StepKind.WAIT and not rest.strip():
            steps.append(Step(StepKind.WAIT))
        elif word == StepKind.PAUSE:
            try:
                seconds = float(rest)
            except ValueError:
                raise ScriptError(f"{where}: 'pause' needs a number of seconds, got {rest!r}") from None
            if not 0 <= seconds <= 600:
                raise ScriptError(f"{where}: pause between 0 and 600 seconds, got {rest}")
            steps.append(Step(StepKind.PAUSE, seconds=seconds))
        else:
            raise ScriptError(f"{where}: unknown step {word!r} (press, type, wait or pause)")
    return steps


def parse_size(text: str) -> tuple[int, int]:
    """`120x40` as (columns, lines)."""
    columns, _, lines = text.lower().partition("x")
    try:
        size = int(columns), int(lines)
    except ValueError:
        raise ScriptError(f"--size wants COLUMNSxLINES like 120x40, got {text!r}") from None
    if not (20 <= size[0] <= 1000 and 5 <= size[1] <= 500):
        raise ScriptError(f"--size {text} is outside 20x5 to 1000x500")
    return size


@dataclass
class Outcome:
    svg: str = ""
    text: str = ""
    errors: list[str] = field(default_factory=list)
    """Error notifications the app showed, in order."""
    crash: str | None = None
    """The exception that ended the app, as one line."""


async def play(app: VolimageApp, steps: list[Step], size: tuple[int, int]) -> Outcome:
    """Run `app` on Textual's headless driver at `size`; its auto pilot plays `steps`, waits until the app
    settles, captures the screen and ends the run."""
    outcome = Outcome()

    async def auto_pilot(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for step in steps:
            await perform(pilot, step)
        await settle(pilot)
        steady_cursor(app)
        await pilot.pause()
        outcome.svg = app.export_screenshot(title="volimage")
        outcome.text = screen_text(app)
        app.exit()

    try:
        await app.run_async(headless=True, size=size, auto_pilot=auto_pilot)
    except Exception as error:  # the app crashed: say so in one line, never a traceback
        outcome.crash = f"{type(error).__name__}: {error}".splitlines()[0]
    outcome.errors = [notice.message for notice in app.notices if notice.severity == "error"]
    return outcome


async def perform(pilot: Pilot[Any], step: Step) -> None:
    if step.kind is StepKind.PRESS:
        await pilot.press(*step.keys)
    elif step.kind is StepKind.TYPE:
        await pilot.press(*step.text)  # Textual turns each character into its key
    elif step.kind is StepKind.WAIT:
        await settle(pilot)
    else:
        await asyncio.sleep(step.seconds)
        await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs, including workers started by the results of others."""
    app = pilot.app
    for _ in range(SETTLE_ROUNDS):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return


def steady_cursor(app: Any) -> None:
    """Stop every blinking cursor, so that two captures of the same screen are the same."""
    for widget in app.screen.walk_children():
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False


def write_outputs(outcome: Outcome, screenshot: Path | None, text: Path | None) -> None:
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_text(outcome.svg, encoding="utf-8")
    if text is not None:
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text(outcome.text, encoding="utf-8")
