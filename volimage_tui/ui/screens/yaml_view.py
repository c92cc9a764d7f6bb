"""The raw API object of a resource, as YAML, for when the detail pane does not say enough."""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class YamlScreen(ModalScreen[None]):
    """Read-only YAML of one resource; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,y", "dismiss", "Close", id="yaml-close"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.heading = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            with VerticalScroll(id="yaml-scroll"):
                yield Static(Syntax(self.text, "yaml", theme="ansi_dark", word_wrap=True), id="yaml-text")

    def on_mount(self) -> None:
        self.query_one("#yaml-scroll").focus()
