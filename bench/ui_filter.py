"""The cost of one filter keystroke at 10,000 and 50,000 volumes, against two peers measured in the same run.

Peers: a bare keystroke (an app holding only an input, so the cost of Textual itself), and a plain `DataTable`
rebuilt with the filtered rows at each keystroke (what a straightforward app does). The issue's target: at 50,000
rows a filter keystroke costs at most 1.5x a bare keystroke. Each keystroke is timed from the key press until the
screen has been refreshed, headless, at a fixed terminal size; the report is medians and ratios.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from volimage_tui.core.models import Volume
from volimage_tui.ui.views import VOLUME_COLUMNS, item_id
from volimage_tui.ui.widgets.resource_table import ResourceTable

SIZES = (10_000, 50_000)
TYPED = "data-1234"
"""Each character narrows the rows further, as a user typing a name does."""
SIZE = (140, 40)


def volumes(count: int) -> list[Volume]:
    return [
        Volume(
            id=f"{number:08x}-4c1d-4b5e-9f00-{number:012x}",
            name=f"data-{number}",
            status=("available", "in-use", "error")[number % 3],
            size=1 + number % 500,
            availability_zone="nova",
            volume_type="__DEFAULT__",
        )
        for number in range(count)
    ]


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="filter")


class VirtualTableApp(App[None]):
    def __init__(self, rows: list[Volume]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield ResourceTable(VOLUME_COLUMNS, key=item_id)

    def on_mount(self) -> None:
        self.query_one(ResourceTable).set_items(self.rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(ResourceTable).set_filter(event.value)


class DataTableApp(App[None]):
    def __init__(self, rows: list[Volume]) -> None:
        super().__init__()
        self.rows = rows
        self.cells = [tuple(column.text(volume) for column in VOLUME_COLUMNS) for volume in rows]

    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(column.title for column in VOLUME_COLUMNS))
        table.add_rows(self.cells)

    def on_input_changed(self, event: Input.Changed) -> None:
        words = event.value.lower().split()
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(cells for cells in self.cells if all(word in "\t".join(cells).lower() for word in words))


async def keystrokes(app: App[None]) -> list[float]:
    """Seconds per keystroke of `TYPED`, each until the screen is refreshed."""
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one("#filter", Input).focus()
        await pilot.pause()
        for character in TYPED:
            started = time.perf_counter()
            await pilot.press(character)
            await pilot.pause()
            timings.append(time.perf_counter() - started)
    return timings


def median_keystroke(make: Callable[[], App[None]]) -> float:
    return statistics.median(asyncio.run(keystrokes(make())))


def slowest_keystroke(make: Callable[[], App[None]]) -> float:
    return max(asyncio.run(keystrokes(make())))


def main() -> None:
    bare = median_keystroke(BareApp)
    print(f"bare keystroke (an input alone): {bare * 1000:.1f} ms")
    for count in SIZES:
        rows = volumes(count)
        ours = median_keystroke(lambda rows=rows: VirtualTableApp(rows))  # type: ignore[misc]
        slowest = slowest_keystroke(lambda rows=rows: VirtualTableApp(rows))  # type: ignore[misc]
        plain = median_keystroke(lambda rows=rows: DataTableApp(rows))  # type: ignore[misc]
        print(
            f"{count:>6} volumes: volimage's table {ours * 1000:.1f} ms = {ours / bare:.2f}x a bare keystroke "
            f"(target at most 1.5x at 50,000; slowest keystroke {slowest * 1000:.1f} ms); "
            f"DataTable rebuilt {plain * 1000:.1f} ms = {plain / ours:.1f}x ours"
        )


if __name__ == "__main__":
    main()
