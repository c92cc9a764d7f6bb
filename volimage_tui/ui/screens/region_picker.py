"""The region picker: the regions clouds.yaml declares for the current cloud."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...core.models import CloudProfile


class RegionPickerScreen(ModalScreen[str | None]):
    """Dismisses with the chosen region, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="region-picker-cancel")]

    def __init__(self, profile: CloudProfile, current: str | None) -> None:
        super().__init__()
        self.profile = profile
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Pick a region of {self.profile.name}", classes="dialog-title")
            yield OptionList(
                *(
                    Option(region + ("  (current)" if region == self.current else ""), id=region)
                    for region in self.profile.regions
                ),
                id="region-list",
            )

    def on_mount(self) -> None:
        options = self.query_one("#region-list", OptionList)
        if self.current in self.profile.regions:
            options.highlighted = self.profile.regions.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected, "#region-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
