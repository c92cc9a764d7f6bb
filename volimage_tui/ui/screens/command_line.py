"""The `:` prompt, k9s style: a view name, `cloud [NAME]`, `region [NAME]`, `help` or `quit`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input


class CommandLineScreen(ModalScreen[str | None]):
    """Dismisses with the typed command, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="command-line-cancel")]

    def compose(self) -> ComposeResult:
        yield Input(placeholder=":volumes  :snapshots  :images  :servers  :cloud [name]  :region [name]", id="command")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
