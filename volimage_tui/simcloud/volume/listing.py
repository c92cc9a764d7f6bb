"""How Cinder reads a list request (limit, marker, offset, sort, filters, with_count) and pages through a table.

| step                | Cinder's code it follows (`cinder/api/common.py`, `db`)  | refusal                             |
|---------------------|----------------------------------------------------------|-------------------------------------|
| limit/marker/offset | `get_pagination_params`                                  | 400 "limit param must be ..."       |
| sort, sort_key/dir  | `get_sort_params`, `process_sort_params`                 | 400 "Unknown sort direction ..."    |
| filters, 3.31+      | `reject_invalid_filters` (resource_filters.json)         | 400 "Invalid filters X are ..."     |
| filters, below 3.31 | `MV_ADDED_FILTERS`, `remove_invalid_filter_options`      | unknown, newer keys dropped quietly |
| marker              | `_generate_paginate_query` loads the marker row          | 404 "<Kind> X could not be found."  |
| next link           | `_get_collection_links`: whenever the page is full       | -                                   |
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from ..wire.http import ApiError, Call, paginate

Row = TypeVar("Row")

BOOL_STRINGS: dict[str, bool] = {
    **dict.fromkeys(("1", "t", "true", "on", "y", "yes"), True),
    **dict.fromkeys(("0", "f", "false", "off", "n", "no"), False),
}
"""oslo's `bool_from_string(strict=True)` vocabulary (compared lower-cased)."""

PAGING_KEYS = ("limit", "marker", "offset", "sort", "sort_key", "sort_dir")


@dataclass(frozen=True)
class ListQuery:
    """A list request as Cinder understands it, after the microversion has had its say."""

    limit: int
    marker: str | None = None
    offset: int = 0
    sort: tuple[tuple[str, bool], ...] = (("created_at", True),)
    """(key, descending) pairs; Cinder appends created_at and id in the first pair's direction."""
    filters: dict[str, str] = field(default_factory=dict)
    with_count: bool = False

    @property
    def default_order(self) -> bool:
        """Whether the rows come in creation order, newest first (Cinder's default `created_at:desc`)."""
        return self.sort[0] == ("created_at", True) and all(key in ("created_at", "id") for key, _ in self.sort)


def strict_bool(value: Any, name: str) -> bool:
    """A JSON boolean or one of oslo's boolean words, else 400 as Cinder's schema says."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in BOOL_STRINGS:
        return BOOL_STRINGS[value.strip().lower()]
    raise ApiError(400, f"Invalid input for field/attribute {name}. Value: {value}. {value!r} is not a valid boolean.")


def read_list_query(call: Call, *, allowed: tuple[str, ...], legacy: Mapping[str, str]) -> ListQuery:
    """Parse a list request's paging, sorting and filters the way Cinder's v3 controllers do.

    `legacy` are the filters honoured below 3.31, each from the microversion that added it; below that version
    Cinder drops the key without a word (`MV_ADDED_FILTERS` in `cinder/api/v3/volumes.py` and `snapshots.py`), so
    the answer lists everything the other filters let through.
    """
    params = call.request.args.to_dict(flat=True)
    maximum = call.cloud.config.max_page
    try:
        limit = int(params.pop("limit", maximum))
    except ValueError:
        raise ApiError(400, "limit param must be an integer") from None
    if limit < 0:
        raise ApiError(400, "limit param must be positive")
    marker = params.pop("marker", None)
    try:
        offset = int(params.pop("offset", 0))
    except ValueError:
        raise ApiError(400, "offset must be an integer.") from None
    if offset < 0:
        raise ApiError(400, "offset must be >= 0.")
    sort = _sort_params(params)
    with_count = False
    if call.at_least("3.45") and "with_count" in params:
        with_count = strict_bool(params.pop("with_count"), "with_count")
    params.pop("all_tenants", None)  # a non-admin's all_tenants is ignored, never refused (Cinder bug 1917574)
    if call.at_least("3.31"):
        like = call.at_least("3.34")
        invalid = [key for key in params if key not in allowed and not (like and key.rstrip("~") in allowed)]
        if invalid:
            raise ApiError(400, f"Invalid filters {', '.join(invalid)} are provided.")
    else:
        params = {key: value for key, value in params.items() if key in legacy and call.at_least(legacy[key])}
    return ListQuery(
        limit=min(limit, maximum), marker=marker, offset=offset, sort=sort, filters=params, with_count=with_count
    )


def _sort_params(params: dict[str, str]) -> tuple[tuple[str, bool], ...]:
    if "sort" in params:
        if "sort_key" in params or "sort_dir" in params:
            raise ApiError(
                400,
                "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
            )
        pairs = [part.partition(":")[::2] for part in params.pop("sort").strip().split(",")]
    else:
        pairs = [(params.pop("sort_key", "created_at"), params.pop("sort_dir", "desc"))]
    sort: list[tuple[str, bool]] = []
    for key, direction in pairs:
        direction = direction.strip() or "desc"
        if direction not in ("asc", "desc"):
            raise ApiError(400, "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.")
        sort.append((key.strip(), direction == "desc"))
    return tuple(sort)


def literal(value: str) -> Any:
    """A filter value as Cinder's `check_volume_filters` reads it: a Python literal when it parses, else text."""
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return value


