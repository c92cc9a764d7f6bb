"""The image side of a boot: what Nova reads from Glance (or a boot volume) and the checks it makes on it.

Nova's Glance client JSON-decodes `block_device_mapping` and `mappings` and nothing else, so `bdm_v2` stays
the string Glance stored and is tested by plain truthiness (`"False"` is v2: surprise S1). The decoded mapping
must then fit `ImageMetaProps.img_block_device_mapping` (a list of dicts of scalars) or the boot is a 400.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..image.listing import is_visible
from ..model import Flavor, Image, Volume
from ..wire.http import ApiError, Call
from . import bdm

JSON_PROPERTIES = ("block_device_mapping", "mappings")
"""The properties Nova's Glance client decodes from JSON text (`_CONVERT_PROPS`)."""

VOLUME_IMAGE_ATTRIBUTES = (
    "image_id",
    "image_name",
    "size",
    "checksum",
    "container_format",
    "disk_format",
    "min_ram",
    "min_disk",
)
"""What `get_image_metadata_from_volume` pops from a volume's image metadata."""

GIB = 2**30

UNEXPECTED = (
    "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if "
    "possible.\n{kind}"
)
"""nova-api's words for an exception nobody caught (the class is shown as Python prints it)."""


def unexpected(error: Exception) -> ApiError:
    """The 500 nova-api answers when `error` escapes (a bad mapping JSON, an enum its objects do not know)."""
    return ApiError(500, UNEXPECTED.format(kind=type(error)))


def glance_image(call: Call, image_id: str) -> dict[str, Any]:
    """Nova's `image_api.get`: the image as a dict; 400 when Glance has none, 500 when a mapping is not JSON."""
    image = call.region.images.get(image_id)
    if image is None or not is_visible(image, call.project_id):
        raise ApiError(400, "Can not find requested image")
    return image_meta(image)


def image_meta(image: Image) -> dict[str, Any]:
    """`_translate_from_glance`: base attributes at the top, properties beside them, JSON ones decoded."""
    properties: dict[str, Any] = dict(image.properties)
    for name in JSON_PROPERTIES:
        if isinstance(properties.get(name), str):
            try:
                properties[name] = json.loads(properties[name])
            except ValueError as error:
                raise unexpected(error) from None
    return {
        "id": image.id,
        "name": image.name,
        "status": image.status,
        "min_ram": image.min_ram,
        "min_disk": image.min_disk,
        "size": image.size,
        "disk_format": image.disk_format,
        "container_format": image.container_format,
        "properties": properties,
    }


def bdm_image(call: Call, image_id: str) -> dict[str, Any]:
    """An image a mapping names; any failure is `InvalidBDMImage`."""
    try:
        return glance_image(call, image_id)
    except ApiError:
        raise ApiError(400, f"Block Device Mapping is Invalid: failed to get image {image_id}.") from None


def image_meta_from_volume(volume: Volume) -> dict[str, Any]:
    """`get_image_metadata_from_volume`: the volume's image metadata as an image, active, sized from the volume."""
    properties: dict[str, Any] = dict(volume.image_metadata or {})
    meta: dict[str, Any] = {"properties": properties, "size": volume.size * GIB, "status": "active"}
    for name in VOLUME_IMAGE_ATTRIBUTES:
        value = properties.pop(name, None)
        if name in ("min_ram", "min_disk"):
            meta[name] = int(value or 0)
    return meta


def image_meta_from_mappings(call: Call, mappings: list[bdm.Mapping], legacy_bdm: bool) -> dict[str, Any]:
    """`get_bdm_image_metadata`: a boot without imageRef takes its image metadata from the root mapping."""
    region = call.region
    for entry in mappings:
        if legacy_bdm and _device_letter(entry.get("device_name") or "") != "a":
            continue
        if not legacy_bdm and entry.get("boot_index") != 0:
            continue
        volume_id = entry.get("volume_id")
        snapshot_id = entry.get("snapshot_id")
        if snapshot_id:
            snapshot = region.snapshots.get(snapshot_id)
            if snapshot is None or snapshot.project_id != call.project_id:
                raise ApiError(400, f"Snapshot {snapshot_id} could not be found.")
            volume_id = snapshot.volume_id
        if entry.get("image_id"):
            return bdm_image(call, entry["image_id"])
        if volume_id:
            volume = region.volumes.get(volume_id)
            if volume is None or volume.project_id != call.project_id:
                raise ApiError(400, f"Block Device Mapping is Invalid: failed to get volume {volume_id}.")
            if not volume.bootable:
                raise ApiError(400, f"Block Device {volume_id} is not bootable.")
            return image_meta_from_volume(volume)
    return {}


