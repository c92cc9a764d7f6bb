"""`GET /v2/images` as Glance answers it: who sees what, the filters, the sort order and the `next` link.

| query                                              | meaning                                                       |
|----------------------------------------------------|---------------------------------------------------------------|
| `visibility` (none given)                          | own images, public ones, and community ones only if owned     |
| `name`, `id`, `status`, `disk_format`, `container_format` | equal, or `in:a,b`                                     |
| `size_min`, `size_max`; `created_at`/`updated_at`  | numeric range; `gt:`/`gte:`/`lt:`/`lte:`/`eq:`/`neq:` a time   |
| `tag` (repeatable), `os_hidden`, `protected`, `owner`, `checksum`... | attribute equality                          |
| anything else, e.g. `bdm_v2=True`                  | an extra property equal to that string                        |
| `sort=name:asc,size` or `sort_key`/`sort_dir`      | order; `created_at` and `id` always end it, so pages are stable |
| `limit` (default 25), `marker`                     | a page; `next` is present whenever the page is full           |
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ..model import Image
from ..wire.http import Call
from .webob import GlanceError

DEFAULT_PAGE_SIZE = 25
"""Glance's `limit_param_default`."""
SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at")
ATTRIBUTE_FILTERS = (
    "name", "id", "status", "container_format", "disk_format", "size", "virtual_size", "visibility", "checksum",
    "os_hash_algo", "os_hash_value", "min_disk", "min_ram", "owner", "protected", "os_hidden", "created_at",
    "updated_at",
)  # fmt: skip
"""Filters that compare an image column; any other filter key names an extra property."""
TIME_OPERATORS: dict[str, Callable[[datetime, datetime], bool]] = {
    "eq": lambda left, right: left == right,
    "neq": lambda left, right: left != right,
    "gt": lambda left, right: left > right,
    "gte": lambda left, right: left >= right,
    "lt": lambda left, right: left < right,
    "lte": lambda left, right: left <= right,
}


def parse_time(stamp: str) -> datetime:
    """A stored or queried timestamp (`2026-01-01T00:00:00.000000`, with or without `Z`), without its zone."""
    return datetime.fromisoformat(stamp.removesuffix("Z")).replace(tzinfo=None)


