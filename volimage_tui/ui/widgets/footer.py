"""Textual's footer, rebuilt only when the key hints it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Key hints rebuilt once per change of what they show, however many binding updates announce it.

    Textual's footer recomposes for every update the screen publishes, and a screen publishes several as it
    mounts and takes focus, most of them changing nothing: at start-up that tripled the footer's cost and held
    back the first complete frame by about a tenth of a second.
    """

    _rebuild_pending = False
    _shown: Hashable = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self._rebuild_pending or not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return  # its screen has closed since
        shown = self._hints()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _hints(self) -> Hashable:
        return tuple(
            (key, binding.action, binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show
        )
