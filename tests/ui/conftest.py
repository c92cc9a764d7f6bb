"""Helpers for driving the app with the Pilot against a fresh simulated cloud, as a user would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key, key_to_character
from textual.pilot import Pilot

from volimage_tui.cli.connect import session_opener
from volimage_tui.settings import Settings, State
from volimage_tui.ui.app import VolimageApp

CLOUD = "volimage-demo"
SIZE = (150, 46)


def screen_text(app: VolimageApp) -> str:
    """What the terminal shows of the top screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


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
        shown = screen_text(pilot.app)  # type: ignore[arg-type]
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


async def press_at_once(pilot: Pilot[int], *keys: str) -> None:
    """Keys that arrive together, as a hurried double press does: none waits for the one before to be handled."""
    for key in keys:
        # a single character is typed as such ("/" is the key "slash"); longer names are keys ("enter")
        character = key if len(key) == 1 else key_to_character(key)
        event = events.Key(_character_to_key(key) if len(key) == 1 else key, character)
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
    return [f"{notice.title}: {notice.message}" for notice in app._notifications]


async def wait_for_notice(pilot: Pilot[int], text: str, *, rounds: int = 200) -> str:
    for _ in range(rounds):
        await settle(pilot)
        found = [notice for notice in notices(pilot.app) if text in notice]  # type: ignore[arg-type]
        if found:
            return found[-1]
        await pilot.pause(0.05)
    raise AssertionError(f"no notification said {text!r}: {notices(pilot.app)}")  # type: ignore[arg-type]
