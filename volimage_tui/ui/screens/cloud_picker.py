"""The cloud picker: every cloud of clouds.yaml with its regions, auth type and file, and the demo cloud."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...core.models import CloudProfile


def _line(profile: CloudProfile, width: int) -> Text:
    text = Text(profile.name.ljust(width), style="bold")
    text.append("  " + (", ".join(profile.regions) or "(default region)").ljust(24))
    text.append("  " + profile.auth_type.ljust(20), style="cyan")
    source = "built-in simulated cloud" if profile.is_demo else profile.source
    text.append("  " + source, style="dim")
    return text


class CloudPickerScreen(ModalScreen[CloudProfile | None]):
    """Dismisses with the chosen cloud, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cloud-picker-cancel")]

    def __init__(self, profiles: Sequence[CloudProfile], current: str | None) -> None:
        super().__init__()
        self.profiles = tuple(profiles)
        self.current = current

    def compose(self) -> ComposeResult:
        width = max((len(profile.name) for profile in self.profiles), default=8)
        with Vertical(classes="dialog wide"):
            yield Label("Pick a cloud", classes="dialog-title")
            header = Text("cloud".ljust(width) + "  " + "regions".ljust(24) + "  " + "auth".ljust(20) + "  defined in")
            yield Label(header, classes="dim")
            yield OptionList(
                *(Option(_line(profile, width), id=profile.name) for profile in self.profiles), id="cloud-list"
            )

    def on_mount(self) -> None:
        options = self.query_one("#cloud-list", OptionList)
        names = [profile.name for profile in self.profiles]
        if self.current in names:
            options.highlighted = names.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected, "#cloud-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(profile for profile in self.profiles if profile.name == event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
