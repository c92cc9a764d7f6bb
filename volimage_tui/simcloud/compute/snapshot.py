"""Nova's server snapshots (`createImage`): what it remembers of the image at boot, and the image it writes.

A volume-backed server's snapshot is a Nova placeholder (OPENSTACK.md section 1): every volume is snapshotted
in Cinder (forced, not waited for) and an active, zero-byte raw/bare image carries the mapping to those
snapshots as JSON text, `bdm_v2` "True" and `root_device_name`. Its other properties come from the system
metadata Nova stored at *boot*, never from the volume's current metadata. `nova_placeholder_image` writes that
image and is also what the seed uses for its Nova-made placeholder.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..model import BlockDevice, Flavor, Image, Server, Snapshot
from ..state import CloudState, RegionState
from ..volume import blockstore
from ..wire.http import ApiError, Call
from .boot_image import image_meta, image_meta_from_volume

SKIPPED_KEYS = ("mappings", "block_device_mapping", "img_mappings", "img_block_device_mapping")
"""`SM_SKIP_KEYS`: never copied into system metadata nor back out of it."""
INHERITABLE_KEYS = ("min_ram", "min_disk", "disk_format", "container_format")
"""`SM_INHERITABLE_KEYS`: image attributes (not properties) that a snapshot inherits."""
NON_INHERITABLE_PROPERTIES = (
    "cache_in_nova",
    "bittorrent",
    "cinder_encryption_key_id",
    "cinder_encryption_key_deletion_policy",
    "img_signature",
    "img_signature_hash_method",
    "img_signature_key_type",
    "img_signature_certificate_uuid",
)
BOOT_ROLES = "member,reader"
"""The roles of the tokens the simulated Keystone issues, which Nova records as `boot_roles`."""
MAPPING_KEYS = (
    "source_type",
    "destination_type",
    "guest_format",
    "device_type",
    "disk_bus",
    "boot_index",
    "device_name",
    "delete_on_termination",
    "snapshot_id",
    "volume_id",
    "volume_size",
    "image_id",
    "no_device",
    "tag",
    "volume_type",
    "encrypted",
    "encryption_secret_uuid",
    "encryption_format",
    "encryption_options",
)
"""The 19 keys of `BlockDeviceDict.get_image_mapping()`, unset ones null."""
EMPTY_MD5 = hashlib.md5(b"").hexdigest()  # noqa: S324 - Glance's checksum algorithm
EMPTY_SHA512 = hashlib.sha512(b"").hexdigest()


def boot_system_metadata(call: Call, boot_meta: dict[str, Any], flavor: Flavor, image_ref: str) -> dict[str, str]:
    """What Nova stores on a new server about its image and its caller."""
    user = call.cloud.users.get(call.user_id)
    project = call.cloud.projects.get(call.project_id)
    return system_metadata(
        boot_meta, flavor, image_ref, user.name if user else "", project.name if project else "", BOOT_ROLES
    )


def system_metadata(
    boot_meta: dict[str, Any], flavor: Flavor, image_ref: str, user_name: str, project_name: str, roles: str
) -> dict[str, str]:
    """`get_system_metadata_from_image` plus the owner keys: properties truncated to 255 bytes, min_disk raised."""
    stored: dict[str, str] = {}
    for key, value in boot_meta.get("properties", {}).items():
        if key not in SKIPPED_KEYS:
            stored[f"image_{key}"] = _truncate(str(value))
    for key in INHERITABLE_KEYS:
        value = boot_meta.get(key)
        if key == "min_disk":
            value = flavor.disk if boot_meta.get("disk_format") == "vhd" else max(int(value or 0), flavor.disk)
        if value is not None:
            stored[f"image_{key}"] = str(value)
    stored.setdefault("image_base_image_ref", image_ref)
    stored.update(owner_user_name=user_name, owner_project_name=project_name, boot_roles=roles)
    return stored


def server_system_metadata(cloud: CloudState, region: RegionState, server: Server) -> dict[str, str]:
    """The server's stored system metadata; for a seeded server without any, what its boot would have stored."""
    if server.system_metadata:
        return server.system_metadata
    flavor = region.flavors.get(server.flavor_id) or Flavor(id="", name="", ram=0, vcpus=0, disk=0)
    boot_meta: dict[str, Any] = {}
    image = region.images.get(server.image_id) if server.image_id else None
    root = next((d for d in server.block_devices if d.boot_index == 0), None)
    root_volume = region.volumes.get(root.volume_id or "") if root else None
    if image is not None:
        boot_meta = image_meta(image)
    elif root_volume is not None:
        boot_meta = image_meta_from_volume(root_volume)
    user = cloud.users.get(server.user_id)
    project = cloud.projects.get(server.project_id)
    return system_metadata(
        boot_meta, flavor, server.image_id, user.name if user else "", project.name if project else "", BOOT_ROLES
    )


