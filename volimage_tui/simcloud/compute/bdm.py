"""Nova's block device mapping dictionaries (nova/block_device.py), as plain dicts with Nova's field names.

Where a mapping comes from decides which rules it passes, and that difference is what placeholder images trip
over (OPENSTACK.md 2.4):

| source of the entry               | conversion                                 | what it allows                    |
|-----------------------------------|--------------------------------------------|-----------------------------------|
| request `block_device_mapping_v2` | `from_api` (uuid -> `<source>_id`)         | only REST-schema keys             |
| request `block_device_mapping`    | `from_legacy_mapping`                      | legacy keys                       |
| image property, `bdm_v2` truthy   | `block_device_dict` as is                  | any BDM or DB key, `uuid` kept    |
| image property, no `bdm_v2`       | `from_legacy_mapping` (other keys dropped) | anything                          |

`to_block_device` is the last step (Nova's `block_device_make_list_from_dicts`): an enum field Nova's objects do
not know is a `ValueError` there, which nova-api answers with a 500.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import BlockDevice
from ..wire.http import ApiError

Mapping = dict[str, Any]

NEW_FIELDS = frozenset(
    {
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
        "connection_info",
        "tag",
        "volume_type",
        "encrypted",
        "encryption_secret_uuid",
        "encryption_format",
        "encryption_options",
    }
)
"""`bdm_new_fields`: what a BlockDeviceDict holds (defaulted to None when absent)."""

DB_ONLY_FIELDS = frozenset(
    {"id", "instance_uuid", "attachment_id", "uuid", "created_at", "updated_at", "deleted_at", "deleted"}
)
"""Keys a BlockDeviceDict accepts without defaulting them; an image's `uuid` lands here, silently."""

LEGACY_FIELDS = frozenset(
    {
        "device_name",
        "delete_on_termination",
        "virtual_name",
        "snapshot_id",
        "volume_id",
        "volume_size",
        "no_device",
        "connection_info",
    }
)

SOURCE_TYPES = ("image", "volume", "snapshot", "blank")
DESTINATION_TYPES = ("local", "volume")
DEVICE_TYPES = ("cdrom", "disk", "floppy", "fs", "lun")
DISK_BUSES = ("fdc", "ide", "sata", "scsi", "usb", "virtio", "xen", "lxc", "uml")
"""`DiskBus.ALL` as `_validate_bdm` checks it."""

TRUE_WORDS = ("1", "t", "true", "on", "y", "yes")
DEFAULT_EPHEMERAL_FORMAT = None

_EPHEMERAL = re.compile(r"^ephemeral(\d|[1-9]\d+)$")


def invalid_format(details: str) -> ApiError:
    return ApiError(400, f"Block Device Mapping is Invalid: {details}")


def bool_from_string(value: Any) -> bool:
    """oslo's `bool_from_string` (not strict): True for true words, False for everything else."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def strip_dev(name: str | None) -> str | None:
    return re.sub(r"^/dev/", "", name) if name else name


def prepend_dev(name: str | None) -> str | None:
    return name and "/dev/" + (strip_dev(name) or "")


def block_device_dict(raw: Mapping, do_not_default: frozenset[str] = frozenset()) -> Mapping:
    """`BlockDeviceDict(raw)`: check the keys, normalise the values, default the missing fields to None."""
    values = dict(raw)
    invalid = set(values) - (NEW_FIELDS | DB_ONLY_FIELDS)
    if invalid:
        raise invalid_format(f"Following fields are invalid: {' '.join(sorted(invalid))}")
    if not values.get("no_device"):
        if "source_type" not in values:
            raise invalid_format("Some required fields are missing")
        if "delete_on_termination" in values:
            values["delete_on_termination"] = bool_from_string(values["delete_on_termination"])
        if values.get("device_name") is not None:
            _validate_device_name(values["device_name"])
        if values.get("volume_size"):
            values["volume_size"] = _integer(values["volume_size"], "Invalid volume_size.")
        if values.get("boot_index"):
            values["boot_index"] = _integer(values["boot_index"], "Boot index is invalid.", minimum=None)
    if values.get("device_name"):
        values["device_name"] = prepend_dev(values["device_name"])
    values["delete_on_termination"] = bool(values.get("delete_on_termination"))
    mapping: Mapping = dict.fromkeys(NEW_FIELDS - do_not_default)
    mapping.update(values)
    return mapping


def from_api(api: Mapping, image_uuid_specified: bool) -> Mapping:
    """`BlockDeviceDict.from_api`: the REST form (`uuid` + `source_type`) to Nova's own."""
    values = dict(api)
    if not values.get("no_device"):
        source_type = values.get("source_type")
        device_uuid = values.get("uuid")
        destination_type = values.get("destination_type")
        if source_type == "blank" and device_uuid:
            raise invalid_format("Invalid device UUID.")
        if source_type != "blank":
            if not device_uuid:
                raise invalid_format("Missing device UUID.")
            values[f"{source_type}_id"] = device_uuid
        if source_type == "image" and destination_type == "local":
            boot_index = values.get("boot_index", -1)
            boot_index = -1 if boot_index is None else int(boot_index)
            if not (image_uuid_specified and boot_index == 0):
                raise invalid_format("Mapping image to local is not supported.")
        if destination_type == "local" and values.get("volume_type"):
            raise invalid_format("Specifying a volume_type with destination_type=local is not supported.")
        if source_type == "volume" and values.get("volume_type"):
            raise invalid_format("Specifying volume type to existing volume is not supported.")
    values.pop("uuid", None)
    return block_device_dict(values)


