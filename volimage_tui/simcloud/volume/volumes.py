"""Cinder's `/volumes`: list, show, create, update, delete, metadata and actions.

What happens to a volume (quotas, statuses, what may be deleted) is decided in `blockstore.py`, which Nova
shares.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..model import Volume
from ..wire.http import ApiError, Call, empty_response, json_response
from ..wire.service import Route
from . import blockstore
from .create import create_volume, validate_metadata
from .listing import (
    ListQuery,
    Ordering,
    collection_links,
    literal,
    page_of,
    read_list_query,
    strict_bool,
    text_matches,
)
from .views import volume_detail, volume_summary

VOLUME_FILTERS = (
    "name",
    "status",
    "metadata",
    "bootable",
    "migration_status",
    "availability_zone",
    "group_id",
    "size",
    "created_at",
    "updated_at",
)
"""What a non-admin may filter volumes by from 3.31 (Cinder's `resource_filters.json`)."""

LEGACY_VOLUME_FILTERS = {
    **dict.fromkeys(("name", "status", "metadata", "availability_zone", "bootable"), "3.0"),
    "glance_metadata": "3.4",
    "group_id": "3.10",
}
"""What Cinder keeps below 3.31 (`_get_volume_filter_options`), from the version `_MV_ADDED_FILTERS` names
(`cinder/api/v3/volumes.py`); other keys are dropped silently."""

# volumes


def owned_volume(call: Call, volume_id: str) -> Volume:
    volume = blockstore.find_volume(call.region, volume_id)
    if volume.project_id != call.project_id:
        raise ApiError(404, f"Volume {volume_id} could not be found.")
    return volume


def _volume_filter(call: Call, query: ListQuery) -> Any:
    """A predicate for the project's volumes that match every filter of `query`."""
    project = call.project_id
    checks: list[Any] = [lambda volume: volume.project_id == project]
    strict = call.at_least("3.2")
    for key, text in query.filters.items():
        like = key.endswith("~")
        name = key.rstrip("~")
        if name == "name":
            checks.append(lambda v, t=text, lk=like: text_matches(v.name, t, like=lk))
        elif name == "bootable":
            wanted = _bootable_filter(text, strict)
            checks.append(lambda v, w=wanted: v.bootable == w)
        elif name in ("metadata", "glance_metadata"):
            wanted_items = literal(text)
            if not isinstance(wanted_items, dict):
                return lambda volume: False  # Cinder's filter step yields no query at all: an empty list
            checks.append(lambda v, w=wanted_items, n=name: _has_items(v, n, w))
        elif name in ("status", "availability_zone", "size"):
            wanted_value = literal(text) if name == "size" else text
            checks.append(lambda v, w=wanted_value, n=name, lk=like: _matches_field(getattr(v, n), w, lk))
        elif name in ("created_at", "updated_at"):
            checks.append(lambda v, t=text, n=name: getattr(v, n) is not None and getattr(v, n).startswith(t))
        else:
            return lambda volume: False  # migration_status, group_id: no simulated volume has one
    return lambda volume: all(check(volume) for check in checks)


def _matches_field(actual: Any, wanted: Any, like: bool) -> bool:
    return text_matches(str(actual), str(wanted), like=True) if like else bool(actual == wanted)


def _has_items(volume: Volume, name: str, wanted: dict[Any, Any]) -> bool:
    held = volume.metadata if name == "metadata" else (volume.image_metadata or {})
    return all(held.get(str(key)) == str(value) for key, value in wanted.items())


def _bootable_filter(text: str, strict: bool) -> bool:
    """From 3.2 only boolean words are accepted; before, anything but a spelling of False meant True."""
    if strict:
        try:
            return strict_bool(text, "bootable")
        except ApiError:
            raise ApiError(400, f"Invalid input received: 'bootable = {text}'") from None
    return text not in ("False", "false", "FALSE") and bool(text)


VOLUME_SORT_KEYS: dict[str, Any] = {
    "id": lambda v: v.id,
    "name": lambda v: v.name,
    "status": lambda v: v.status,
    "size": lambda v: v.size,
    "availability_zone": lambda v: v.availability_zone,
    "updated_at": lambda v: v.updated_at,
    "bootable": lambda v: v.bootable,
    "user_id": lambda v: v.user_id,
    "project_id": lambda v: v.project_id,
    "volume_type": lambda v: v.volume_type,
    "description": lambda v: v.description,
}


def _list_volumes(call: Call, *, detail: bool) -> Response:
    query = read_list_query(call, allowed=VOLUME_FILTERS, legacy=LEGACY_VOLUME_FILTERS)
    table = call.region.volumes
    ordering = Ordering(
        row_id=lambda v: v.id,
        position=table.position,
        sort_keys=VOLUME_SORT_KEYS,
        not_found=lambda marker: ApiError(404, f"Volume {marker} could not be found."),
    )
    page, count = page_of(table.newest_first(), query, ordering, _volume_filter(call, query))
    view = volume_detail if detail else volume_summary
    body: dict[str, Any] = {"volumes": [view(call, volume) for volume in page]}
    links = collection_links(call, "volumes/detail" if detail else "volumes", page, query, count, lambda v: v.id)
    if links:
        body["volumes_links"] = links
    if count is not None:
        body["count"] = count
    return json_response(body)


def list_volumes(call: Call) -> Response:
    return _list_volumes(call, detail=False)


def list_volume_details(call: Call) -> Response:
    return _list_volumes(call, detail=True)


def show_volume(call: Call, volume_id: str) -> Response:
    return json_response({"volume": volume_detail(call, owned_volume(call, volume_id))})


def post_volume(call: Call) -> Response:
    volume = create_volume(call, call.body("volume"))
    return json_response({"volume": volume_detail(call, volume)}, status=202)


def update_volume(call: Call, volume_id: str) -> Response:
    """Rename, describe or replace the metadata of a volume (not while it is in maintenance)."""
    changes = call.body("volume")
    volume = owned_volume(call, volume_id)
    if volume.status == "maintenance":
        raise ApiError(400, f"Invalid volume: Volume {volume.id} status must not be maintenance.")
    if "metadata" in changes:
        validate_metadata(changes["metadata"])
        volume.metadata = dict(changes["metadata"])
    for field in ("name", "description"):
        legacy = f"display_{field}"
        if field in changes or legacy in changes:
            setattr(volume, field, changes.get(field, changes.get(legacy)))
    volume.updated_at = call.cloud.timestamp()
    return json_response({"volume": volume_detail(call, volume)})


def delete_volume(call: Call, volume_id: str) -> Response:
    """202: the volume goes `deleting`, then disappears (refused while attached or while it has snapshots)."""
    blockstore.delete_volume(call.region, owned_volume(call, volume_id), cloud=call.cloud)
    return empty_response(202)


def show_volume_metadata(call: Call, volume_id: str) -> Response:
    return json_response({"metadata": dict(owned_volume(call, volume_id).metadata)})


def set_volume_metadata(call: Call, volume_id: str) -> Response:
    """POST merges the given keys into the metadata; PUT replaces it."""
    volume = owned_volume(call, volume_id)
    body = call.body()
    metadata = body.get("metadata") if isinstance(body, dict) else None
    if metadata is None:
        raise ApiError(400, "Malformed request body")
    validate_metadata(metadata)
    volume.metadata = {**(volume.metadata if call.request.method == "POST" else {}), **metadata}
    return json_response({"metadata": dict(volume.metadata)})


def delete_volume_metadata(call: Call, volume_id: str, key: str) -> Response:
    volume = owned_volume(call, volume_id)
    if volume.metadata.pop(key, None) is None:
        raise ApiError(404, f"Metadata item was not found for volume {volume_id}.")
    return empty_response(200)


def volume_action(call: Call, volume_id: str) -> Response:
    """`os-set_bootable` (200), `os-extend` (202) and `os-set_image_metadata` (200, what `openstack volume set
    --image-property` sends; `cinder/api/contrib/volume_image_metadata.py`); other actions are refused as Cinder
    refuses unknown ones."""
    body = call.body()
    if not isinstance(body, dict) or len(body) != 1:
        raise ApiError(400, "Malformed request body")
    action, arguments = next(iter(body.items()))
    volume = owned_volume(call, volume_id)
    if action == "os-set_bootable":
        if not isinstance(arguments, dict) or "bootable" not in arguments:
            raise ApiError(
                400,
                "Invalid input for field/attribute os-set_bootable. Value: "
                f"{arguments}. 'bootable' is a required property",
            )
        volume.bootable = strict_bool(arguments["bootable"], "bootable")
        volume.updated_at = call.cloud.timestamp()
        return empty_response(200)
    if action == "os-extend":
        _extend(call, volume, arguments)
        return empty_response(202)
    if action == "os-set_image_metadata":
        metadata = arguments.get("metadata") if isinstance(arguments, dict) else None
        if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
            raise ApiError(400, "Invalid input for field/attribute metadata. 'metadata' must be an object of strings")
        volume.image_metadata = {**(volume.image_metadata or {}), **metadata}
        volume.updated_at = call.cloud.timestamp()
        return json_response({"metadata": volume.image_metadata})
    raise ApiError(400, f"There is no such action: {action}")


def _extend(call: Call, volume: Volume, arguments: Any) -> None:
    """Grow a volume: available (or in-use from 3.42), to a larger size within the gigabytes quota."""
    new_size = arguments.get("new_size") if isinstance(arguments, dict) else None
    if isinstance(new_size, str) and new_size.isdigit():
        new_size = int(new_size)
    if not isinstance(new_size, int) or isinstance(new_size, bool) or new_size < 1:
        raise ApiError(400, f"Invalid input for field/attribute new_size. Value: {new_size}.")
    allowed = ("available", "in-use") if call.at_least("3.42") else ("available",)
    if volume.status not in allowed:
        raise ApiError(
            400,
            f"Invalid volume: Volume {volume.id} status must be {' or '.join(allowed)} to extend, "
            f"but current status is: {volume.status}.",
        )
    if new_size <= volume.size:
        raise ApiError(
            400,
            f"Invalid input received: New size for extend must be greater than current size. "
            f"(current: {volume.size}, extended: {new_size}).",
        )
    blockstore.check_quota(call.region, call.project_id, gigabytes=new_size - volume.size)
    previous, volume.status, volume.size = volume.status, "extending", new_size

    def finish() -> None:
        if volume.status == "extending":
            volume.status = previous
            volume.updated_at = call.cloud.timestamp()

    call.cloud.later(finish)


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/volumes", list_volumes),
        Route("GET", "/volumes/detail", list_volume_details),
        Route("GET", "/volumes/<volume_id>", show_volume),
        Route("POST", "/volumes", post_volume),
        Route("PUT", "/volumes/<volume_id>", update_volume),
        Route("DELETE", "/volumes/<volume_id>", delete_volume),
        Route("GET", "/volumes/<volume_id>/metadata", show_volume_metadata),
        Route("POST", "/volumes/<volume_id>/metadata", set_volume_metadata),
        Route("PUT", "/volumes/<volume_id>/metadata", set_volume_metadata),
        Route("DELETE", "/volumes/<volume_id>/metadata/<key>", delete_volume_metadata),
        Route("POST", "/volumes/<volume_id>/action", volume_action),
    ]