def inherited_image(
    stored: dict[str, str], extra_properties: dict[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """`initialize_instance_snapshot_metadata`: (inherited attributes, properties) for a snapshot image."""
    attributes: dict[str, str] = {}
    properties: dict[str, str] = {}
    for key, value in stored.items():
        name = key.removeprefix("image_")
        if name in SKIPPED_KEYS:
            continue
        if name in INHERITABLE_KEYS:
            attributes[name] = value
        else:
            properties[name] = value
    for name in NON_INHERITABLE_PROPERTIES:
        properties.pop(name, None)
    for name in [key for key in properties if key.startswith("os_glance")]:
        del properties[name]
    properties.update(extra_properties or {})
    return attributes, properties


def snapshot_volume_backed(call: Call, server: Server, name: str, metadata: dict[str, str]) -> Image:
    """`snapshot_volume_backed`: force-snapshot every volume, then write the placeholder (snapshots not awaited)."""
    region = call.region
    volumes = [region.volumes.get(d.volume_id or "") for d in server.block_devices if d.destination_type == "volume"]
    attached = [volume for volume in volumes if volume is not None]
    used = blockstore.usage(region, call.project_id)["snapshots"]
    if attached and used + len(attached) > region.quotas["snapshots"] >= 0:
        raise ApiError(403, "Quota exceeded for resources: snapshots")
    snapshots: dict[str, Snapshot] = {}
    for volume in attached:
        try:
            snapshots[volume.id] = blockstore.create_snapshot(
                call.cloud,
                region,
                volume,
                project_id=call.project_id,
                user_id=call.user_id,
                name=f"snapshot for {name}",
                description=volume.description,
                force=True,
            )
        except ApiError as refusal:
            raise ApiError(403 if refusal.status == 413 else 400, refusal.message) from None
    return nova_placeholder_image(call.cloud, region, server, name, snapshots, extra_properties=metadata)


def nova_placeholder_image(
    cloud: CloudState,
    region: RegionState,
    server: Server,
    name: str,
    snapshots: dict[str, Snapshot],
    *,
    extra_properties: dict[str, str] | None = None,
) -> Image:
    """Write the image Nova makes for a volume-backed server whose volumes were snapshotted into `snapshots`.

    Args:
        snapshots: the new snapshot of each volume, by volume id; volume mappings without one are left out.
    """
    attributes, properties = inherited_image(server_system_metadata(cloud, region, server), extra_properties)
    for key in ("block_device_mapping", "bdm_v2", "root_device_name"):
        properties.pop(key, None)
    if server.root_device_name:
        properties["root_device_name"] = server.root_device_name
    local = [image_mapping(d) for d in server.block_devices if d.destination_type != "volume"]
    from_snapshots = [
        snapshot_mapping(snapshots[d.volume_id].id, d)
        for d in server.block_devices
        if d.destination_type == "volume" and d.volume_id in snapshots
    ]
    mapping = local + from_snapshots
    if mapping:
        properties["block_device_mapping"] = json.dumps(mapping)
        properties["bdm_v2"] = "True"
    for key in ("kernel_id", "ramdisk_id"):
        if properties.get(key, "x").strip().lower() in ("none", ""):
            properties.pop(key)
    now = cloud.timestamp()
    image = Image(
        id=cloud.new_id(),
        name=name,
        status="active",
        owner=server.project_id,
        created_at=now,
        updated_at=now,
        visibility="private",
        disk_format="raw",
        container_format="bare",
        min_disk=int(attributes.get("min_disk") or 0),
        min_ram=int(attributes.get("min_ram") or 0),
        size=0,
        checksum=EMPTY_MD5,
        os_hash_algo="sha512",
        os_hash_value=EMPTY_SHA512,
        properties={key: str(value) for key, value in properties.items()},
    )
    region.images.add(image.id, image)
    return image


def image_mapping(device: BlockDevice) -> dict[str, Any]:
    """`get_image_mapping()` of a mapping: the 19 keys, unset ones null."""
    values: dict[str, Any] = {
        "source_type": device.source_type,
        "destination_type": device.destination_type,
        "guest_format": device.guest_format,
        "device_type": device.device_type,
        "disk_bus": device.disk_bus,
        "boot_index": device.boot_index,
        "device_name": device.device_name,
        "delete_on_termination": device.delete_on_termination,
        "snapshot_id": device.snapshot_id,
        "volume_id": device.volume_id,
        "volume_size": device.volume_size,
        "image_id": device.image_id,
        "tag": device.tag,
        "volume_type": device.volume_type,
    }
    return {key: values.get(key) for key in MAPPING_KEYS}


def snapshot_mapping(snapshot_id: str, device: BlockDevice) -> dict[str, Any]:
    """`snapshot_from_bdm`: snapshot->volume, copying only bus, type, boot index, delete flag, size and name."""
    values = dict.fromkeys(MAPPING_KEYS)
    values.update(
        source_type="snapshot",
        destination_type="volume",
        snapshot_id=snapshot_id,
        disk_bus=device.disk_bus,
        device_type=device.device_type,
        boot_index=device.boot_index,
        delete_on_termination=device.delete_on_termination,
        volume_size=device.volume_size,
        device_name=device.device_name,
    )
    return values


def snapshot_image_backed(call: Call, server: Server, name: str, metadata: dict[str, str]) -> Image:
    """`snapshot`: a queued image that the compute host uploads into (active after the delay)."""
    cloud, region = call.cloud, call.region
    attributes, properties = inherited_image(server_system_metadata(cloud, region, server), metadata)
    properties = {**properties, "instance_uuid": server.id, "user_id": call.user_id, "image_type": "snapshot"}
    now = cloud.timestamp()
    image = Image(
        id=cloud.new_id(),
        name=name,
        status="queued",
        owner=server.project_id,
        created_at=now,
        updated_at=now,
        visibility="private",
        min_disk=int(attributes.get("min_disk") or 0),
        min_ram=int(attributes.get("min_ram") or 0),
        properties=properties,
    )
    region.images.add(image.id, image)
    server.task_state = "image_snapshot"
    base = region.images.get(server.image_id)

    def uploaded() -> None:
        image.status = "active"
        image.disk_format, image.container_format = "qcow2", "bare"
        image.size = base.size if base is not None else 0
        image.checksum = base.checksum if base is not None else EMPTY_MD5
        image.os_hash_algo = "sha512"
        image.os_hash_value = base.os_hash_value if base is not None else EMPTY_SHA512
        image.updated_at = cloud.timestamp()
        if server.task_state == "image_snapshot":
            server.task_state = None

    cloud.later(uploaded)
    return image


def _truncate(text: str, limit: int = 255) -> str:
    """`safe_truncate`: at most `limit` UTF-8 bytes, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