def from_legacy(legacy: Mapping) -> Mapping:
    """`BlockDeviceDict.from_legacy`: one EC2-style entry; keys outside the legacy set are dropped."""
    copied = LEGACY_FIELDS & NEW_FIELDS | DB_ONLY_FIELDS
    entry = {name: value for name, value in legacy.items() if name in copied}
    virtual_name = legacy.get("virtual_name")
    if virtual_name and (virtual_name == "swap" or _EPHEMERAL.match(str(virtual_name))):
        entry.update(source_type="blank", destination_type="local", delete_on_termination=True)
        entry["guest_format"] = "swap" if virtual_name == "swap" else DEFAULT_EPHEMERAL_FORMAT
    elif legacy.get("snapshot_id"):
        entry.update(source_type="snapshot", destination_type="volume")
    elif legacy.get("volume_id"):
        entry.update(source_type="volume", destination_type="volume")
    elif not legacy.get("no_device"):
        raise invalid_format("Unrecognized legacy format.")
    return block_device_dict(entry, frozenset({"boot_index", "disk_bus", "guest_format", "device_type"}))


def image_root(image_id: str, boot_index: int = 0) -> Mapping:
    """`create_image_bdm`: the instance's own image as its local root disk."""
    return block_device_dict(
        {
            "source_type": "image",
            "image_id": image_id,
            "delete_on_termination": True,
            "boot_index": boot_index,
            "device_type": "disk",
            "destination_type": "local",
        }
    )


def from_legacy_mapping(
    legacy: list[Mapping], image_uuid: str | None, root_device_name: str | None, no_root: bool = False
) -> list[Mapping]:
    """`from_legacy_mapping`: convert, then pick the root; with an image and no volume root, add the image.

    This is the silent mis-boot S3: a placeholder without a root entry gets an image->local root for itself.
    """
    converted = [from_legacy(entry) for entry in legacy]
    if no_root:
        for entry in converted:
            entry["boot_index"] = -1
        return converted
    if not root_device_name and not image_uuid:
        non_blank = [entry for entry in converted if entry["source_type"] != "blank"]
        if non_blank:
            non_blank[0]["boot_index"] = 0
        return converted
    volume_backed = False
    for entry in converted:
        if (
            entry.get("source_type") in ("volume", "snapshot", "image")
            and root_device_name is not None
            and strip_dev(entry.get("device_name")) == strip_dev(root_device_name)
        ):
            entry["boot_index"] = 0
            volume_backed = True
        elif not entry.get("no_device"):
            entry["boot_index"] = -1
        else:
            entry["boot_index"] = None
    if not volume_backed and image_uuid:
        return [image_root(image_uuid), *converted]
    return converted


def merge(overridable: list[Mapping], overriding: list[Mapping]) -> list[Mapping]:
    """`_merge_bdms_lists`: an overriding entry replaces another only when their device names are equal."""
    names = {entry["device_name"] for entry in overriding if entry.get("device_name")}
    return overriding + [entry for entry in overridable if entry.get("device_name") not in names]


def root_of(mappings: list[Mapping]) -> Mapping | None:
    return next((entry for entry in mappings if entry.get("boot_index", -1) == 0), None)


def is_volume(entry: Mapping) -> bool:
    return entry.get("destination_type") == "volume"


def to_block_device(entry: Mapping) -> BlockDevice:
    """Nova's BlockDeviceMapping object; enum fields it does not know raise ValueError (an HTTP 500)."""
    for field_name, allowed in (
        ("source_type", SOURCE_TYPES),
        ("destination_type", DESTINATION_TYPES),
        ("device_type", DEVICE_TYPES),
    ):
        value = entry.get(field_name)
        if value is not None and value not in allowed:
            raise ValueError(f"Field value {value} is invalid")
    boot_index = entry.get("boot_index")
    volume_size = entry.get("volume_size")
    return BlockDevice(
        source_type=str(entry.get("source_type")),
        destination_type=str(entry.get("destination_type") or "local"),
        boot_index=None if boot_index is None else int(boot_index),
        device_name=entry.get("device_name"),
        delete_on_termination=bool(entry.get("delete_on_termination")),
        snapshot_id=_text(entry.get("snapshot_id")),
        volume_id=_text(entry.get("volume_id")),
        image_id=_text(entry.get("image_id")),
        volume_size=None if volume_size is None else int(volume_size),
        volume_type=_text(entry.get("volume_type")),
        disk_bus=_text(entry.get("disk_bus")),
        device_type=_text(entry.get("device_type")),
        guest_format=_text(entry.get("guest_format")),
        tag=_text(entry.get("tag")),
        uuid=_text(entry.get("uuid")),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _integer(value: Any, message: str, minimum: int | None = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise invalid_format(message) from None
    if minimum is not None and number < minimum:
        raise invalid_format(message)
    return number


def _validate_device_name(value: Any) -> None:
    if not isinstance(value, str) or not 1 <= len(value) <= 255:
        raise invalid_format("Device name empty or too long.")
    if " " in value:
        raise invalid_format("Device name contains spaces.")
