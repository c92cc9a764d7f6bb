"""The browser's commands in the command palette (ctrl+p): each names the key that does the same."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Protocol

from textual.app import SystemCommand

from ..views import ACTION_VIEWS, VIEWS


class PaletteHost(Protocol):
    """The browser as the palette sees it (a protocol rather than the screen, which imports this module)."""

    kind: str

    def show_view(self, kind: str) -> None: ...

    def action_refresh(self) -> None: ...

    def action_filter(self) -> None: ...

    def action_yaml(self) -> None: ...

    def action_lineage(self) -> None: ...

    def action_prune(self) -> None: ...

    def action_compose(self) -> None: ...

    def action_launch(self) -> None: ...

    def action_delete(self) -> None: ...

    def action_group(self) -> None: ...


def browser_commands(browser: PaletteHost) -> Iterable[SystemCommand]:
    """The views, then what applies to the current view and its selected row."""
    kind = browser.kind
    for view in VIEWS:
        yield SystemCommand(
            f"Show {view.title.lower()}", f"The {view.kind} view ({view.number})", partial(browser.show_view, view.kind)
        )
    yield SystemCommand("Refresh", f"List the {kind} again (r)", browser.action_refresh)
    yield SystemCommand("Filter", "Filter the rows as you type (/)", browser.action_filter)
    yield SystemCommand("Raw YAML", "The selected resource as the API returns it (y)", browser.action_yaml)
    yield SystemCommand(
        "Lineage", "Source volume, snapshots, placeholders, servers and clones of the selected row (L)",
        browser.action_lineage,
    )  # fmt: skip
    yield SystemCommand("Prune", "Plan the deletion of what nothing uses any more (P)", browser.action_prune)
    if kind in ACTION_VIEWS["compose"]:
        yield SystemCommand("Compose a placeholder", "From the selected source (c)", browser.action_compose)
    if kind in ACTION_VIEWS["launch"]:
        yield SystemCommand("Launch servers", "From the selected image (l)", browser.action_launch)
        yield SystemCommand("Delete image", "The selected placeholder, after its plan (d)", browser.action_delete)
    if kind in ACTION_VIEWS["group"]:
        yield SystemCommand("Group by image", "Servers under the image they booted from (i)", browser.action_group)
