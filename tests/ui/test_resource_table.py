"""The virtual table: 50,000 rows filter and sort without a widget per row."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from volimage_tui.core.models import Volume
from volimage_tui.ui.views import VOLUME_COLUMNS, item_id
from volimage_tui.ui.widgets.resource_table import ResourceTable

ROWS = 50_000


def volumes(count: int) -> list[Volume]:
    return [
        Volume(id=f"{number:08d}-0000-0000-0000-000000000000", name=f"data-{number}", status="available", size=number)
        for number in range(count)
    ]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ResourceTable(VOLUME_COLUMNS, key=item_id)


def test_fifty_thousand_rows_filter_and_sort_and_draw_only_what_shows() -> None:
    async def walk() -> None:
        app = TableApp()
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.query_one(ResourceTable)
            rows = volumes(ROWS)
            for start in range(0, ROWS, 1000):
                table.add_items(rows[start : start + 1000])
            await pilot.pause()
            assert table.shown_count == ROWS
            assert len(app.query("*")) < 10

            table.set_filter("data-4999")
            assert table.shown_count == 11

            table.set_filter("")
            table.sort_by(3, reverse=True)
            await pilot.press("home")
            assert table.highlighted.name == "data-49999"
            table.select_key("00000007-0000-0000-0000-000000000000")
            assert table.highlighted.name == "data-7"

    asyncio.run(walk())


def test_a_row_wider_than_the_table_ends_in_an_ellipsis_where_it_is_cut() -> None:
    async def walk() -> None:
        app = TableApp()
        async with app.run_test(size=(27, 10)) as pilot:  # Name 12, ID 8, 3 of Status
            table = app.query_one(ResourceTable)
            table.add_items(volumes(3))
            await pilot.pause()
            header, row = table.render_line(0).text, table.render_line(1).text
            assert len(header) == len(row) == table.scrollable_content_region.width
            assert header.endswith(" St…") and row.endswith(" av…")

    asyncio.run(walk())
