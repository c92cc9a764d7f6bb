"""A yes/no question before anything that creates or deletes, stating exactly what will happen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True only when the user presses the confirming button."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", id="confirm-yes"),
        Binding("escape,n", "cancel", "No", id="confirm-cancel"),
    ]

    def __init__(self, question: str, lines: Sequence[str], confirm_label: str, *, danger: bool = False) -> None:
        super().__init__()
        self.question = question
        self.lines = tuple(lines)
        self.confirm_label = confirm_label
        self.danger = danger
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Static("\n".join(f"• {line}" for line in self.lines), id="confirm-lines")
            yield Label("y confirms, n or Esc cancels", classes="dim")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm-yes", variant="error" if self.danger else "primary")
                yield Button("Cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self._answer(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self._answer(False)

    def _answer(self, confirmed: bool) -> None:
        """Dismiss once: the second press of a double click, queued already, would pop the screen underneath."""
        if not self.answered:
            self.answered = True
            self.dismiss(confirmed)
