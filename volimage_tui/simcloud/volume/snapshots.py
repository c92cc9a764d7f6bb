"""Cinder's snapshot API (`cinder/api/v3/snapshots.py`): list, show, create with the force rules, update, delete.

The force rules of `POST /snapshots`:

| microversion | volume in-use, no `force` | `force: true` | `force: false` |
|--------------|---------------------------|---------------|----------------|
| below 3.66   | 400 (volume must be available) | created  | 400 when in-use |
| 3.66 and up  | created                   | created (ignored) | 400 (the flag is invalid) |
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..model import Snapshot
from ..wire.http import ApiError, Call, empty_response, json_response
from ..wire.service import Route
from . import blockstore
from .create import UUID_PATTERN, validate_metadata
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
from .views import snapshot_detail, snapshot_summary

SNAPSHOT_FILTERS = ("name", "status", "volume_id", "metadata", "availability_zone")
"""What a non-admin may filter snapshots by from 3.31 (Cinder's `resource_filters.json`)."""

LEGACY_SNAPSHOT_FILTERS = {**dict.fromkeys(("status", "volume_id", "name"), "3.0"), "metadata": "3.22"}
"""What Cinder keeps below 3.31 (`_get_snapshot_filter_options`); `metadata` only from 3.22
(`MV_ADDED_FILTERS` in `cinder/api/v3/snapshots.py`): below, a metadata filter is dropped and every snapshot is
listed, the trap that once made a rollback delete a project's snapshots."""

SNAPSHOT_FIELDS = ("name", "display_name", "description", "display_description", "volume_id", "force", "metadata")
"""The keys Cinder's snapshot create schema allows (`additionalProperties: false`)."""

FORCE_INVALID = (
    "Since microversion 3.66 the 'force' flag is invalid for this request. For backward compatability, however, "
    "when the 'force' flag is passed with a value evaluating to True, it is silently ignored."
)

SNAPSHOT_SORT_KEYS: dict[str, Any] = {
    "id": lambda s: s.id,
    "name": lambda s: s.name,
    "status": lambda s: s.status,
    "size": lambda s: s.size,
    "volume_id": lambda s: s.volume_id,
    "updated_at": lambda s: s.updated_at,
    "project_id": lambda s: s.project_id,
}


def owned_snapshot(call: Call, snapshot_id: str) -> Snapshot:
    snapshot = blockstore.find_snapshot(call.region, snapshot_id)
    if snapshot.project_id != call.project_id:
        raise ApiError(404, f"Snapshot {snapshot_id} could not be found.")
    return snapshot


def _snapshot_filter(call: Call, query: ListQuery) -> Any:
    project = call.project_id
    checks: list[Any] = [lambda snapshot: snapshot.project_id == project]
    for key, text in query.filters.items():
        like = key.endswith("~")
        name = key.rstrip("~")
        if name == "metadata":
            wanted = literal(text)
            if not isinstance(wanted, dict):
                return lambda snapshot: False
            checks.append(lambda s, w=wanted: all(s.metadata.get(str(k)) == str(v) for k, v in w.items()))
        elif name == "availability_zone":
            zones = {volume.id: volume.availability_zone for volume in call.region.volumes}
            checks.append(lambda s, t=text, z=zones, lk=like: text_matches(z.get(s.volume_id), t, like=lk))
        else:
            checks.append(lambda s, t=text, n=name, lk=like: text_matches(getattr(s, n), t, like=lk))
    return lambda snapshot: all(check(snapshot) for check in checks)


def _list_snapshots(call: Call, *, detail: bool) -> Response:
    query = read_list_query(call, allowed=SNAPSHOT_FILTERS, legacy=LEGACY_SNAPSHOT_FILTERS)
    table = call.region.snapshots
    ordering = Ordering(
        row_id=lambda s: s.id,
        position=table.position,
        sort_keys=SNAPSHOT_SORT_KEYS,
        not_found=lambda marker: ApiError(404, f"Snapshot {marker} could not be found."),
    )
    page, count = page_of(table.newest_first(), query, ordering, _snapshot_filter(call, query))
    body: dict[str, Any] = {"snapshots": [snapshot_detail(call, s) if detail else snapshot_summary(s) for s in page]}
    links = collection_links(call, "snapshots/detail" if detail else "snapshots", page, query, count, lambda s: s.id)
    if links:
        body["snapshots_links"] = links
    if count is not None:
        body["count"] = count
    return json_response(body)


def list_snapshots(call: Call) -> Response:
    return _list_snapshots(call, detail=False)


def list_snapshot_details(call: Call) -> Response:
    return _list_snapshots(call, detail=True)


def show_snapshot(call: Call, snapshot_id: str) -> Response:
    return json_response({"snapshot": snapshot_detail(call, owned_snapshot(call, snapshot_id))})


def post_snapshot(call: Call) -> Response:
    """Snapshot a volume; an in-use one needs `force` below 3.66 and must not be refused `force` from 3.66."""
    request = call.body("snapshot")
    unexpected = [key for key in request if key not in SNAPSHOT_FIELDS]
    if unexpected:
        raise ApiError(
            400,
            f"Additional properties are not allowed ({', '.join(map(repr, unexpected))} "
            f"{'was' if len(unexpected) == 1 else 'were'} unexpected)",
        )
    volume_id = request.get("volume_id")
    if not isinstance(volume_id, str) or not UUID_PATTERN.match(volume_id):
        raise ApiError(
            400, f"Invalid input for field/attribute volume_id. Value: {volume_id}. {volume_id!r} is not a 'uuid'"
        )
    volume = blockstore.find_volume(call.region, volume_id)
    if volume.project_id != call.project_id:
        raise ApiError(404, f"Volume {volume_id} could not be found.")
    force = False
    if request.get("force") is not None:
        force = strict_bool(request["force"], "force")
        if call.at_least("3.66") and not force:
            raise ApiError(400, FORCE_INVALID)
    if call.at_least("3.66"):
        force = True
    if request.get("metadata") is not None:
        validate_metadata(request["metadata"])
    snapshot = blockstore.create_snapshot(
        call.cloud,
        call.region,
        volume,
        project_id=call.project_id,
        user_id=call.user_id,
        name=request.get("name", request.get("display_name")) or "",
        description=request.get("description", request.get("display_description")),
        force=force,
        metadata=request.get("metadata"),
    )
    return json_response({"snapshot": snapshot_detail(call, snapshot, extended=False)}, status=202)


def update_snapshot(call: Call, snapshot_id: str) -> Response:
    changes = call.body("snapshot")
    snapshot = owned_snapshot(call, snapshot_id)
    for field in ("name", "description"):
        legacy = f"display_{field}"
        if field in changes or legacy in changes:
            setattr(snapshot, field, changes.get(field, changes.get(legacy)))
    snapshot.updated_at = call.cloud.timestamp()
    return json_response({"snapshot": snapshot_detail(call, snapshot, extended=False)})


def delete_snapshot(call: Call, snapshot_id: str) -> Response:
    blockstore.delete_snapshot(call.cloud, call.region, owned_snapshot(call, snapshot_id))
    return empty_response(202)


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/snapshots", list_snapshots),
        Route("GET", "/snapshots/detail", list_snapshot_details),
        Route("POST", "/snapshots", post_snapshot),
        Route("GET", "/snapshots/<snapshot_id>", show_snapshot),
        Route("PUT", "/snapshots/<snapshot_id>", update_snapshot),
        Route("DELETE", "/snapshots/<snapshot_id>", delete_snapshot),
    ]
