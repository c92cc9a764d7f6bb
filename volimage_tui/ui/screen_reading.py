"""Reading what the app shows: the screen as plain text, for headless mode and the tests.

Textual has no public API for it: `App.export_screenshot()` renders the same composition to SVG only, through
`Screen._compositor` and `App._background_screens`, as `screen_text` does here to text. This module is the one
place that reaches into them; tests/ui/test_screen_reading.py fails loudly when a Textual upgrade moves them.
(The notifications need no such reach: the App records each one it shows, see `VolimageApp.notices`.)
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console


def screen_text(app: Any) -> str:
    """The screen as a person sees it (a dialog over what is beneath it), one line per row, trailing spaces
    removed."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines()) + "\n"
