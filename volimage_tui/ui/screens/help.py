"""Help for the screen underneath: what it is for, and every key that works there (as remapped)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Column, Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

GENERAL = (
    "Commands: ':' then volumes, snapshots, images, servers (or vol, snap, img, srv), cloud [name], region [name]. "
    "ctrl+p opens the command palette (themes too). Key ids can be remapped in the config file's [keys] table."
)


class HelpScreen(ModalScreen[None]):
    """Keys of `screen` with their binding ids; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close", id="help-close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.described = screen

    def compose(self) -> ComposeResult:
        intro = getattr(self.described, "HELP", "")
        id_column = Column(header=Text("id (for [keys] in the config file)"))  # Text: "[keys]" is not markup
        keys = Table("keys", "action", id_column, box=None, padding=(0, 2))
        rows: dict[str, tuple[list[str], str, str]] = {}
        for active in self.described.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            row = rows.setdefault(binding.id or binding.action, ([], binding.description, binding.id or ""))
            row[0].append(self.app.get_key_display(binding))
        for shown_keys, description, binding_id in rows.values():
            keys.add_row(", ".join(shown_keys), description, Text(binding_id, "dim"))
        with Vertical(classes="dialog wide"):
            yield Label("Help", classes="dialog-title")
            with VerticalScroll():
                yield Static(Text(intro + "\n") if intro else "")
                yield Static(keys)
                yield Static(Text("\n" + GENERAL, style="dim"))
