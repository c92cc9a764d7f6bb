"""Block device mapping entries in the form Nova itself writes into a placeholder image (OPENSTACK.md 1.2).

Each entry names its source by `snapshot_id` or `volume_id` (never the API's `uuid`, which image mappings do not
translate), carries an integer `boot_index` (exactly one 0 in a mapping) and lists all 19 keys, nulls included,
as Nova's own snapshots do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

NOVA_MAPPING_KEYS: tuple[str, ...] = (
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
"""The keys of `BlockDeviceDict.get_image_mapping()`: any other key makes Nova refuse the boot."""

DEFAULT_ROOT_DEVICE = "/dev/vda"


class SourceKind(StrEnum):
    SNAPSHOT = "snapshot"
    VOLUME = "volume"
    BLANK = "blank"


@dataclass(frozen=True)
class Device:
    """One volume the placeholder gives each server: where it comes from, how big, and where it is attached."""

    source: SourceKind
    source_id: str | None
    """The snapshot or volume id; None for a blank volume."""
    boot_index: int
    """0 for the root; -1 for a data disk (not bootable)."""
    volume_size: int | None
    device_name: str | None = None
    delete_on_termination: bool = True
    volume_type: str | None = None
    disk_bus: str | None = None
    device_type: str | None = "disk"

    @property
    def is_root(self) -> bool:
        return self.boot_index == 0

    def as_nova(self) -> dict[str, Any]:
        """The entry with all 19 of Nova's keys, as JSON-ready values."""
        entry: dict[str, Any] = dict.fromkeys(NOVA_MAPPING_KEYS)
        entry.update(
            source_type=self.source.value,
            destination_type="volume",
            device_type=self.device_type,
            disk_bus=self.disk_bus,
            boot_index=self.boot_index,
            device_name=self.device_name,
            delete_on_termination=self.delete_on_termination,
            volume_size=self.volume_size,
            volume_type=self.volume_type,
        )
        if self.source is SourceKind.SNAPSHOT:
            entry["snapshot_id"] = self.source_id
        elif self.source is SourceKind.VOLUME:
            entry["volume_id"] = self.source_id
        return entry


def mapping_json(devices: Sequence[Device]) -> str:
    """The `block_device_mapping` property: JSON text of the entries, root first."""
    return json.dumps([device.as_nova() for device in devices])


def data_device_names(root_device_name: str, count: int) -> list[str]:
    """Device names after the root's (`/dev/vda` -> `/dev/vdb`, `/dev/vdc`, ...), for data disks."""
    stem, last = root_device_name[:-1], root_device_name[-1]
    if not last.isalpha():
        stem, last = root_device_name, "a"
    return [f"{stem}{chr(ord(last) + offset)}" for offset in range(1, count + 1)]


def normalise_device_name(name: str) -> str:
    """Nova's `prepend_dev`: `vda` and `/dev/vda` are the same device."""
    name = name.strip()
    return name if name.startswith("/dev/") else f"/dev/{name}"
