"""What Cinder tells a project about where and how much it may create: volume types, AZs, limits, quota sets.

Quota numbers come from `RegionState.quotas` and usage from `blockstore.usage`, the same figures that make
`blockstore.check_quota` answer 413, so a client's pre-flight check and the refusal agree.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..state import DEFAULT_QUOTAS
from ..wire.http import ApiError, Call, json_response
from ..wire.service import Route
from . import blockstore
from .listing import strict_bool
from .views import volume_type_view

BACKUP_DEFAULTS = {"backups": 10, "backup_gigabytes": 1000, "groups": 10, "per_volume_gigabytes": -1}
"""Cinder's default quotas for what the simulation does not model (backups, groups)."""


def list_volume_types(call: Call) -> Response:
    """The volume types by `is_public` (absent: public ones; `none`: all), as Cinder's `_parse_is_public` reads it."""
    is_public = call.query("is_public")
    wanted: bool | None = True
    if is_public is not None and is_public.strip().lower() == "none":
        wanted = None
    elif is_public is not None:
        try:
            wanted = strict_bool(is_public, "is_public")
        except ApiError:
            raise ApiError(400, f"Invalid is_public filter [{is_public}]") from None
    kinds = [kind for kind in call.region.volume_types if wanted is None or kind.is_public == wanted]
    return json_response({"volume_types": [volume_type_view(kind) for kind in kinds]})


def show_volume_type(call: Call, type_id: str) -> Response:
    """One volume type by id; `default` names the default type, as in Cinder."""
    region = call.region
    kind = region.volume_type_named("__DEFAULT__") if type_id == "default" else region.volume_types.get(type_id)
    if kind is None:
        raise ApiError(404, f"Volume type {type_id} could not be found.")
    return json_response({"volume_type": volume_type_view(kind)})


def list_availability_zones(call: Call) -> Response:
    zones = [{"zoneName": zone, "zoneState": {"available": True}} for zone in call.region.availability_zones]
    return json_response({"availabilityZoneInfo": zones})


def show_limits(call: Call) -> Response:
    """Cinder's absolute limits: quotas as `maxTotal*`, usage as `total*Used`; no rate limits."""
    quotas = call.region.quotas
    used = blockstore.usage(call.region, call.project_id)
    absolute = {
        "totalSnapshotsUsed": used["snapshots"],
        "maxTotalBackups": quotas.get("backups", BACKUP_DEFAULTS["backups"]),
        "maxTotalVolumeGigabytes": quotas["gigabytes"],
        "maxTotalSnapshots": quotas["snapshots"],
        "maxTotalBackupGigabytes": quotas.get("backup_gigabytes", BACKUP_DEFAULTS["backup_gigabytes"]),
        "totalBackupGigabytesUsed": 0,
        "maxTotalVolumes": quotas["volumes"],
        "totalVolumesUsed": used["volumes"],
        "totalBackupsUsed": 0,
        "totalGigabytesUsed": used["gigabytes"],
    }
    return json_response({"limits": {"rate": [], "absolute": absolute}})


def _quota_values(call: Call) -> dict[str, tuple[int, int]]:
    """Each quota resource with its (limit, in_use), per-type resources unlimited as Cinder's defaults are."""
    quotas = call.region.quotas
    used = blockstore.usage(call.region, call.project_id)
    values = {name: (quotas[name], used[name]) for name in ("volumes", "snapshots", "gigabytes")}
    for name in ("backups", "backup_gigabytes", "groups", "per_volume_gigabytes"):
        values[name] = (quotas.get(name, BACKUP_DEFAULTS[name]), 0)
    for kind in call.region.volume_types:
        volumes = [v for v in call.region.volumes if v.project_id == call.project_id and v.volume_type == kind.name]
        snapshots = [
            s
            for s in call.region.snapshots
            if s.project_id == call.project_id and s.volume_id in {v.id for v in volumes}
        ]
        values[f"volumes_{kind.name}"] = (-1, len(volumes))
        values[f"snapshots_{kind.name}"] = (-1, len(snapshots))
        values[f"gigabytes_{kind.name}"] = (-1, sum(v.size for v in volumes) + sum(s.size for s in snapshots))
    return values


def show_quota_set(call: Call, project_id: str) -> Response:
    """The project's quotas, each `{"limit", "in_use", "reserved"}` with `?usage=true`; only for its own project."""
    if project_id != call.project_id:
        raise ApiError(403, "Policy doesn't allow volume_extension:quotas:show to be performed.")
    usage = strict_bool(call.query("usage") or "false", "usage")
    body: dict[str, Any] = {"id": project_id}
    for name, (limit, in_use) in _quota_values(call).items():
        body[name] = {"limit": limit, "in_use": in_use, "reserved": 0} if usage else limit
    return json_response({"quota_set": body})


def show_default_quota_set(call: Call, project_id: str) -> Response:
    """The quotas a new project gets (`DEFAULT_QUOTAS`), whatever this project's have been set to."""
    body: dict[str, Any] = {"id": project_id}
    for name, (limit, _) in _quota_values(call).items():
        body[name] = DEFAULT_QUOTAS.get(name, limit)
    return json_response({"quota_set": body})


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/types", list_volume_types),
        Route("GET", "/types/<type_id>", show_volume_type),
        Route("GET", "/os-availability-zone", list_availability_zones),
        Route("GET", "/limits", show_limits),
        Route("GET", "/os-quota-sets/<project_id>", show_quota_set),
        Route("GET", "/os-quota-sets/<project_id>/defaults", show_default_quota_set),
    ]
