"""Delete a placeholder image: the plan first (and which snapshots go with it, and why others stay), then confirm."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from ...core.models import Image
from ...errors import VolimageError
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...cloud.session import Session
    from ...core.deletion import DeletePlan


class DeleteScreen(ReportsWorkerFailures, ModalScreen["DeletePlan | None"]):
    """Shows the delete plan of `image`, recomputed when the snapshot option changes; dismisses with the plan."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="delete-cancel")]

    def __init__(self, session: Session, image: Image) -> None:
        super().__init__()
        self.session = session
        self.image = image
        self.plan: DeletePlan | None = None
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Delete image {self.image.label}?", classes="dialog-title")
            yield Checkbox("Also delete the snapshots volimage made that only this image uses", id="delete-snapshots")
            yield Static("Working out the plan…", id="delete-plan")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", id="delete-yes", variant="error", disabled=True)
                yield Button("Cancel", id="delete-no")

    def on_mount(self) -> None:
        self._compute(with_snapshots=False)
        self.query_one("#delete-no", Button).focus()

    @on(Checkbox.Changed, "#delete-snapshots")
    def _option_changed(self, event: Checkbox.Changed) -> None:
        self._compute(with_snapshots=event.value)

    def _compute(self, *, with_snapshots: bool) -> None:
        self.query_one("#delete-yes", Button).disabled = True
        self.query_one("#delete-plan", Static).update("Working out the plan…")
        self.run_worker(
            lambda: self._plan(with_snapshots), thread=True, exclusive=True, group="delete-plan", exit_on_error=False
        )

    def _plan(self, with_snapshots: bool) -> None:
        from ...cloud.actions import Actions

        try:
            plan = Actions(self.session).plan_delete(self.image, with_snapshots=with_snapshots)
        except VolimageError as error:
            self.app.call_from_thread(self._show_failure, str(error))
            return
        self.app.call_from_thread(self._show_plan, plan)

    def _show_plan(self, plan: DeletePlan) -> None:
        self.plan = plan
        self.query_one("#delete-plan", Static).update("\n".join(f"• {line}" for line in plan.describe()))
        self.query_one("#delete-yes", Button).disabled = False

    def _show_failure(self, reason: str) -> None:
        self.query_one("#delete-plan", Static).update(reason)
        self.notify(reason, severity="error")

    @on(Button.Pressed, "#delete-yes")
    def _confirmed(self) -> None:
        self._answer(self.plan)

    @on(Button.Pressed, "#delete-no")
    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, plan: DeletePlan | None) -> None:
        """Dismiss once: the second press of a double click, queued already, would pop the screen underneath."""
        if not self.answered:
            self.answered = True
            self.dismiss(plan)