def isotime(stamp: str) -> str:
    """Glance's `timeutils.isotime`: whole seconds and a `Z`."""
    return parse_time(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def image_view(image: Image) -> dict[str, Any]:
    """One image as Glance serialises it: extra properties at the top level, then the attributes and links."""
    view: dict[str, Any] = dict(image.properties)
    for key in (
        "name", "disk_format", "container_format", "visibility", "size", "virtual_size", "status", "checksum",
        "protected", "min_ram", "min_disk", "owner", "os_hidden", "os_hash_algo", "os_hash_value",
    ):  # fmt: skip
        view[key] = getattr(image, key)
    view["id"] = image.id
    view["created_at"] = isotime(image.created_at)
    view["updated_at"] = isotime(image.updated_at)
    view["tags"] = list(image.tags)
    view["self"] = f"/v2/images/{image.id}"
    view["file"] = f"/v2/images/{image.id}/file"
    view["schema"] = "/v2/schemas/image"
    return view


def is_visible(image: Image, project_id: str) -> bool:
    """Whether a project member may see the image (shared images need a membership, which nothing grants here)."""
    return image.owner == project_id or image.visibility in ("public", "community")


def image_index(call: Call, images: list[Image]) -> dict[str, Any]:
    """The body of `GET /v2/images` for this request."""
    params = list(call.request.args.items(multi=True))
    limit_text = _pop_first(params, "limit")
    marker = _pop_first(params, "marker")
    member_status = _pop_first(params, "member_status") or "accepted"
    tags = [value.strip() for key, value in params if key == "tag"]
    params = [(key, value) for key, value in params if key != "tag"]
    visibility = _validated_visibility(params)
    if member_status not in ("pending", "accepted", "rejected", "all"):
        raise GlanceError(400, f"Invalid status: {member_status}")
    limit = _validated_limit(limit_text, call.cloud.config.max_page)
    sort_keys, sort_dirs = _sorting(params)
    filters = [(key, value) for key, value in params if key not in ("sort", "sort_key", "sort_dir")]
    hidden = _boolean_filter(filters, "os_hidden", default="false")
    protected = _boolean_filter(filters, "protected", default="") if any(k == "protected" for k, _ in filters) else None
    rows = [
        image
        for image in images
        if _listed(image, call.project_id, visibility)
        and image.status != "killed"
        and image.os_hidden == hidden
        and (protected is None or image.protected == protected)
        and all(tag in image.tags for tag in tags)
    ]
    for key, value in filters:
        rows = [image for image in rows if _matches(image, key, value)]
    order = functools.cmp_to_key(functools.partial(_compare, keys=sort_keys, dirs=sort_dirs))
    rows.sort(key=order)
    if marker:
        after = _marker_image(images, marker, call.project_id)
        rows = [image for image in rows if order(image) > order(after)]
    page = rows[:limit]
    return _index_body(call, page, next_marker=page[-1].id if page and len(page) == limit else None)


def _index_body(call: Call, page: list[Image], next_marker: str | None) -> dict[str, Any]:
    """Glance's serializer: `first` and `next` repeat the query (one value per key, as `dict()` of webob's)."""
    query: dict[str, str] = {}
    for key in call.request.args:
        query[key] = call.request.args.getlist(key)[-1]
    query.pop("marker", None)
    body: dict[str, Any] = {
        "images": [image_view(image) for image in page],
        "first": "/v2/images" + (f"?{urlencode(query)}" if query else ""),
        "schema": "/v2/schemas/images",
    }
    if next_marker:
        body["next"] = f"/v2/images?{urlencode({**query, 'marker': next_marker})}"
    return body


def _pop_first(params: list[tuple[str, str]], name: str) -> str | None:
    for index, (key, value) in enumerate(params):
        if key == name:
            del params[index]
            return value
    return None


def _validated_visibility(params: list[tuple[str, str]]) -> str | None:
    visibility = next((value for key, value in params if key == "visibility"), None)
    if visibility and visibility not in ("community", "public", "private", "shared", "all"):
        raise GlanceError(400, f"Invalid visibility value: {visibility}")
    if any(key == "changes-since" for key, _ in params):
        raise GlanceError(400, 'The "changes-since" filter is no longer available on v2.')
    params[:] = [(key, value) for key, value in params if key != "visibility"]
    return visibility or None


def _validated_limit(text: str | None, maximum: int) -> int:
    if text is None:
        return min(DEFAULT_PAGE_SIZE, maximum)
    try:
        limit = int(text)
    except ValueError:
        raise GlanceError(400, "limit param must be an integer") from None
    if limit < 0:
        raise GlanceError(400, "limit param must be positive")
    return min(limit, maximum)


def _sorting(params: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Glance's two sort syntaxes (`sort=k:dir,...` or repeated `sort_key`/`sort_dir`) plus its tie-breakers."""
    keys: list[str] = []
    dirs: list[str] = []
    sort = [value for key, value in params if key == "sort"]
    if sort:
        if any(key in ("sort_key", "sort_dir") for key, _ in params):
            raise GlanceError(400, "Old and new sorting syntax cannot be combined")
        for part in sort[0].strip().split(","):
            key, _, direction = part.partition(":")
            keys.append(_validated_sort_key(key.strip()))
            dirs.append(_validated_sort_dir(direction.strip() or "desc"))
    else:
        keys = [_validated_sort_key(value.strip()) for key, value in params if key == "sort_key"]
        dirs = [_validated_sort_dir(value.strip()) for key, value in params if key == "sort_dir"]
        if len(dirs) > 1 and len(dirs) != len(keys):
            raise GlanceError(400, "Number of sort dirs does not match the number of sort keys")
    keys = keys or ["created_at"]
    default_dir = dirs[0] if len(dirs) == 1 else "desc"
    dirs = dirs * len(keys) if len(dirs) == 1 else dirs or [default_dir] * len(keys)
    for tie_breaker in ("created_at", "id"):
        if tie_breaker not in keys:
            keys.append(tie_breaker)
            dirs.append(default_dir)
    return keys, dirs


def _validated_sort_key(key: str) -> str:
    if key not in SORT_KEYS:
        raise GlanceError(400, f"Invalid sort key: {key}. It must be one of the following: {', '.join(SORT_KEYS)}.")
    return key


def _validated_sort_dir(direction: str) -> str:
    if direction not in ("asc", "desc"):
        raise GlanceError(400, f"Invalid sort direction: {direction}")
    return direction


def _boolean_filter(filters: list[tuple[str, str]], name: str, *, default: str) -> bool:
    """Pop a `true`/`false` filter (Glance checks os_hidden and protected this way)."""
    value = (_pop_first(filters, name) or default).lower()
    if value not in ("true", "false"):
        raise GlanceError(400, f"Invalid value '{value}' for '{name}' filter. Valid values are 'true' or 'false'.")
    return value == "true"


def _listed(image: Image, project_id: str, visibility: str | None) -> bool:
    if not is_visible(image, project_id):
        return False
    if visibility is None:
        return image.visibility != "community" or image.owner == project_id
    return visibility == "all" or image.visibility == visibility


def _matches(image: Image, key: str, value: str) -> bool:
    if key in ("size_min", "size_max", "virtual_size_min", "virtual_size_max"):
        try:
            bound = int(value)
        except ValueError:
            raise GlanceError(400, "Unable to filter on a range with a non-numeric value.") from None
        actual = getattr(image, key[:-4])
        return actual is not None and (actual >= bound if key.endswith("_min") else actual <= bound)
    if key in ("created_at", "updated_at"):
        operator, text = _split_operator(value)
        try:
            threshold = parse_time(text)
        except ValueError:
            raise GlanceError(400, f'Bad "{key}" query filter format. Use ISO 8601 DateTime notation.') from None
        if operator not in TIME_OPERATORS:
            raise GlanceError(400, "Unable to filter using the specified operator.")
        return TIME_OPERATORS[operator](parse_time(getattr(image, key)), threshold)
    if key in ("name", "id", "status", "container_format", "disk_format"):
        operator, text = _split_operator(value)
        if operator == "in":
            return getattr(image, key) in next(csv.reader([text]))
        if operator != "eq":
            raise GlanceError(400, f"Unable to filter by unknown operator '{operator}'.")
        return bool(getattr(image, key) == text)
    if key in ATTRIBUTE_FILTERS:
        actual = getattr(image, key)
        return (str(actual).lower() if isinstance(actual, bool) else str(actual)) == value
    return bool(image.properties.get(key) == value)


def _split_operator(expression: str) -> tuple[str, str]:
    """Glance's `split_filter_op`: `op:value`, unless the whole expression is an ISO 8601 time."""
    left, separator, right = expression.partition(":")
    if not separator:
        return "eq", left
    try:
        parse_time(expression)
    except ValueError:
        return left, right
    return "eq", expression


def _marker_image(images: list[Image], marker: str, project_id: str) -> Image:
    found = next((image for image in images if image.id == marker), None)
    if found is None:
        raise GlanceError(400, f"No image found with ID {marker}")
    if not is_visible(found, project_id):
        raise GlanceError(403, f"Forbidding request, image {marker} not visible")
    return found


def _compare(left: Image, right: Image, keys: list[str], dirs: list[str]) -> int:
    """SQL ordering over several keys: NULL first when ascending, each key in its own direction."""
    for key, direction in zip(keys, dirs, strict=True):
        a, b = _sort_value(left, key), _sort_value(right, key)
        if a == b:
            continue
        result = -1 if a is None or (b is not None and a < b) else 1
        return result if direction == "asc" else -result
    return 0


def _sort_value(image: Image, key: str) -> Any:
    value = getattr(image, key)
    return parse_time(value) if key in ("created_at", "updated_at") else value
