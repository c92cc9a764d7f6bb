"""The Textual internals that volimage_tui/ui/screen_reading.py reads, for want of a public API.

If an upgrade of Textual moves them, this fails first and names what moved, instead of headless mode and half the
UI tests failing with an AttributeError.
"""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from volimage_tui.ui.screen_reading import screen_text


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello from the screen")


def test_textual_still_has_what_screen_text_reads() -> None:
    async def run() -> str:
        app = Hello()
        async with app.run_test(size=(40, 5)):
            assert hasattr(app.screen, "_compositor"), "Textual moved Screen._compositor"
            assert hasattr(app.screen._compositor, "render_update"), "Textual moved Compositor.render_update"
            assert hasattr(app, "_background_screens"), "Textual moved App._background_screens"
            return screen_text(app)

    assert asyncio.run(run()).splitlines()[0] == "hello from the screen"