def check_image_metadata(meta: dict[str, Any]) -> None:
    """`ImageMeta.from_dict`: the decoded mapping must be a list of dicts of scalars, else 400."""
    mapping = meta.get("properties", {}).get("block_device_mapping")
    if mapping is None:
        return
    field = "img_block_device_mapping"
    if not isinstance(mapping, list):
        _invalid_metadata(f"A list is required in field {field}, not a {type(mapping).__name__}")
    for index, entry in enumerate(mapping):
        if not isinstance(entry, dict):
            _invalid_metadata(f"A dict is required in field {field}[{index}], not a {type(entry).__name__}")
        for key, value in entry.items():
            if value is not None and not isinstance(value, str | int | float):
                _invalid_metadata(
                    f'A string is required in field {field}[{index}]["{key}"], not a {type(value).__name__}'
                )


def _invalid_metadata(error: str) -> None:
    raise ApiError(400, f"Invalid image metadata. Error: {error}")


def root_device_name(properties: dict[str, Any]) -> str | None:
    """`properties_root_device_name`: the `root_device_name` property wins over a legacy `mappings` root."""
    name: str | None = None
    legacy = properties.get("mappings")
    if isinstance(legacy, list):
        for entry in legacy:
            if isinstance(entry, dict) and entry.get("virtual") == "root":
                name = entry.get("device")
    if "root_device_name" in properties:
        name = properties["root_device_name"]
    return name


def image_defined_mappings(meta: dict[str, Any], flavor: Flavor, root_name: str) -> list[bdm.Mapping]:
    """`_get_image_defined_bdms`: v2 entries taken as they are, legacy ones converted around the root name."""
    properties = meta.get("properties", {})
    entries = properties.get("block_device_mapping") or []
    if not properties.get("bdm_v2", False):
        mappings = bdm.from_legacy_mapping(entries, None, root_name)
    else:
        mappings = [bdm.block_device_dict(entry) for entry in entries]
    legacy_mappings = properties.get("mappings")
    if legacy_mappings:
        mappings = bdm.merge(_ec2_mappings(legacy_mappings, flavor), mappings)
    return mappings


def _ec2_mappings(legacy: Any, flavor: Flavor) -> list[bdm.Mapping]:
    """`_prepare_image_mapping`: EC2 `mappings` swap/ephemeral entries as blank local disks sized by the flavor."""
    prepared: list[bdm.Mapping] = []
    for entry in legacy if isinstance(legacy, list) else []:
        virtual = str(entry.get("virtual", "")) if isinstance(entry, dict) else ""
        if virtual != "swap" and not virtual.startswith("ephemeral"):
            continue
        guest_format = "swap" if virtual == "swap" else None
        size = flavor.swap if virtual == "swap" else flavor.ephemeral
        if not size:
            continue
        prepared.append(
            bdm.block_device_dict(
                {
                    "source_type": "blank",
                    "destination_type": "local",
                    "device_name": entry.get("device"),
                    "guest_format": guest_format,
                    "delete_on_termination": True,
                    "boot_index": -1,
                    "volume_size": size,
                }
            )
        )
    return prepared


def check_flavor_image(image_id: str, meta: dict[str, Any], flavor: Flavor, root: bdm.Mapping | None) -> None:
    """`_validate_flavor_image`: status, config drive, `min_ram` always, `min_disk` against what will hold root."""
    if not meta:
        return
    if meta.get("status") != "active":
        raise ApiError(400, f"Image {image_id} is not active.")
    config_drive = meta.get("properties", {}).get("img_config_drive", "optional")
    if config_drive not in ("optional", "mandatory"):
        raise ApiError(400, f"Image's config drive option '{config_drive}' is invalid")
    if flavor.ram < int(meta.get("min_ram") or 0):
        raise ApiError(400, "Flavor's memory is too small for requested image.")
    min_disk = int(meta.get("min_disk") or 0) * GIB
    if root is not None and bdm.is_volume(root):
        if root.get("volume_size") is not None:
            size = int(root["volume_size"]) * GIB
            if min_disk > size:
                raise ApiError(
                    400,
                    "Volume is smaller than the minimum size specified in image metadata. Volume size is "
                    f"{size} bytes, minimum size is {min_disk} bytes.",
                )
        return
    disk = flavor.disk * GIB
    image_size = int(meta.get("size") or 0)
    if disk == 0:
        raise ApiError(403, "Only volume-backed servers are allowed for flavors with zero disk.")
    if image_size > disk:
        raise ApiError(
            400,
            f"Flavor's disk is too small for requested image. Flavor disk is {disk} bytes, image is "
            f"{image_size} bytes.",
        )
    if min_disk > disk:
        raise ApiError(
            400,
            "Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is "
            f"{disk} bytes, minimum size is {min_disk} bytes.",
        )


def _device_letter(device_name: str) -> str:
    name = re.sub(r"^/dev/", "", device_name)
    name = re.sub(r"^((x?v|s|h)d)", "", name)
    return re.sub(r"\d+", "", name)
