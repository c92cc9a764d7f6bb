"""Cinder's `POST /volumes`: read the request the way `cinder/api/v3/volumes.py` does, then create through blockstore.

A volume is made from exactly one source, chosen in Cinder's order:

| request                              | source                                                          |
|--------------------------------------|-----------------------------------------------------------------|
| `snapshot_id`                           | that snapshot (404 when unknown; 400 when not `available`)      |
| `source_volid`                          | a clone of that volume                                         |
| `imageRef` of a Nova placeholder, 3.46+ | the snapshot its root mapping names (snapshot, `boot_index == 0`) |
| any other `imageRef`                    | the image: bootable, with `volume_image_metadata`              |
| nothing                                 | a blank volume                                                 |
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Image, Snapshot, Volume
from ..wire.http import ApiError, Call
from . import blockstore
from .listing import strict_bool

UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
GIB = 2**30
SERVER_FAULT = "The server has either erred or is incapable of performing the requested operation."


def create_volume(call: Call, request: dict[str, Any]) -> Volume:
    """Create the volume a `{"volume": {...}}` body asks for, with Cinder's checks and words."""
    _validate(call, request)
    size = _size(request.get("size"))
    snapshot = blockstore.find_snapshot(call.region, request["snapshot_id"]) if request.get("snapshot_id") else None
    source = blockstore.find_volume(call.region, request["source_volid"]) if request.get("source_volid") else None
    image: Image | None = None
    image_ref = request.get("imageRef", request.get("image_id"))
    if image_ref is not None:
        image = _image_from_ref(call, str(image_ref))
        image_snapshot = _placeholder_snapshot(call, image)
        if image_snapshot is not None and call.at_least("3.46"):
            snapshot, image = image_snapshot, None
    common: dict[str, Any] = {
        "project_id": call.project_id,
        "user_id": call.user_id,
        "name": request.get("name") or "",
        "description": request.get("description"),
        "volume_type": request.get("volume_type"),
        "availability_zone": request.get("availability_zone"),
        "metadata": request.get("metadata") or {},
    }
    if snapshot is not None:
        volume = blockstore.create_volume(call.cloud, call.region, size=size, snapshot_id=snapshot.id, **common)
    elif source is not None:
        volume = _clone(call, source, size, common)
    elif image is not None:
        _check_image(image, size)
        volume = blockstore.create_volume(
            call.cloud,
            call.region,
            size=size,
            image_metadata=blockstore.volume_image_metadata(image),
            bootable=True,
            **common,
        )
    else:
        volume = blockstore.create_volume(call.cloud, call.region, size=size, **common)
    volume.multiattach = bool(request.get("multiattach", False))
    return volume


def _validate(call: Call, request: dict[str, Any]) -> None:
    """The parts of Cinder's request schema (3.53+ is strict about ids) a client is likely to trip on."""
    for key in ("snapshot_id", "source_volid"):
        value = request.get(key)
        if value is not None and call.at_least("3.53") and not (isinstance(value, str) and UUID_PATTERN.match(value)):
            raise ApiError(400, f"Invalid input for field/attribute {key}. Value: {value}. {value!r} is not a 'uuid'")
    metadata = request.get("metadata")
    if metadata is not None:
        validate_metadata(metadata)
    if "multiattach" in request:
        strict_bool(request["multiattach"], "multiattach")


def validate_metadata(metadata: Any) -> None:
    """Metadata is a dict of strings with keys of 1-255 characters (Cinder's `metadata_allows_null`)."""
    if not isinstance(metadata, dict):
        raise ApiError(
            400, f"Invalid input for field/attribute metadata. Value: {metadata}. {metadata!r} is not of type 'object'"
        )
    for key, value in metadata.items():
        if not 1 <= len(key) <= 255:
            raise ApiError(
                400,
                f"Invalid input for field/attribute metadata. Value: {metadata}. "
                f"{key!r} does not match any of the regexes",
            )
        if not isinstance(value, str) or len(value) > 255:
            raise ApiError(
                400, f"Invalid input for field/attribute {key}. Value: {value}. {value!r} is not of type 'string'"
            )


