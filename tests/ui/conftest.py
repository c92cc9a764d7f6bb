"""Helpers for driving the app with the Pilot against a fresh simulated cloud, as a user would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from volimage_tui.cli.connect import session_opener
from volimage_tui.settings import Settings, State
from volimage_tui.ui.app import VolimageApp
from volimage_tui.ui.screen_reading import screen_text

__all__ = ["screen_text"]

CLOUD = "volimage-demo"
SIZE = (150, 46)


async def settle(pilot: Pilot[int]) -> None:
    """Let messages, workers and the messages they post run to the end."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for_text(pilot: Pilot[int], text: str, *, rounds: int = 200) -> str:
    """Settle until `text` is on screen; the screen's text."""
    shown = ""
    for _ in range(rounds):
        await settle(pilot)
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} never appeared on screen:\n{shown}")


async def type_text(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*("space" if character == " " else character for character in text))


async def paste(pilot: Pilot[int], text: str) -> None:
    """Paste `text` into the focused field, as a terminal delivers a paste (one event, not a key per letter)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def pick(pilot: Pilot[int], view: str, name: str) -> None:
    """Show `view` (its number key), filter it down to `name` and put the cursor on it."""
    await wait_for_text(pilot, f"{CLOUD} · RegionOne")  # connected
    await pilot.press(view)
    await settle(pilot)
    await pilot.press("slash")
    await paste(pilot, name)
    await pilot.press("enter")
    await settle(pilot)


async def click_tab(pilot: Pilot[int], pane_id: str) -> None:
    """Click the tab of the preview's pane `pane_id`, found through TabbedContent's public `get_tab`."""
    await pilot.click(pilot.app.screen.query_one("#preview-tabs", TabbedContent).get_tab(pane_id))
    await settle(pilot)


CHARACTER_KEYS = {"/": "slash", " ": "space"}
"""The key names of the characters the tests type that are not letters (Textual's own table is private)."""


async def press_at_once(pilot: Pilot[int], *keys: str) -> None:
    """Keys that arrive together, as a hurried double press does: none waits for the one before to be handled.
    A single character is typed as such (`/` is the key `slash`); longer names are keys (`enter`)."""
    for key in keys:
        character: str | None
        if len(key) == 1:
            name, character = CHARACTER_KEYS.get(key, key), key
        else:
            name, character = key, key_to_character(key)
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
    await settle(pilot)


@pytest.fixture
def make_app(clouds_yaml: Path) -> Callable[..., VolimageApp]:
    """An app on the test's own simulated cloud (`volimage-demo`), remembering nothing between runs."""

    def make(*, api_timeout: float = 60, **overrides: object) -> VolimageApp:
        arguments: dict[str, object] = {
            "cloud": CLOUD,
            "settings": Settings(),
            "state": State(),
            "remember": False,
        }
        arguments.update(overrides)
        return VolimageApp(session_opener(api_timeout=api_timeout), **arguments)  # type: ignore[arg-type]

    return make


def notices(app: VolimageApp) -> list[str]:
    """The notifications the app has shown (toasts wrap, so their text is read whole here)."""
    return [f"{notice.title}: {notice.message}" for notice in app.notices]


async def wait_for_notice(pilot: Pilot[int], text: str, *, rounds: int = 200) -> str:
    for _ in range(rounds):
        await settle(pilot)
        found = [notice for notice in notices(pilot.app) if text in notice]  # type: ignore[arg-type]
        if found:
            return found[-1]
        await pilot.pause(0.05)
    raise AssertionError(f"no notification said {text!r}: {notices(pilot.app)}")  # type: ignore[arg-type]
