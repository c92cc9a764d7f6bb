"""Cinder's v3 views of volumes, snapshots and volume types, field for field as a project member sees them.

Fields that depend on the microversion (`cinder/api/v3/views/volumes.py`, `.../views/snapshots.py`):

| field                                   | from | notes                                              |
|-----------------------------------------|------|----------------------------------------------------|
| volume `group_id`                       | 3.13 |                                                    |
| volume `shared_targets`, `service_uuid` | 3.48 |                                                    |
| volume `volume_type_id`                 | 3.63 |                                                    |
| volume `encryption_key_id`              | 3.64 | only for an encrypted volume                       |
| volume and snapshot `consumes_quota`    | 3.65 |                                                    |
| snapshot `group_snapshot_id`            | 3.14 | detail only                                        |
| snapshot `user_id`                      | 3.41 | detail only                                        |

Admin-only fields (`os-vol-host-attr:host`, `migration_status`, `provider_id`, `cluster_name`,
`os-vol-mig-status-attr:*`) are left out: the simulated user is a project member.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..model import Snapshot, Volume, VolumeType
from ..wire.http import Call

USER_VISIBLE_EXTRA_SPECS = ("RESKEY:availability_zones", "multiattach", "replication_enabled")
"""The extra specs Cinder shows to a non-admin (`cinder/api/views/types.py`)."""


def links(call: Call, collection: str, row_id: str) -> list[dict[str, str]]:
    """The self link (versioned, with the project) and the bookmark link (unversioned)."""
    versioned = f"{call.base_url}/{collection}/{row_id}"
    bookmark = versioned.replace(f"/v3/{call.project_id}/", f"/{call.project_id}/", 1)
    return [{"href": versioned, "rel": "self"}, {"href": bookmark, "rel": "bookmark"}]


def volume_summary(call: Call, volume: Volume) -> dict[str, Any]:
    return {"id": volume.id, "name": volume.name, "links": links(call, "volumes", volume.id)}


def volume_detail(call: Call, volume: Volume) -> dict[str, Any]:
    """The detail view: `bootable` a string, attachments only when attached, image metadata only when carried."""
    view: dict[str, Any] = {
        "id": volume.id,
        "status": volume.status,
        "size": volume.size,
        "availability_zone": volume.availability_zone,
        "created_at": volume.created_at,
        "updated_at": volume.updated_at,
        "name": volume.name,
        "description": volume.description,
        "volume_type": volume.volume_type,
        "snapshot_id": volume.snapshot_id,
        "source_volid": volume.source_volid,
        "metadata": dict(volume.metadata),
        "links": links(call, "volumes", volume.id),
        "user_id": volume.user_id,
        "bootable": str(volume.bootable).lower(),
        "encrypted": volume.encrypted,
        "replication_status": "disabled",
        "consistencygroup_id": None,
        "multiattach": volume.multiattach,
        "attachments": [
            {
                "id": volume.id,
                "attachment_id": attachment.id,
                "volume_id": volume.id,
                "server_id": attachment.server_id,
                "host_name": None,
                "device": attachment.device,
                "attached_at": attachment.attached_at,
            }
            for attachment in volume.attachments
        ],
        "os-vol-tenant-attr:tenant_id": volume.project_id,
    }
    if volume.image_metadata is not None:
        view["volume_image_metadata"] = dict(volume.image_metadata)
    if call.at_least("3.13"):
        view["group_id"] = None
    if call.at_least("3.48"):
        view["shared_targets"] = True
        view["service_uuid"] = service_uuid(call.region.name)
    if call.at_least("3.63"):
        kind = call.region.volume_type_named(volume.volume_type)
        view["volume_type_id"] = kind.id if kind else None
    if call.at_least("3.64") and volume.encrypted:
        view["encryption_key_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"cinder-key/{volume.id}"))
    if call.at_least("3.65"):
        view["consumes_quota"] = True
    return view


def service_uuid(region: str) -> str:
    """The id of the (one) cinder-volume service of a region, stable across runs."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cinder-volume/{region}"))


def snapshot_summary(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "created_at": snapshot.created_at,
        "updated_at": snapshot.updated_at,
        "name": snapshot.name,
        "description": snapshot.description,
        "volume_id": snapshot.volume_id,
        "status": snapshot.status,
        "size": snapshot.size,
        "metadata": dict(snapshot.metadata),
    }


def snapshot_detail(call: Call, snapshot: Snapshot, *, extended: bool = True) -> dict[str, Any]:
    """The snapshot view; the `os-extended-snapshot-attributes:*` fields only where Cinder's extension adds them,
    on show and detail listings, not on create or update (`cinder/api/contrib/extended_snapshot_attributes.py`)."""
    view = snapshot_summary(snapshot)
    if extended:
        view["os-extended-snapshot-attributes:progress"] = snapshot.progress
        view["os-extended-snapshot-attributes:project_id"] = snapshot.project_id
    if call.at_least("3.14"):
        view["group_snapshot_id"] = None
    if call.at_least("3.41"):
        view["user_id"] = snapshot.user_id
    if call.at_least("3.65"):
        view["consumes_quota"] = True
    return view


def volume_type_view(kind: VolumeType) -> dict[str, Any]:
    return {
        "id": kind.id,
        "name": kind.name,
        "is_public": kind.is_public,
        "description": kind.description,
        "extra_specs": {key: value for key, value in kind.extra_specs.items() if key in USER_VISIBLE_EXTRA_SPECS},
        "os-volume-type-access:is_public": kind.is_public,
    }
