"""How Neutron answers `GET /v2.0/<collection>`: filters, sorting, pages and `fields`.

List requests follow `neutron/api/api_common.py`: every query key other than the paging, sorting and `fields`
keys is a filter on an attribute (several values of one key match any of them; an unknown key is a 400 because
the `filter-validation` extension is on), `limit` 0 or absent means no paging (and then a `marker` is ignored),
paging sorts by id after any `sort_key`, and `<collection>_links` carries `next` unless the page came up short
and `previous` whenever it holds rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from ..wire.http import ApiError, Call, json_response
from .errors import NeutronError

CONTROL_KEYS = ("limit", "marker", "page_reverse", "sort_key", "sort_dir", "fields")

BOOLEAN_ATTRIBUTES = (
    "shared",
    "router:external",
    "admin_state_up",
    "enable_dhcp",
    "port_security_enabled",
    "is_default",
    "stateful",
    "l2_adjacency",
)
INTEGER_ATTRIBUTES = ("mtu", "ip_version", "revision_number")


def _filter_value(key: str, text: str) -> Any:
    if key in BOOLEAN_ATTRIBUTES:
        if text.lower() in ("true", "1"):
            return True
        if text.lower() in ("false", "0"):
            return False
        raise ApiError(400, f"Invalid input for operation: '{text}' cannot be converted to boolean.")
    if key in INTEGER_ATTRIBUTES:
        try:
            return int(text)
        except ValueError:
            raise ApiError(400, f"Invalid input for operation: '{text}' is not an integer.") from None
    return text


def _limit(call: Call) -> int:
    text = call.query("limit") or "0"
    try:
        limit = int(text)
    except ValueError:
        limit = -1
    if limit < 0:
        raise NeutronError(
            400, "BadRequest", f"Bad limit request: Limit must be an integer 0 or greater and not '{text}'."
        )
    return limit


def list_views(
    call: Call,
    collection: str,
    views: list[dict[str, Any]],
    attributes: frozenset[str],
    not_found: Callable[[str], ApiError],
) -> Response:
    """Filter, sort, page and trim `views` the way Neutron answers `GET /v2.0/<collection>`."""
    args = call.request.args
    for key in args:
        if key not in CONTROL_KEYS and key not in attributes:
            raise ApiError(400, f"{key} is invalid attribute for filtering")
    for key in {key for key in args if key not in CONTROL_KEYS}:
        wanted = [_filter_value(key, text) for text in args.getlist(key)]
        views = [view for view in views if view.get(key) in wanted]
    limit = _limit(call)
    sort_keys = args.getlist("sort_key")
    if limit or sort_keys:
        directions = args.getlist("sort_dir")
        for index, key in reversed(list(enumerate([*sort_keys, "id"]))):
            if key not in attributes:
                raise ApiError(400, f"{key} is an invalid attribute for sort_keys")
            descending = index < len(directions) and directions[index] == "desc"
            views.sort(key=_sort_by(key), reverse=descending)
    body: dict[str, Any] = {}
    if limit:
        marker = call.query("marker")
        start = 0
        if marker:
            found = next((index for index, view in enumerate(views) if view["id"] == marker), None)
            if found is None:
                raise not_found(marker)
            start = found + 1
        views = views[start : start + limit]
        body[f"{collection}_links"] = _links(call, collection, views, limit)
    fields = args.getlist("fields")
    if fields:
        views = [{key: value for key, value in view.items() if key in fields} for view in views]
    body[collection] = views
    return json_response(body)


def _sort_by(key: str) -> Callable[[dict[str, Any]], tuple[bool, Any]]:
    """A sort key on one attribute, nulls first as the database sorts them ascending."""

    def value(view: dict[str, Any]) -> tuple[bool, Any]:
        found = view.get(key)
        return (False, 0) if found is None else (True, found)

    return value


def _links(call: Call, collection: str, views: list[dict[str, Any]], limit: int) -> list[dict[str, str]]:
    links = []
    params = [
        (key, value) for key, value in call.request.args.items(multi=True) if key not in ("marker", "page_reverse")
    ]
    url = f"{call.base_url}/{collection}"
    if views and len(views) >= limit:
        links.append({"rel": "next", "href": f"{url}?{urlencode([*params, ('marker', views[-1]['id'])])}"})
    if views:
        previous = [*params, ("marker", views[0]["id"]), ("page_reverse", "True")]
        links.append({"rel": "previous", "href": f"{url}?{urlencode(previous)}"})
    return links
