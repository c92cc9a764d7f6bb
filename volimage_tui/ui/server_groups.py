"""The servers view grouped by the image each server booted from: a heading row per image, its servers under it.

A placeholder is the name of a fleet (every server keeps pointing at the image it booted from), so grouping by
image is grouping by fleet. The headings are rows of the same table, so the cursor, the filter and `L` (the
image's lineage) work on them as on any row; sorting orders the servers within each group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core.models import Server
from .views import RelatedNames
from .widgets.resource_table import Column

NO_IMAGE = "booted from a volume, no image"
"""The group of servers booted from a volume directly, with no image."""


@dataclass(frozen=True)
class ImageGroup:
    """A heading row: one image and the servers booted from it."""

    image_id: str
    name: str
    maker: str
    """volimage, nova or other for a placeholder; empty for an ordinary image (or none)."""
    servers: tuple[Server, ...]
    rank: int
    """The group's place in the view, so that a sort keeps each group's servers under its heading."""

    raw_kind = "image"
    """What `y` shows for this row: the image."""

    @property
    def id(self) -> str:
        """The table's key: the image id (ids of images and servers never clash), or the no-image group's."""
        return self.image_id or "group:no-image"

    @property
    def statuses(self) -> dict[str, int]:
        return dict(Counter(server.status for server in self.servers).most_common())

    @property
    def heading(self) -> str:
        what = f" · placeholder ({self.maker})" if self.maker else (" · image" if self.image_id else "")
        counts = ", ".join(f"{n} {status}" for status, n in self.statuses.items())
        servers = f"{len(self.servers)} server" + ("" if len(self.servers) == 1 else "s")
        return f"▾ {self.name}{what} · {servers}" + (f" ({counts})" if counts else "")


def group_by_image(servers: Iterable[Server], names: Mapping[str, str]) -> list[ImageGroup | Server]:
    """The rows of the grouped view: placeholders first (by name), then ordinary images, then no image."""
    by_image: dict[str, list[Server]] = {}
    for server in servers:
        by_image.setdefault(server.image_id, []).append(server)
    placeholders = names.placeholders if isinstance(names, RelatedNames) else {}

    def order(image_id: str) -> tuple[int, str, str]:
        tier = 2 if not image_id else (0 if image_id in placeholders else 1)
        return tier, (names.get(image_id) or image_id).lower(), image_id

    rows: list[ImageGroup | Server] = []
    for rank, image_id in enumerate(sorted(by_image, key=order)):
        members = tuple(sorted(by_image[image_id], key=lambda server: (server.name.lower(), server.id)))
        name = (names.get(image_id) or image_id) if image_id else NO_IMAGE
        rows.append(ImageGroup(image_id, name, placeholders.get(image_id, ""), members, rank))
        rows.extend(members)
    return rows


def servers_of(rows: Iterable[Any]) -> list[Server]:
    """The servers among a table's rows, headings left out."""
    return [row for row in rows if isinstance(row, Server)]


def grouped_columns(columns: Sequence[Column], rows: Sequence[ImageGroup | Server]) -> tuple[Column, ...]:
    """`columns` for the grouped rows: a heading's text is its first cell (the table draws it across the row, see
    `is_heading`), servers are indented under it, and every sort key is prefixed with the group's rank so that
    sorting stays within groups."""
    rank_of = {server.id: row.rank for row in rows if isinstance(row, ImageGroup) for server in row.servers}

    def wrap(number: int, column: Column) -> Column:
        def text(row: Any) -> str:
            if isinstance(row, ImageGroup):
                return row.heading if number == 0 else ""
            return ("  " if number == 0 else "") + column.text(row)

        def tone(row: Any) -> str | None:
            if isinstance(row, ImageGroup):
                return "used" if row.maker else None
            return column.tone(row) if column.tone else None

        def sort_key(row: Any) -> tuple[int, int, Any]:
            if isinstance(row, ImageGroup):
                return row.rank, 0, ""
            value = column.sort_key(row) if column.sort_key else column.text(row).lower()
            return rank_of.get(row.id, len(rank_of)), 1, value

        return replace(column, text=text, tone=tone, sort_key=sort_key)

    return tuple(wrap(number, column) for number, column in enumerate(columns))


def is_heading(row: object) -> bool:
    """For the table's `spans`: a heading is drawn across the row."""
    return isinstance(row, ImageGroup)
