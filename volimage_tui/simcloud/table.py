"""An id-keyed table that lists newest first and finds a pagination marker in constant time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

Row = TypeVar("Row")


class Table(Generic[Row]):
    """Rows by id in creation order; the newest-first view and marker positions are cached until a change.

    Listing 50,000 volumes a page at a time must not rescan or re-sort the table for every page.
    """

    def __init__(self) -> None:
        self._rows: dict[str, Row] = {}
        self._newest_first: list[Row] | None = None
        self._positions: dict[str, int] | None = None

    def add(self, row_id: str, row: Row) -> Row:
        self._rows[row_id] = row
        self._forget_order()
        return row

    def remove(self, row_id: str) -> Row | None:
        row = self._rows.pop(row_id, None)
        if row is not None:
            self._forget_order()
        return row

    def get(self, row_id: str) -> Row | None:
        return self._rows.get(row_id)

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(list(self._rows.values()))

    def ids(self) -> set[str]:
        return set(self._rows)

    def newest_first(self) -> list[Row]:
        if self._newest_first is None:
            self._newest_first = list(reversed(self._rows.values()))
        return self._newest_first

    def oldest_first(self) -> list[Row]:
        return list(self._rows.values())

    def position(self, row_id: str) -> int | None:
        """Where the row stands in `newest_first()`, or None when it is not here."""
        if self._positions is None:
            self._positions = {key: index for index, key in enumerate(reversed(self._rows.keys()))}
        return self._positions.get(row_id)

    def _forget_order(self) -> None:
        self._newest_first = None
        self._positions = None
