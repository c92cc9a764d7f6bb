"""The interactive UI, driven headless, on whichever cloud the run has: browse to a snapshot and compose a
placeholder from it, the preview showing the mapping Nova will read."""

from __future__ import annotations

from pathlib import Path

from .world import World


def test_the_ui_finds_a_snapshot_and_previews_its_placeholder(world: World, tmp_path: Path) -> None:
    snapshot_id = world.make_snapshot(world.make_volume("ui"), "ui-snap")
    script = tmp_path / "steps.txt"
    steps = ["wait", "press 2", "wait", "press slash", f"type {world.name('ui-snap')}", "press enter", "wait"]
    script.write_text("\n".join([*steps, "press c", "wait"]) + "\n")
    screen = tmp_path / "screen.txt"
    run = world.volimage("--headless", "--size", "160x45", "--script", str(script), "--text", str(screen))
    assert run.code == 0, run.err + run.out
    shown = screen.read_text()
    assert f"Placeholder image from snapshot {world.name('ui-snap')} ({snapshot_id})" in shown
    assert f'"snapshot_id": "{snapshot_id}",' in shown, shown
