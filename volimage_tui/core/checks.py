"""Checks on a placeholder plan: errors block its creation, warnings explain a consequence the user accepts.

Each message says what is wrong in the user's words and, where there is one, what to do instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from .mapping import SourceKind
from .placeholder import GLANCE_KEY_LIMIT, PlaceholderPlan
from .vocabulary import DEVICE_TYPES, DISK_BUSES, SHARED_VISIBILITIES, VISIBILITIES

GLANCE_PROPERTY_QUOTA = 128
"""Glance's default `image_property_quota`."""

GLANCE_VALUE_LIMIT = 65535
"""The size of Glance's property value column (MySQL TEXT)."""

MAX_VOLUME_GIB = 2147483647
DEVICE_NAME = re.compile(r"^/dev/[a-zA-Z0-9._/-]{1,250}$")


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Check:
    level: Level
    code: str
    """A stable identifier, for tests and scripts (`size-below-source`)."""
    message: str

    @property
    def blocks(self) -> bool:
        return self.level is Level.ERROR


def error(code: str, message: str) -> Check:
    return Check(Level.ERROR, code, message)


def warning(code: str, message: str) -> Check:
    return Check(Level.WARNING, code, message)


def blocking(checks: Collection[Check]) -> bool:
    return any(check.blocks for check in checks)


def check_name(name: str) -> list[Check]:
    """An image name Glance stores and a terminal shows as typed: 1-255 characters, no control characters."""
    if not name.strip():
        return [error("name-empty", "The image needs a name.")]
    found: list[Check] = []
    if len(name) > 255:
        found.append(error("name-too-long", f"The image name has {len(name)} characters; Glance allows 255."))
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        found.append(error("name-control", "The image name contains control or invisible formatting characters."))
    return found


def check_plan(plan: PlaceholderPlan, *, volume_types: Collection[str] | None = None) -> list[Check]:
    """Every problem of `plan`; `volume_types` (names or ids) enables the unknown-type check."""
    options, source = plan.options, plan.source
    found = check_name(options.name)
    found += _source_checks(plan)
    root_size = plan.root.volume_size or 0
    if root_size < 1 or root_size > MAX_VOLUME_GIB:
        found.append(error("size-invalid", f"The volume size must be a whole number of GiB from 1; got {root_size}."))
    elif root_size < source.size:
        found.append(
            error(
                "size-below-source",
                f"The volume size ({root_size} GiB) is below the size of {source.name} ({source.size} GiB); "
                "Cinder cannot make a volume smaller than its source.",
            )
        )
    if options.visibility not in VISIBILITIES:
        found.append(error("visibility", f"Visibility must be one of {', '.join(VISIBILITIES)}."))
    elif options.visibility in SHARED_VISIBILITIES:
        found.append(_shared_warning(plan))
    if options.disk_bus is not None and options.disk_bus not in DISK_BUSES:
        found.append(error("disk-bus", f"Disk bus {options.disk_bus!r} is not one of Nova's: {', '.join(DISK_BUSES)}."))
    if options.device_type not in DEVICE_TYPES:
        found.append(
            error("device-type", f"Device type {options.device_type!r} is not one of {', '.join(DEVICE_TYPES)}.")
        )
    if not DEVICE_NAME.match(plan.root_device_name):
        found.append(error("device-name", f"{plan.root_device_name!r} is not a device name like /dev/vda."))
    if volume_types is not None:
        for device in plan.devices:
            if device.volume_type and device.volume_type not in volume_types:
                found.append(error("volume-type", f"There is no volume type {device.volume_type!r} in this cloud."))
    found += _extra_disk_checks(plan)
    found += _glance_limit_checks(plan)
    return found


def _source_checks(plan: PlaceholderPlan) -> list[Check]:
    source, found = plan.source, []
    name = source.name
    if source.kind is SourceKind.SNAPSHOT:
        if source.status == "creating":
            found.append(
                warning(
                    "snapshot-creating",
                    f"Snapshot {name} is still being created; volimage waits until it is available, "
                    "since a server booted before then ends in ERROR.",
                )
            )
        elif source.status != "available":
            found.append(error("source-unavailable", f"Snapshot {name} is {source.status}, not available."))
    elif plan.snapshot_first:
        if source.status == "in-use":
            found.append(
                warning(
                    "in-use-snapshot",
                    f"Volume {name} is in use: its snapshot is crash-consistent only (like pulling the plug). "
                    "Stop the server first for a clean copy.",
                )
            )
        elif source.status != "available":
            found.append(error("source-unavailable", f"Volume {name} is {source.status}; it cannot be snapshotted."))
    else:
        if source.status != "available" or source.attached:
            found.append(
                error(
                    "volume-in-use",
                    f"Volume {name} is {source.status}; a server can boot from it only while it is available. "
                    "Snapshot it first instead.",
                )
            )
        found.append(
            warning(
                "single-use",
                f"The image boots volume {name} itself: one server at a time, never several at once. "
                "Snapshot it first to boot any number of servers.",
            )
        )
        if plan.root.delete_on_termination:
            found.append(
                warning(
                    "deletes-source",
                    f"Delete on termination is on: deleting the server will delete volume {name} itself.",
                )
            )
    if source.bootable is False:
        found.append(
            warning(
                "not-bootable",
                f"{name} is not marked bootable (it was not made from an image); the server may have nothing to boot.",
            )
        )
    return found


def _shared_warning(plan: PlaceholderPlan) -> Check:
    """Other projects see a shared image, but the snapshot or volume it maps is this project's alone: Cinder
    shares neither, so Nova refuses their boot before it starts."""
    kind = "volume" if plan.root.source is SourceKind.VOLUME else "snapshot"
    return warning(
        "shared-unbootable",
        f"Visibility {plan.options.visibility}: other projects will see image {plan.options.name} but cannot boot "
        f"it. The {kind} it maps belongs to this project and Cinder shares it with no other, so Nova refuses their "
        f'boot ("Block Device Mapping is Invalid: failed to get {kind}"). Only this project can boot it.',
    )


def _extra_disk_checks(plan: PlaceholderPlan) -> list[Check]:
    found = []
    for disk in plan.options.extra_disks:
        label = disk.name or disk.source_id or "blank disk"
        size = disk.volume_size if disk.volume_size is not None else disk.size
        if size < 1 or size > MAX_VOLUME_GIB:
            found.append(error("extra-size", f"Data disk {label}: the size must be a whole number of GiB from 1."))
        elif size < disk.size:
            found.append(error("extra-size", f"Data disk {label}: {size} GiB is below its source's {disk.size} GiB."))
        if disk.kind is not SourceKind.BLANK and disk.status != "available":
            found.append(error("extra-unavailable", f"Data disk {label} is {disk.status}, not available."))
        if disk.kind is SourceKind.VOLUME:
            found.append(warning("single-use", f"Data disk {label} is an existing volume: one server at a time."))
    return found


def _glance_limit_checks(plan: PlaceholderPlan) -> list[Check]:
    found = []
    if len(plan.properties) > GLANCE_PROPERTY_QUOTA:
        found.append(
            error(
                "too-many-properties",
                f"The image would carry {len(plan.properties)} properties; Glance allows {GLANCE_PROPERTY_QUOTA}. "
                "Keep fewer carried-over properties.",
            )
        )
    for key, value in plan.properties.items():
        if len(key) > GLANCE_KEY_LIMIT:
            found.append(error("property-key", f"Property key {key[:40]}... is longer than 255 characters."))
        if len(value.encode()) > GLANCE_VALUE_LIMIT:
            found.append(error("property-value", f"Property {key} is larger than Glance stores (64 KiB)."))
    return found