def _size(value: Any) -> int | None:
    """The size as Cinder's schema reads it: an integer ≥ 1 or a string of digits, or absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ApiError(
            400,
            f"Invalid input for field/attribute size. Value: {value}. "
            f"{value!r} is not of type 'integer', 'string', 'null'",
        )
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+", value):
            raise ApiError(
                400, f"Invalid input for field/attribute size. Value: {value}. {value!r} does not match '^[0-9]+$'"
            )
        value = int(value)
    size: int = value
    if size < 1:
        raise ApiError(
            400, f"Invalid input for field/attribute size. Value: {value}. {value} is less than the minimum of 1"
        )
    return size


def _visible(call: Call, image: Image) -> bool:
    return image.visibility in ("public", "community") or image.owner == call.project_id


def _image_from_ref(call: Call, image_ref: str) -> Image:
    """The image an `imageRef` names: an id (or a Nova image URL ending in one), else a unique image name."""
    image_id = image_ref.split("/")[-1]
    image = call.region.images.get(image_id)
    if image is not None and _visible(call, image):
        return image
    named = [image for image in call.region.images if image.name == image_ref and _visible(call, image)]
    if len(named) > 1:
        raise ApiError(409, f"Multiple matches found for '{image_ref}', use an ID to be more specific.")
    if not named:
        raise ApiError(400, "Invalid image identifier or unable to access requested image.")
    return named[0]


def _placeholder_snapshot(call: Call, image: Image) -> Snapshot | None:
    """The snapshot a Nova placeholder's root mapping points at (Cinder's `_get_image_snapshot`), if it has one."""
    text = image.properties.get("block_device_mapping")
    if not text:
        return None
    try:
        mappings = json.loads(text)
        roots = [m for m in mappings if m.get("source_type") == "snapshot" and m.get("boot_index") == 0]
    except (ValueError, AttributeError, TypeError):
        # Cinder json-decodes the property and calls .get on each entry without a guard: a 500.
        raise ApiError(500, SERVER_FAULT) from None
    if not roots:
        return None
    snapshot = call.region.snapshots.get(str(roots[0].get("snapshot_id")))
    if snapshot is None or snapshot.project_id != call.project_id:
        raise ApiError(
            404, f"Nova specific image is found, but boot volume snapshot id:{roots[0].get('snapshot_id')} not found."
        )
    return snapshot


def _check_image(image: Image, size: int | None) -> None:
    """Cinder's `_check_image_metadata`: the image is active, and fits the volume by size and min_disk."""
    if image.status != "active":
        raise ApiError(400, f"Invalid input received: Image {image.id} is not active.")
    if size is None:
        return  # blockstore refuses a missing size with Cinder's words
    image_gib = ((image.size or 0) + GIB - 1) // GIB
    if image_gib > size:
        raise ApiError(
            400, f"Invalid input received: Size of specified image {image_gib}GB is larger than volume size {size}GB."
        )
    if size < image.min_disk:
        raise ApiError(
            400,
            f"Invalid input received: Volume size {size}GB cannot be smaller than the image minDisk "
            f"size {image.min_disk}GB.",
        )


def _clone(call: Call, source: Volume, size: int | None, common: dict[str, Any]) -> Volume:
    """A clone of `source`: at least its size, in its AZ, with its type, bootable flag and image metadata."""
    if source.status not in ("available", "in-use"):
        raise ApiError(
            400,
            "Invalid volume: Unable to create a volume from an originating source volume when its "
            "status is not available or in-use.",
        )
    size = source.size if size is None else size
    if size < source.size:
        raise ApiError(
            400,
            f"Invalid input received: Volume size '{size}'GB cannot be smaller than original volume "
            f"size {source.size}GB. They must be >= original volume size.",
        )
    zone = common.pop("availability_zone") or source.availability_zone
    if zone != source.availability_zone:
        raise ApiError(400, "Invalid input received: Volume must be in the same availability zone as the source volume")
    common["volume_type"] = common["volume_type"] or source.volume_type
    volume = blockstore.create_volume(
        call.cloud,
        call.region,
        size=size,
        availability_zone=zone,
        bootable=source.bootable,
        image_metadata=dict(source.image_metadata) if source.image_metadata else None,
        **common,
    )
    volume.source_volid = source.id
    return volume
