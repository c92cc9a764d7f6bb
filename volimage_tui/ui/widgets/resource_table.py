"""A table that renders only the rows on screen, so that 50,000 volumes filter and scroll as fast as 50.

The rows are held once as text cells; filtering and sorting only rebuild a list of row numbers, and
`render_line` draws the few lines the terminal shows. No widget is created per row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

TONES = ("good", "busy", "bad", "used", "dim")
"""Cell tones a column may give, each styled by a component class (`resource-table--good` ...)."""


@dataclass(frozen=True)
class Column:
    """One column: its title, its width (None: takes the room left) and how a row's item becomes its text."""

    title: str
    width: int | None
    text: Callable[[Any], str]
    tone: Callable[[Any], str | None] | None = None
    sort_key: Callable[[Any], Any] | None = None


class ResourceTable(ScrollView, can_focus=True):
    """Rows of cloud resources with a cursor, a live filter and sorting, drawn line by line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table-page-down"),
        Binding("home,g", "jump(0)", "First", show=False, id="table-first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="table-last"),
        Binding("enter", "select", "Open", show=False, id="table-open"),
        Binding("s", "sort_next", "Sort", id="table-sort"),
        Binding("S", "sort_reverse", "Reverse", show=False, id="table-sort-reverse"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "resource-table--header",
        "resource-table--cursor",
        "resource-table--cursor-blurred",
        *(f"resource-table--{tone}" for tone in TONES),
    }

    DEFAULT_CSS = """
    ResourceTable { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    ResourceTable > .resource-table--header { color: $text-accent; text-style: bold; background: $panel; }
    ResourceTable > .resource-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold; }
    ResourceTable > .resource-table--cursor-blurred { background: $block-cursor-blurred-background; }
    ResourceTable > .resource-table--good { color: $text-success; }
    ResourceTable > .resource-table--busy { color: $text-warning; }
    ResourceTable > .resource-table--bad { color: $text-error; }
    ResourceTable > .resource-table--used { color: $text-accent; }
    ResourceTable > .resource-table--dim { color: $text-muted; }
    """

    class Highlighted(Message):
        """The cursor moved onto `item` (None when the table shows no rows)."""

        def __init__(self, table: ResourceTable, item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ResourceTable:
            return self.table

    class Activated(Message):
        """Enter (or a double click) on `item`."""

        def __init__(self, table: ResourceTable, item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ResourceTable:
            return self.table

    class Reordered(Message):
        """The rows shown changed: a page arrived, the filter or the sort changed."""

        def __init__(self, table: ResourceTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> ResourceTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Any], str],
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._key = key
        self._items: list[Any] = []
        self._cells: list[tuple[str, ...]] = []
        self._tones: list[tuple[str | None, ...]] = []
        self._haystack: list[str] = []
        self._order: list[int] = []
        self._terms: tuple[str, ...] = ()
        self._sort_column: int | None = None
        self._sort_reverse = False
        self._cursor = 0
        self._last_highlighted: str | None = None
        self.spans: Callable[[Any], bool] | None = None
        """Which rows are headings, drawn as their first cell across the whole width (None: no row is)."""

    # what the table holds

    @property
    def total_count(self) -> int:
        return len(self._items)

    @property
    def shown_count(self) -> int:
        return len(self._order)

    @property
    def highlighted(self) -> Any:
        return self._items[self._order[self._cursor]] if self._order else None

    @property
    def sort_label(self) -> str:
        if self._sort_column is None:
            return ""
        return self.columns[self._sort_column].title + (" ▼" if self._sort_reverse else " ▲")

    def all_items(self) -> list[Any]:
        return list(self._items)

    def shown_items(self) -> list[Any]:
        return [self._items[index] for index in self._order]

    def clear(self) -> None:
        self.set_items([])

    def set_items(self, items: Sequence[Any]) -> None:
        """Replace every row, keeping the cursor on the same resource when it is still there."""
        kept_key = self._current_key()
        self._items, self._cells, self._tones, self._haystack = [], [], [], []
        self._append(items)
        kept = None
        if kept_key is not None:
            kept = next((index for index, item in enumerate(self._items) if self._key(item) == kept_key), None)
        self._reorder(kept)

    def redraw_cells(self, which: Callable[[Any], bool] = lambda item: True) -> None:
        """Compute the cells of the rows `which` picks again: a column's text can depend on more than its row
        (names learnt from a later listing). Filter and sort apply to the new texts; the cursor stays put."""
        for index, item in enumerate(self._items):
            if which(item):
                self._cells[index], self._tones[index], self._haystack[index] = self._row(item)
        self._reorder(self._current_index())

    def add_items(self, items: Sequence[Any]) -> None:
        """Append a page of rows (a listing in progress)."""
        kept = self._current_index()
        start = len(self._items)
        self._append(items)
        if self._sort_column is None:
            self._order += self._matching(range(start, len(self._items)))
            self._settle(kept)
        else:
            self._reorder(kept)

    def set_filter(self, text: str) -> None:
        """Show only the rows whose cells contain every word of `text` (case-insensitive).

        When the new words only narrow the old ones (the user typed on), only the rows shown are searched.
        """
        terms = tuple(text.lower().split())
        if terms == self._terms:
            return
        narrowing = len(terms) >= len(self._terms) > 0 and all(
            new.find(old) >= 0 for old, new in zip(self._terms, terms, strict=False)
        )
        self._terms = terms
        kept = self._current_index()
        if narrowing:
            self._order = self._matching(self._order)
            self._settle(kept)
        else:
            self._reorder(kept)

    def sort_by(self, column: int | None, *, reverse: bool = False) -> None:
        self._sort_column, self._sort_reverse = column, reverse
        self._reorder(self._current_index())

    def select_key(self, key: str) -> bool:
        """Move the cursor onto the row of `key`; False when it is not shown."""
        for position, index in enumerate(self._order):
            if self._key(self._items[index]) == key:
                self._move_to(position)
                return True
        return False

    # bookkeeping

    def _append(self, items: Sequence[Any]) -> None:
        for item in items:
            cells, tones, haystack = self._row(item)
            self._items.append(item)
            self._cells.append(cells)
            self._tones.append(tones)
            self._haystack.append(haystack)

    def _row(self, item: Any) -> tuple[tuple[str, ...], tuple[str | None, ...], str]:
        """A row's cell texts, their tones, and the lower-case text the filter searches (the key included)."""
        cells = tuple(column.text(item) for column in self.columns)
        tones = tuple(column.tone(item) if column.tone else None for column in self.columns)
        return cells, tones, "\t".join((*cells, self._key(item))).lower()

    def _matching(self, indexes: Iterable[int]) -> list[int]:
        """The rows of `indexes` that contain every filter word, in their order."""
        haystack, kept = self._haystack, list(indexes)
        for term in self._terms:
            kept = [index for index in kept if term in haystack[index]]
        return kept

    def _reorder(self, kept: int | None) -> None:
        order = self._matching(range(len(self._items)))
        if self._sort_column is not None:
            column = self.columns[self._sort_column]
            if column.sort_key is not None:
                sort_key, items = column.sort_key, self._items
                order.sort(key=lambda index: sort_key(items[index]), reverse=self._sort_reverse)
            else:
                cells, number = self._cells, self._sort_column
                order.sort(key=lambda index: cells[index][number].lower(), reverse=self._sort_reverse)
        self._order = order
        self._settle(kept)

    def _settle(self, kept: int | None) -> None:
        """After the rows changed: size, cursor back on row `kept` if shown, repaint, and say what is highlighted."""
        self.virtual_size = Size(self.size.width, len(self._order) + 1)
        position = 0
        if self._order:
            position = min(self._cursor, len(self._order) - 1)
            if kept is not None:
                with contextlib.suppress(ValueError):
                    position = self._order.index(kept)
        self._cursor = position
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Reordered(self))
        self._announce()

    def _current_index(self) -> int | None:
        return self._order[self._cursor] if self._order else None

    def _current_key(self) -> str | None:
        item = self.highlighted
        return self._key(item) if item is not None else None

    def _announce(self) -> None:
        key = self._current_key()
        if key != self._last_highlighted:
            self._last_highlighted = key
            self.post_message(self.Highlighted(self, self.highlighted))

    # moving

    def _move_to(self, position: int) -> None:
        if not self._order:
            return
        self._cursor = max(0, min(position, len(self._order) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def _scroll_to_cursor(self) -> None:
        rows_visible = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + rows_visible:
            self.scroll_to(y=self._cursor - rows_visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self._cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self._cursor + direction * max(self.scrollable_content_region.height - 2, 1))

    def action_jump(self, position: int) -> None:
        self._move_to(len(self._order) - 1 if position < 0 else position)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Activated(self, self.highlighted))

    def action_sort_next(self) -> None:
        column = 0 if self._sort_column is None else self._sort_column + 1
        self.sort_by(column if column < len(self.columns) else None)

    def action_sort_reverse(self) -> None:
        self.sort_by(self._sort_column if self._sort_column is not None else 0, reverse=not self._sort_reverse)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                reverse = column == self._sort_column and not self._sort_reverse
                self.sort_by(column, reverse=reverse)
            return
        self._move_to(int(self.scroll_y) + offset.y - 1)
        if event.chain >= 2:
            self.action_select()

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._order) + 1)

    # drawing

    def _widths(self, total: int) -> list[int]:
        fixed = sum(column.width or 0 for column in self.columns) + len(self.columns)
        flexible = [column for column in self.columns if column.width is None]
        room = max((total - fixed) // max(len(flexible), 1), 12)
        return [column.width if column.width is not None else room for column in self.columns]

    def _column_at(self, x: int) -> int | None:
        start = 0
        for number, width in enumerate(self._widths(self.scrollable_content_region.width)):
            if start <= x < start + width + 1:
                return number
            start += width + 1
        return None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._widths(width)
        if y == 0:
            titles = [
                column.title + (("▼" if self._sort_reverse else "▲") if number == self._sort_column else "")
                for number, column in enumerate(self.columns)
            ]
            style = self.rich_style + self.get_component_rich_style("resource-table--header", partial=True)
            return self._strip(titles, [None] * len(titles), widths, width, style)
        position = int(self.scroll_y) + y - 1
        if position >= len(self._order):
            return Strip.blank(width, self.rich_style)
        index = self._order[position]
        cells, tones = list(self._cells[index]), list(self._tones[index])
        if self.spans is not None and self.spans(self._items[index]):
            cells, tones, widths = cells[:1], tones[:1], [width]
        if position == self._cursor:
            name = "resource-table--cursor" if self.has_focus else "resource-table--cursor-blurred"
            style = self.rich_style + self.get_component_rich_style(name, partial=True)
            return self._strip(cells, [None] * len(widths), widths, width, style)
        return self._strip(cells, tones, widths, width, self.rich_style)

    def _tone_style(self, tone: str) -> Style:
        return self.get_component_rich_style(f"resource-table--{tone}", partial=True)

    def _strip(self, cells: list[str], tones: list[str | None], widths: list[int], width: int, base: Style) -> Strip:
        """One row fitted to `width`: a cell cut short, also the last one the width reaches, ends with an ellipsis."""
        segments: list[Segment] = []
        room = width
        for text, tone, column_width in zip(cells, tones, widths, strict=True):
            if room <= 0:
                break
            cell_width = min(column_width, room)
            shown = text if cell_len(text) <= cell_width else set_cell_size(text, max(cell_width - 1, 0)) + "…"
            style = base + self._tone_style(tone) if tone else base
            segments.append(Segment(set_cell_size(shown, cell_width), style))
            segments.append(Segment(" ", base))
            room -= cell_width + 1
        return Strip(segments).adjust_cell_length(width, base)
