"""A slow cloud: a listing that takes seconds leaves the UI responsive and Esc stops it; Esc stops a creation
waiting for its snapshot, or a launch waiting for its servers, and rolls it back."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from textual.pilot import Pilot

from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp

from ..cloud.workflows import WorkflowStep, landed
from .conftest import SIZE, notices, screen_text, settle, wait_for_text
from .test_faults import error_notices, open_compose, open_launch


async def until(pilot: Pilot[int], shown: Callable[[str], bool], what: str, *, timeout: float = 5.0) -> str:
    """Wait until the screen's text passes `shown`, without waiting for workers (a slow one is the point)."""
    deadline = time.monotonic() + timeout
    while True:
        text = screen_text(pilot.app)
        if shown(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"never on screen: {what}\n{text}")
        await pilot.pause(0.05)


async def on_screen(pilot: Pilot[int], text: str, *, timeout: float = 5.0) -> str:
    return await until(pilot, lambda shown: text in shown, repr(text), timeout=timeout)


def status_line(text: str) -> str:
    """The browser's status line (`Volumes: 3 of 9 · ...`) in a screen's text."""
    views = ("Volumes:", "Snapshots:", "Images:", "Servers:")
    return next((line.strip() for line in text.splitlines() if line.strip().startswith(views)), "")


async def status_is(pilot: Pilot[int], status: str) -> str:
    return await until(pilot, lambda shown: status_line(shown) == status, f"status line {status!r}")


def test_a_slow_listing_leaves_the_ui_responsive_and_esc_stops_it(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    """The volume listing is held by the cloud until the test lets it go: everything below happens while it
    cannot have ended, so the UI answering at all is the proof it does not wait for it."""
    answer = threading.Event()
    mark = sim.mark()
    sim.inject(service="volume", method="GET", path=r"/volumes/detail$", hold=answer)

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await status_is(pilot, "Volumes: 0 of 0 · listing…")
            await pilot.press("question_mark")
            await on_screen(pilot, "source-compose")
            await pilot.press("escape", "2")
            await on_screen(pilot, "web-golden")
            await pilot.press("1", "slash", "w", "e", "b")
            await status_is(pilot, "Volumes: 0 of 0 · listing… · filter 'web'")
            await pilot.press("escape")
            shown = await status_is(pilot, "Volumes: 0 of 0 · listing…")
            assert "Listing volumes…" in shown
            await pilot.press("escape")
            shown = await status_is(pilot, "Volumes: 0 of 0")
            assert "No volumes shown." in shown
            assert any("Stopped listing volumes" in notice for notice in notices(app))
            answer.set()
            await asyncio.to_thread(landed, sim, mark, HELD_LISTING)
            await settle(pilot)
            assert "web-01-root" not in screen_text(app), "the stopped listing filled the view when it came"
            await pilot.press("r")
            await wait_for_text(pilot, "web-01-root")

    try:
        asyncio.run(walk())
    finally:
        answer.set()


HELD_LISTING = WorkflowStep("volume listing", "browse", "volume", "GET", r"/volumes/detail$")


def test_esc_stops_a_creation_waiting_for_its_snapshot_and_rolls_it_back(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_compose(pilot)
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            mark = sim.mark()
            sim.config.delay = 1.5  # a snapshot now takes 1.5 s to become available
            await pilot.press("y")
            await on_screen(pilot, "creating")
            await pilot.press("escape")
            shown = await wait_for_text(pilot, "Close")
            (notice,) = error_notices(app)
            assert "Stopped waiting for Snapshot fedora-dev-boot root" in notice, notice
            assert "Rolled back: deleted snapshot 'fedora-dev-boot root'" in notice, notice
            assert "is active" not in shown
            sim.settle()
            assert sim.audit(mark).clean

    asyncio.run(walk())


def test_esc_stops_a_launch_waiting_for_its_servers_and_rolls_it_back(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_launch(pilot, count=2)
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Launch these servers?")
            mark = sim.mark()
            sim.config.delay = 1.0  # a server now takes three steps of 1 s to build
            await pilot.press("y")
            await on_screen(pilot, "BUILD")
            await pilot.press("escape")
            shown = await wait_for_text(pilot, "Close")
            (notice,) = error_notices(app)
            assert "Stopped waiting for Servers of reservation" in notice, notice
            assert "Rolled back: deleted server 'web-01-backup-server-1' (" in notice, notice
            assert ": ACTIVE" not in shown
            sim.settle()
            assert sim.audit(mark).clean

    asyncio.run(walk())
