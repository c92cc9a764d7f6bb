"""Read any image's block device mapping back: v2 or legacy, made by Nova, by volimage, or by hand.

Decoding never raises: a malformed mapping (not JSON, a Python repr, a single object, unknown keys) is reported
as a problem in the user's words, since images like that exist in real clouds and must still be browsable.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .checks import Check, error, warning
from .mapping import NOVA_MAPPING_KEYS, normalise_device_name
from .models import Image
from .placeholder import MARKER_PROPERTY, MARKER_TAG

NOVA_DB_KEYS = frozenset(
    {"id", "instance_uuid", "attachment_id", "uuid", "created_at", "updated_at", "deleted_at", "deleted"}
)
"""Keys Nova tolerates in an image mapping besides its 19 (database fields)."""

LEGACY_KEYS = frozenset(
    {"device_name", "snapshot_id", "volume_id", "virtual_name", "no_device", "delete_on_termination", "volume_size"}
)


class Maker(StrEnum):
    VOLIMAGE = "volimage"
    NOVA = "nova"
    OTHER = "other"


@dataclass(frozen=True)
class Entry:
    """One decoded mapping entry, with its values normalised the way Nova reads them."""

    source_type: str | None
    destination_type: str | None
    boot_index: int | None
    device_name: str | None = None
    snapshot_id: str | None = None
    volume_id: str | None = None
    image_id: str | None = None
    volume_size: int | None = None
    delete_on_termination: bool = False
    volume_type: str | None = None

    @property
    def source_id(self) -> str | None:
        return self.snapshot_id or self.volume_id or self.image_id


@dataclass(frozen=True)
class DecodedImage:
    """What an image's properties say about the volumes a server booted from it gets."""

    maker: Maker | None
    """Who made the placeholder; None when the image carries no mapping (an ordinary image)."""
    entries: tuple[Entry, ...] = ()
    legacy: bool = False
    root_device_name: str | None = None
    problems: tuple[Check, ...] = ()
    """What Nova would make of the mapping, each with its level: an error fails or misleads the boot."""

    @property
    def is_placeholder(self) -> bool:
        return self.maker is not None

    @property
    def snapshot_ids(self) -> tuple[str, ...]:
        return tuple(e.snapshot_id for e in self.entries if e.snapshot_id)

    @property
    def volume_ids(self) -> tuple[str, ...]:
        return tuple(e.volume_id for e in self.entries if e.volume_id)

    @property
    def root(self) -> Entry | None:
        return next((entry for entry in self.entries if entry.boot_index == 0), None)


def decode_image(image: Image) -> DecodedImage:
    properties = image.properties
    raw = properties.get("block_device_mapping")
    if raw is None:
        return DecodedImage(maker=None)
    maker = _maker(image)
    root_name = properties.get("root_device_name")
    root_device_name = normalise_device_name(root_name) if root_name else None
    legacy = not properties.get("bdm_v2")
    entries, problems = _parse(raw)
    if legacy:
        entries = [_from_legacy(entry, root_device_name) for entry in entries]
        problems.append(warning("legacy-mapping", "The mapping is in the legacy format (no bdm_v2 property)."))
    decoded = tuple(_entry(entry) for entry in entries)
    if entries and not legacy:
        unknown = sorted({key for entry in entries for key in entry} - set(NOVA_MAPPING_KEYS) - NOVA_DB_KEYS)
        if unknown:
            problems.append(error("unknown-keys", f"Unknown keys {', '.join(unknown)}: Nova refuses to boot it."))
        if any("uuid" in entry and not (entry.get("snapshot_id") or entry.get("volume_id")) for entry in entries):
            problems.append(
                error("uuid-key", "An entry uses 'uuid' instead of snapshot_id/volume_id: the boot ends in ERROR.")
            )
    roots = [entry for entry in decoded if entry.boot_index == 0]
    if entries and not roots:
        problems.append(
            error(
                "no-root", "No entry has boot_index 0: Nova would boot the empty image and attach the volume as data."
            )
        )
    if len(roots) > 1:
        problems.append(error("two-roots", "More than one entry has boot_index 0: Nova refuses the boot."))
    if not entries and not problems:
        problems.append(error("empty-mapping", "The mapping is empty: a server booted from it gets no volume."))
    if root_device_name is None and entries:
        problems.append(
            error(
                "no-root-device-name",
                "No root_device_name: the root volume lands at the hypervisor's default device name.",
            )
        )
    return DecodedImage(
        maker=maker, entries=decoded, legacy=legacy, root_device_name=root_device_name, problems=tuple(problems)
    )


def dangling(decoded: DecodedImage, snapshot_ids: Collection[str], volume_ids: Collection[str]) -> list[str]:
    """The references of `decoded` that no longer exist, as `snapshot <id>` / `volume <id>`."""
    missing = [f"snapshot {sid}" for sid in decoded.snapshot_ids if sid not in snapshot_ids]
    return missing + [f"volume {vid}" for vid in decoded.volume_ids if vid not in volume_ids]


def _maker(image: Image) -> Maker:
    """volimage's tag first (Glance tags are not inherited), then Nova's marks: Nova's snapshot of a server booted
    from volimage's placeholder inherits every property of it, `volimage_sources` too, but never its tags."""
    if MARKER_TAG in image.tags:
        return Maker.VOLIMAGE
    if image.properties.get("bdm_v2") and (
        "owner_project_name" in image.properties or "boot_roles" in image.properties
    ):
        return Maker.NOVA
    if MARKER_PROPERTY in image.properties:
        return Maker.VOLIMAGE
    return Maker.OTHER


def _parse(raw: str) -> tuple[list[dict[str, Any]], list[Check]]:
    try:
        value = json.loads(raw)
    except ValueError:
        if raw.lstrip().startswith(("[{'", "{'")) or "None" in raw or "True" in raw:
            return [], [
                error(
                    "unreadable-mapping", "The mapping is a Python repr, not JSON: Nova fails with an internal error."
                )
            ]
        return [], [error("unreadable-mapping", "The mapping is not JSON: Nova fails with an internal error.")]
    if isinstance(value, dict):
        return [], [error("unreadable-mapping", "The mapping is a single object, not a list: Nova refuses it.")]
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        return [], [error("unreadable-mapping", "The mapping is not a list of entries: Nova refuses it.")]
    return value, []


def _from_legacy(entry: Mapping[str, Any], root_device_name: str | None) -> dict[str, Any]:
    """Nova's `from_legacy_mapping` for an image: the entry at the root device name boots."""
    converted = dict(entry)
    if entry.get("snapshot_id"):
        converted.update(source_type="snapshot", destination_type="volume")
    elif entry.get("volume_id"):
        converted.update(source_type="volume", destination_type="volume")
    name = entry.get("device_name")
    is_root = bool(name and root_device_name and normalise_device_name(str(name)) == root_device_name)
    converted["boot_index"] = 0 if is_root else -1
    return converted


def _entry(entry: Mapping[str, Any]) -> Entry:
    return Entry(
        source_type=_text(entry.get("source_type")),
        destination_type=_text(entry.get("destination_type")),
        boot_index=_integer(entry.get("boot_index")),
        device_name=_text(entry.get("device_name")),
        snapshot_id=_text(entry.get("snapshot_id")),
        volume_id=_text(entry.get("volume_id")),
        image_id=_text(entry.get("image_id")),
        volume_size=_integer(entry.get("volume_size")),
        delete_on_termination=str(entry.get("delete_on_termination")).lower() in ("true", "1", "yes", "on", "y", "t"),
        volume_type=_text(entry.get("volume_type")),
    )


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _integer(value: Any) -> int | None:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None
