"""How the main screens look, as SVG snapshots checked by eye (`--snapshot-update` only after looking)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from volimage_tui.ui.app import VolimageApp

from .conftest import type_text, wait_for_text

TERMINAL = (140, 40)


def test_the_volumes_view(make_app: Callable[..., VolimageApp], snap_compare: Any) -> None:
    """The first view: volumes with status colours and the detail pane of the first one."""

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_for_text(pilot, "Volumes: 14 of 14")

    assert snap_compare(make_app(), terminal_size=TERMINAL, run_before=run_before)


def test_the_compose_preview_of_a_snapshots_properties(make_app: Callable[..., VolimageApp], snap_compare: Any) -> None:
    """The form beside the image properties it makes, with the checks under it."""

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_for_text(pilot, "Volumes: 14 of 14")
        await pilot.press("2")
        await wait_for_text(pilot, "web-golden")
        await pilot.press("slash")
        await type_text(pilot, "web-golden")
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "Mapping")
        await pilot.click("#preview-tabs Tab#--content-tab-preview-properties")
        await wait_for_text(pilot, "hw_disk_bus = virtio")
        pilot.app.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=TERMINAL, run_before=run_before)
