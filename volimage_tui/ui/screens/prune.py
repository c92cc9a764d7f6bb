"""Prune in the UI: the plan first (read in a worker), then a confirmation, then each deletion as it goes.

The same plan and the same execution as `volimage prune` (`core/prune.py`, `cloud/prune.py`): before each kind of
deletion the plan is made again and each item proved from its own fields, so nothing goes that came into use
since the plan was shown. Read-only mode shows the plan and deletes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Label, Static
from textual.worker import get_current_worker

from ...errors import VolimageError
from ..messages import ResourcesChanged
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...cloud.prune import PruneOutcome
    from ...cloud.session import Session
    from ...core.prune import PrunePlan
    from ..context import ScreenContext
    from .progress import ActionProgressScreen


@dataclass(frozen=True)
class PruneChoice:
    """The plan the user saw and the options it was made with (the execution plans again with the same)."""

    plan: PrunePlan
    unused: bool
    clones: bool

    def question(self) -> str:
        plan = self.plan
        counts = f"{len(plan.images)} image(s), {len(plan.snapshots)} snapshot(s) and {len(plan.clones)} volume(s)"
        return f"Delete {counts}, freeing {plan.freed_gib} GiB?"


class PruneScreen(ReportsWorkerFailures, ModalScreen["PruneChoice | None"]):
    """The prune plan, made again whenever an option changes; dismisses with the plan shown, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prune-cancel")]

    def __init__(self, session: Session, *, read_only: bool) -> None:
        super().__init__()
        self.session = session
        self.read_only = read_only
        self.choice: PruneChoice | None = None
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Prune: what nothing uses any more", classes="dialog-title")
            yield Checkbox("Also placeholders no server boots from", id="prune-unused")
            yield Checkbox("Also orphaned clones (attached to nothing: maybe someone's data)", id="prune-clones")
            with VerticalScroll(id="prune-plan-scroll"):
                yield Static("Working out the plan…", id="prune-plan")
            with Horizontal(classes="dialog-buttons"):
                label = "Delete (read-only)" if self.read_only else "Delete…"
                yield Button(label, id="prune-yes", variant="error", disabled=True)
                yield Button("Cancel", id="prune-no")

    def on_mount(self) -> None:
        self._compute()
        self.query_one("#prune-no", Button).focus()

    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        self._compute()

    def _compute(self) -> None:
        unused = self.query_one("#prune-unused", Checkbox).value
        clones = self.query_one("#prune-clones", Checkbox).value
        self.choice = None
        self.query_one("#prune-yes", Button).disabled = True
        self.query_one("#prune-plan", Static).update("Working out the plan…")
        self.run_worker(
            lambda: self._plan(unused, clones),
            thread=True,
            exclusive=True,
            group="prune-plan",
            exit_on_error=False,
            description="Planning the prune",
        )

    def _plan(self, unused: bool, clones: bool) -> None:
        # Deliberately deferred: the cloud layer loads in workers only.
        from ...cloud.prune import Pruner

        try:
            plan = Pruner(self.session, unused=unused, clones=clones).plan()
        except VolimageError as error:
            self.app.call_from_thread(self._show_failure, str(error))
            return
        if not get_current_worker().is_cancelled:  # an option changed meanwhile: a newer plan is on its way
            self.app.call_from_thread(self._show_plan, PruneChoice(plan, unused, clones))

    def _show_plan(self, choice: PruneChoice) -> None:
        self.choice = choice
        self.query_one("#prune-plan", Static).update(plan_text(choice.plan))
        button = self.query_one("#prune-yes", Button)
        button.disabled = self.read_only or choice.plan.empty
        if not self.read_only:
            button.label = "Delete" if choice.plan.empty else f"Delete {len(choice.plan.deletions)}…"  # the rest: above

    def _show_failure(self, reason: str) -> None:
        self.query_one("#prune-plan", Static).update(Text(reason, style="red"))
        self.notify(reason, title="Prune", severity="error")

    @on(Button.Pressed, "#prune-yes")
    def _confirmed(self) -> None:
        self._answer(self.choice)

    @on(Button.Pressed, "#prune-no")
    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, choice: PruneChoice | None) -> None:
        """Dismiss once: the second press of a double click, queued already, would pop the screen underneath."""
        if not self.answered:
            self.answered = True
            self.dismiss(choice)


def plan_text(plan: PrunePlan) -> Text:
    """The plan's lines (what goes, what it frees, what stays and why), deletions in red, the total in bold."""
    lines = plan.describe()
    text = Text()
    for line in lines[:-1]:
        style = "red" if line.startswith("delete ") else "dim"
        text.append("• ", style=style)
        text.append(line + "\n", style=style)
    if plan.empty:
        text.append("Nothing to delete: every placeholder, snapshot and clone is in use or kept.\n")
    text.append(lines[-1], style="bold")
    return text


def open_prune(screen: Screen[Any], context: ScreenContext) -> None:
    """Show the prune plan over `screen`; on Delete, confirm, then carry it out with live progress."""
    connection = context.connection
    if connection is None:
        screen.notify("Not connected yet.", severity="warning")
        return
    session = connection.session

    def decided(choice: PruneChoice | None) -> None:
        if choice is None:
            return
        if context.read_only:
            screen.notify("volimage is read-only: it will not delete anything.", severity="warning")
            return
        lines = [deletion.label for deletion in choice.plan.deletions]

        def confirmed(yes: bool | None) -> None:
            if yes:
                _run(screen, session, choice)

        from .confirm import ConfirmScreen

        screen.app.push_screen(ConfirmScreen(choice.question(), lines, "Delete", danger=True), confirmed)

    screen.app.push_screen(PruneScreen(session, read_only=context.read_only), decided)


def _run(screen: Screen[Any], session: Session, choice: PruneChoice) -> None:
    from .progress import ActionOutcome, ActionProgressScreen

    def summary(outcome: PruneOutcome) -> Text:
        text = Text("Deleted: " + (", ".join(outcome.deleted) or "nothing") + ".", style="bold green")
        for line in outcome.kept:
            text.append(f"\nKept {line}.", style="yellow")
        return text

    def finished(outcome: ActionOutcome | None) -> None:
        if outcome is not None:
            screen.notify(f"Pruned {len(outcome.result.deleted)} resource(s).")
        screen.app.post_message(ResourcesChanged("images", "snapshots", "volumes"))

    progress = ActionProgressScreen("Pruning", summary)
    screen.app.push_screen(progress, finished)
    screen.run_worker(
        partial(_prune, session, choice, progress),
        thread=True,
        group="prune",
        exit_on_error=False,
        description="Pruning",
    )


def _prune(session: Session, choice: PruneChoice, progress: ActionProgressScreen) -> None:
    """Where the UI prunes: the cloud layer's pruner, reporting to the progress screen."""
    from ...cloud.prune import Pruner
    from .progress import reported

    pruner = Pruner(session, unused=choice.unused, clones=choice.clones, progress=progress.report)
    reported(progress, lambda: pruner.execute(choice.plan))
