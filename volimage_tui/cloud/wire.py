"""OpenStack's JSON, as the services send it, into core models: one small function per resource.

Bulk listings skip openstacksdk's Resource objects (about 2 s per 1,000 volumes) and come here instead, so every
field read below is one the services' API references document, with the defaults a missing key means.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..core.models import (
    Flavor,
    Image,
    KeyPair,
    Limits,
    Network,
    SecurityGroup,
    Server,
    Snapshot,
    Volume,
    VolumeAttachment,
)

Json = Mapping[str, Any]

IMAGE_BASE_KEYS = frozenset(
    {
        "id", "name", "status", "visibility", "size", "virtual_size", "disk_format", "container_format",
        "min_disk", "min_ram", "protected", "os_hidden", "owner", "tags", "created_at", "updated_at", "checksum",
        "os_hash_algo", "os_hash_value", "self", "file", "schema", "locations", "direct_url", "stores",
    }
)  # fmt: skip
"""Glance's own attributes; every other top-level key of an image is a property."""


def volume(data: Json) -> Volume:
    return Volume(
        id=data["id"],
        name=data.get("name") or "",
        status=data.get("status") or "",
        size=int(data.get("size") or 0),
        bootable=str(data.get("bootable", "false")).lower() == "true",
        availability_zone=data.get("availability_zone") or "",
        volume_type=data.get("volume_type") or "",
        attachments=tuple(
            VolumeAttachment(
                server_id=item.get("server_id") or "",
                device=item.get("device") or "",
                attachment_id=item.get("attachment_id") or "",
            )
            for item in data.get("attachments") or ()
        ),
        image_metadata=_strings(data.get("volume_image_metadata")),
        snapshot_id=data.get("snapshot_id") or None,
        source_volume_id=data.get("source_volid") or None,
        description=data.get("description") or "",
        created_at=data.get("created_at") or "",
        multiattach=bool(data.get("multiattach")),
        encrypted=bool(data.get("encrypted")),
    )


def snapshot(data: Json) -> Snapshot:
    return Snapshot(
        id=data["id"],
        name=data.get("name") or "",
        status=data.get("status") or "",
        size=int(data.get("size") or 0),
        volume_id=data.get("volume_id") or "",
        description=data.get("description") or "",
        created_at=data.get("created_at") or "",
        progress=data.get("os-extended-snapshot-attributes:progress") or "",
        metadata=_strings(data.get("metadata")),
    )


def image(data: Json) -> Image:
    return Image(
        id=data["id"],
        name=data.get("name") or "",
        status=data.get("status") or "",
        visibility=data.get("visibility") or "private",
        size=data.get("size"),
        disk_format=data.get("disk_format"),
        container_format=data.get("container_format"),
        min_disk=int(data.get("min_disk") or 0),
        min_ram=int(data.get("min_ram") or 0),
        protected=bool(data.get("protected")),
        owner=data.get("owner") or "",
        tags=tuple(data.get("tags") or ()),
        properties={key: _text(value) for key, value in data.items() if key not in IMAGE_BASE_KEYS},
        created_at=data.get("created_at") or "",
    )


def server(data: Json) -> Server:
    image_ref = data.get("image")
    flavor_ref = data.get("flavor") or {}
    fault = data.get("fault") or {}
    return Server(
        id=data["id"],
        name=data.get("name") or "",
        status=data.get("status") or "",
        flavor_id=str(flavor_ref.get("id") or flavor_ref.get("original_name") or ""),
        image_id=image_ref.get("id", "") if isinstance(image_ref, dict) else "",
        availability_zone=data.get("OS-EXT-AZ:availability_zone") or "",
        fault=str(fault.get("message") or ""),
        volume_ids=tuple(item["id"] for item in data.get("os-extended-volumes:volumes_attached") or ()),
        addresses={
            network: tuple(address.get("addr", "") for address in addresses)
            for network, addresses in (data.get("addresses") or {}).items()
        },
        created_at=data.get("created") or "",
        metadata=_strings(data.get("metadata")),
    )


def flavor(data: Json) -> Flavor:
    return Flavor(
        id=str(data["id"]),
        name=data.get("name") or "",
        ram=int(data.get("ram") or 0),
        vcpus=int(data.get("vcpus") or 0),
        disk=int(data.get("disk") or 0),
        ephemeral=int(data.get("OS-FLV-EXT-DATA:ephemeral") or 0),
        swap=int(data.get("swap") or 0),
    )


def network(data: Json) -> Network:
    return Network(
        id=data["id"],
        name=data.get("name") or "",
        status=data.get("status") or "",
        shared=bool(data.get("shared")),
        external=bool(data.get("router:external")),
        subnet_ids=tuple(data.get("subnets") or ()),
    )


def keypair(data: Json) -> KeyPair:
    inner = data.get("keypair", data)
    return KeyPair(name=inner["name"], type=inner.get("type") or "ssh", fingerprint=inner.get("fingerprint") or "")


def security_group(data: Json) -> SecurityGroup:
    return SecurityGroup(id=data["id"], name=data.get("name") or "", description=data.get("description") or "")


def limits(compute: Json, volume: Json) -> Limits:
    """Nova's and Cinder's `/limits` absolute sections; a negative maximum means unlimited."""
    return Limits(
        max_instances=_maximum(compute.get("maxTotalInstances")),
        used_instances=int(compute.get("totalInstancesUsed") or 0),
        max_cores=_maximum(compute.get("maxTotalCores")),
        used_cores=int(compute.get("totalCoresUsed") or 0),
        max_ram=_maximum(compute.get("maxTotalRAMSize")),
        used_ram=int(compute.get("totalRAMUsed") or 0),
        max_volumes=_maximum(volume.get("maxTotalVolumes")),
        used_volumes=int(volume.get("totalVolumesUsed") or 0),
        max_gigabytes=_maximum(volume.get("maxTotalVolumeGigabytes")),
        used_gigabytes=int(volume.get("totalGigabytesUsed") or 0),
        max_snapshots=_maximum(volume.get("maxTotalSnapshots")),
        used_snapshots=int(volume.get("totalSnapshotsUsed") or 0),
    )


def _maximum(value: Any) -> int | None:
    if value is None:
        return None
    number = int(value)
    return None if number < 0 else number


def _strings(value: Any) -> dict[str, str]:
    return {str(key): _text(item) for key, item in (value or {}).items()}


def _text(value: Any) -> str:
    """Glance and Cinder store strings; anything else (a hand-made image's list) is kept as its JSON text."""
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value)


def next_marker(body: Mapping[str, Any], key: str) -> str | None:
    """The marker of the next page, read from the link's query (its host may be an internal name)."""
    href = body.get("next")
    for link in body.get(f"{key}_links") or ():
        if link.get("rel") == "next":
            href = link.get("href")
    if not href:
        return None
    markers = parse_qs(urlsplit(str(href)).query).get("marker")
    return markers[0] if markers else None
