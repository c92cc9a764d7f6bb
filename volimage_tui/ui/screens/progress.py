"""Live progress of one cloud action (create, launch, delete, prune): a line per step, then the outcome.

The screen that decided on the action runs it, in its own worker, through the actions facade: it hands the
facade this screen's `report` as the progress callback and its `cancel` event, and ends with `reported`. This
screen only shows: each step as it is reported, then the outcome; Esc sets `cancel`, which stops the action at its
next wait (what it made is then rolled back and the message says so).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ...core.progress import Step, StepState
from ...errors import VolimageError
from ..messages import ActionEnded, StepReported

T = TypeVar("T")

log = logging.getLogger(__name__)

STEP_MARKS: dict[StepState, tuple[str, str]] = {
    StepState.RUNNING: ("…", "yellow"),
    StepState.DONE: ("✓", "green"),
    StepState.FAILED: ("✗", "red"),
    StepState.UNDONE: ("↺", "magenta"),
    StepState.LEFT: ("!", "bold red"),
}


@dataclass(frozen=True)
class ActionOutcome:
    """What the action returned, and whether the user chose the follow-up (e.g. launch from the new image)."""

    result: Any
    follow_up: bool = False


class ActionProgressScreen(ModalScreen[ActionOutcome | None]):
    """Shows the steps another screen's worker reports; dismisses with the outcome, or None after a failure."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stop_or_close", "Stop / close", id="progress-close")]

    def __init__(
        self,
        title: str,
        summary: Callable[[Any], str | Text],
        *,
        follow_up: str | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.summary = summary
        self.follow_up = follow_up
        self.steps: dict[str, Step] = {}
        self.cancel = threading.Event()
        self.outcome: ActionOutcome | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-dialog", classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Static("Starting…", id="progress-steps")
            yield Static("", id="progress-result")
            with Horizontal(classes="dialog-buttons"):
                if self.follow_up:
                    yield Button(self.follow_up, id="progress-follow-up", variant="primary", classes="-hidden")
                yield Button("Stop", id="progress-close")

    def report(self, step: Step) -> None:
        """The actions' progress callback: safe to call from the worker's thread."""
        self.post_message(StepReported(step))

    @on(StepReported)
    def _step(self, message: StepReported) -> None:
        self.steps[message.step.key] = message.step
        self._draw_steps()

    def _draw_steps(self) -> None:
        lines = Text()
        for step in self.steps.values():
            mark, style = STEP_MARKS[step.state]
            lines.append(f" {mark} ", style=style)
            lines.append(step.label)
            if step.detail:
                lines.append(f"  {step.detail}", style="dim" if step.state is not StepState.FAILED else "red")
            lines.append("\n")
        self.query_one("#progress-steps", Static).update(lines)

    @on(ActionEnded)
    def _ended(self, message: ActionEnded) -> None:
        self.finished = True
        result_line = self.query_one("#progress-result", Static)
        ended_as = StepState.FAILED if message.reason else StepState.DONE
        for key, step in self.steps.items():
            if step.state is StepState.RUNNING:
                self.steps[key] = Step(step.key, step.label, ended_as, step.detail)
        self._draw_steps()
        if message.reason:
            result_line.update(Text(message.reason, style="bold red"))
            self.notify(message.reason, title=self.heading, severity="error", timeout=15)
        else:
            self.outcome = ActionOutcome(message.result)
            summary = self.summary(message.result)
            result_line.update(Text(summary, style="bold green") if isinstance(summary, str) else summary)
            if self.follow_up:
                follow = self.query_one("#progress-follow-up", Button)
                follow.remove_class("-hidden")
                follow.focus()
        self.query_one("#progress-close", Button).label = "Close"

    @on(Button.Pressed, "#progress-follow-up")
    def _follow_up(self) -> None:
        if self.outcome is not None:
            self.dismiss(ActionOutcome(self.outcome.result, follow_up=True))

    @on(Button.Pressed, "#progress-close")
    def _close_pressed(self) -> None:
        self.action_stop_or_close()

    def action_stop_or_close(self) -> None:
        if self.finished:
            self.dismiss(self.outcome)
        elif not self.cancel.is_set():
            self.cancel.set()
            self.query_one("#progress-result", Static).update("Stopping at the next wait; what was made is undone…")


def reported(progress: ActionProgressScreen, act: Callable[[], T]) -> None:
    """Run `act` (in the caller's worker) and tell `progress` how it ended: its result, or the one line of its
    failure (an unexpected one is logged with its traceback and shown by its type)."""
    try:
        result = act()
    except VolimageError as error:
        progress.post_message(ActionEnded(reason=str(error)))
    except Exception as error:
        log.exception("%s failed", progress.heading)
        progress.post_message(ActionEnded(reason=f"{type(error).__name__}: {error}"))
    else:
        progress.post_message(ActionEnded(result=result))