def text_matches(actual: str | None, wanted: str, *, like: bool) -> bool:
    """Exact match, or with a `~` filter Cinder's SQL LIKE '%wanted%' (case-insensitive, as on MySQL)."""
    if like:
        return actual is not None and wanted.lower() in actual.lower()
    return actual == wanted


@dataclass(frozen=True)
class Ordering:
    """How one kind of row is identified, positioned and sorted."""

    row_id: Callable[[Any], str]
    position: Callable[[str], int | None]
    """Where a row id stands in the table's newest-first list (constant time)."""
    sort_keys: dict[str, Callable[[Any], Any]]
    not_found: Callable[[str], ApiError]


def page_of(
    rows: Sequence[Row], query: ListQuery, ordering: Ordering, keep: Callable[[Row], bool] | None
) -> tuple[list[Row], int | None]:
    """One page of `rows` (the table's newest-first list) for `query`, and the match count when it asked for one."""
    count = None
    if query.with_count:
        count = len(rows) if keep is None else sum(1 for row in rows if keep(row))
    if query.default_order and not query.offset:
        page, _ = paginate(
            rows,
            row_id=ordering.row_id,
            position=ordering.position,
            marker=query.marker,
            limit=query.limit,
            keep=keep,
            marker_error=ordering.not_found,
        )
        return page, count
    ordered = _sorted(rows, query, ordering)
    start = 0
    if query.marker:
        found = next((index for index, row in enumerate(ordered) if ordering.row_id(row) == query.marker), None)
        if found is None:
            raise ordering.not_found(query.marker)
        start = found + 1
    matches = (row for row in ordered[start:] if keep is None or keep(row))
    rows_after: list[Row] = []
    for index, row in enumerate(matches):
        if index < query.offset:
            continue
        if len(rows_after) == query.limit:
            break
        rows_after.append(row)
    return rows_after, count


def _sorted(rows: Sequence[Row], query: ListQuery, ordering: Ordering) -> list[Row]:
    """Rows in the requested order; created_at and id follow in the first key's direction, as Cinder adds them."""
    keys = list(query.sort)
    first_descending = keys[0][1]
    for default in ("created_at", "id"):
        if default not in (key for key, _ in keys):
            keys.append((default, first_descending))
    ordered = list(rows)
    for key, descending in reversed(keys):
        if key == "created_at":
            # Creation order is the table's own order; seeded and API-made rows may carry clocks that disagree.
            ordered.sort(key=lambda row: ordering.position(ordering.row_id(row)) or 0, reverse=not descending)
            continue
        getter = ordering.sort_keys.get(key)
        if getter is None:
            raise ApiError(400, "Invalid input received: Invalid sort key")
        ordered.sort(key=lambda row, get=getter: _sortable(get(row)), reverse=descending)  # type: ignore[misc]
    return ordered


def _sortable(value: Any) -> tuple[bool, Any]:
    """Nulls first, as SQL sorts them ascending."""
    return (value is not None, value if value is not None else 0)


def collection_links(
    call: Call, collection: str, page: Sequence[Row], query: ListQuery, count: int | None, row_id: Callable[[Row], str]
) -> list[dict[str, str]]:
    """Cinder's `*_links`: a next link whenever the page holds `limit` rows (or fewer than the with_count total)."""
    if not page or query.limit > (count if count is not None else len(page)):
        return []
    params = [(key, value) for key, value in call.request.args.items(multi=True) if key != "marker"]
    params.append(("marker", row_id(page[-1])))
    return [{"rel": "next", "href": f"{call.base_url}/{collection}?{urlencode(params)}"}]
