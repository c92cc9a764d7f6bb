"""The placeholder plan: everything the Glance image will carry, computed from a boot source and the options.

The plan is a pure function of its inputs, so the UI recomputes it on every keystroke and the CLI prints the same
plan it will send. Properties are all strings (Glance's schema), the mapping is JSON text (Nova decodes it), and
`bdm_v2`/`root_device_name` are always set, which makes the silent mis-boots of OPENSTACK.md section 10
(no root, legacy mapping, missing root device name) impossible by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .mapping import (
    DEFAULT_ROOT_DEVICE,
    Device,
    SourceKind,
    data_device_names,
    mapping_json,
    normalise_device_name,
)
from .models import Snapshot, Volume

MARKER_TAG = "volimage"
"""The tag on every image volimage makes, so they can be found again."""

MARKER_PROPERTY = "volimage_sources"
"""A property naming the image's sources, e.g. `snapshot:<id>,volume:<id>`."""

REQUEST_KEY = "volimage_request"
"""Metadata key of a one-off id on every snapshot and server volimage asks for: if the answer is lost (a time-out),
the id finds what the request made, so that it can be rolled back."""

NEW_SNAPSHOT = "<new snapshot>"
"""Stands for the snapshot id in a plan whose volume is to be snapshotted first."""

STRIPPED_PREFIXES: tuple[str, ...] = ("os_glance", "img_signature")
STRIPPED_KEYS: frozenset[str] = frozenset(
    {
        # what Nova pops from volume image metadata (VIM_IMAGE_ATTRIBUTES) and what Cinder adds
        "image_id", "image_name", "size", "checksum", "container_format", "disk_format", "min_ram", "min_disk",
        "signature_verified",
        # Nova's non-inheritable properties
        "cinder_encryption_key_id", "cinder_encryption_key_deletion_policy", "cache_in_nova", "bittorrent",
        # mapping properties the plan writes itself
        "block_device_mapping", "mappings", "bdm_v2", "root_device_name",
        # Glance's base, read-only and reserved attributes (403 when sent as properties)
        "id", "name", "status", "visibility", "protected", "os_hidden", "owner", "tags", "created_at", "updated_at",
        "virtual_size", "os_hash_algo", "os_hash_value", "location", "locations", "deleted", "deleted_at",
        "direct_url", "self", "file", "schema", "stores",
    }
)  # fmt: skip
"""Keys of a volume's image metadata that never become the placeholder's properties (OPENSTACK.md section 8)."""

GLANCE_KEY_LIMIT = 255


def carried_properties(image_metadata: Mapping[str, str]) -> dict[str, str]:
    """The hardware and OS properties a placeholder inherits from a volume's `volume_image_metadata`."""
    return {
        key: str(value)
        for key, value in sorted(image_metadata.items())
        if key not in STRIPPED_KEYS
        and not key.startswith(STRIPPED_PREFIXES)
        and 0 < len(key) <= GLANCE_KEY_LIMIT
        and value is not None
    }


@dataclass(frozen=True)
class BootSource:
    """What the placeholder's root volume is made from: a snapshot, or an existing volume."""

    kind: SourceKind
    id: str
    name: str
    status: str
    size: int
    image_metadata: Mapping[str, str] = field(default_factory=dict)
    bootable: bool | None = None
    """For a snapshot, its source volume's flag (Nova copies it); None when the source volume is gone."""
    volume_type: str | None = None
    attached: bool = False

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, source_volume: Volume | None) -> BootSource:
        return cls(
            kind=SourceKind.SNAPSHOT,
            id=snapshot.id,
            name=snapshot.label,
            status=snapshot.status,
            size=snapshot.size,
            image_metadata=source_volume.image_metadata if source_volume else {},
            bootable=source_volume.bootable if source_volume else None,
            volume_type=source_volume.volume_type if source_volume else None,
        )

    @classmethod
    def from_volume(cls, volume: Volume) -> BootSource:
        return cls(
            kind=SourceKind.VOLUME,
            id=volume.id,
            name=volume.label,
            status=volume.status,
            size=volume.size,
            image_metadata=volume.image_metadata,
            bootable=volume.bootable,
            volume_type=volume.volume_type,
            attached=bool(volume.attachments) or volume.status == "in-use",
        )


@dataclass(frozen=True)
class ExtraDisk:
    """A data disk every server gets besides its root: from a snapshot, an existing volume, or blank."""

    kind: SourceKind
    size: int
    """GiB: the source's size, or the blank volume's."""
    source_id: str | None = None
    name: str = ""
    status: str = "available"
    volume_size: int | None = None
    volume_type: str | None = None
    delete_on_termination: bool = True

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> ExtraDisk:
        """Each server gets a new volume cloned from `snapshot` (deleted with the server)."""
        return cls(SourceKind.SNAPSHOT, snapshot.size, snapshot.id, snapshot.label, snapshot.status)

    @classmethod
    def from_volume(cls, volume: Volume) -> ExtraDisk:
        """The server gets `volume` itself, so it is never deleted with the server, and an attached volume counts
        as in use whatever its status says (a multi-attach volume stays 'available')."""
        status = "in-use" if volume.attachments else volume.status
        return cls(SourceKind.VOLUME, volume.size, volume.id, volume.label, status, delete_on_termination=False)

    @classmethod
    def blank(cls, size: int) -> ExtraDisk:
        return cls(SourceKind.BLANK, size)


@dataclass(frozen=True)
class PlaceholderOptions:
    """What a user chooses in the compose form (or on the command line)."""

    name: str
    visibility: str = "private"
    volume_size: int | None = None
    """GiB of each server's root volume; None means the source's size."""
    volume_type: str | None = None
    disk_bus: str | None = None
    device_type: str = "disk"
    device_name: str = DEFAULT_ROOT_DEVICE
    delete_on_termination: bool | None = None
    """None: True for a snapshot source (each server's volume goes with it), False for a volume source."""
    snapshot_first: bool = True
    """For a volume source: snapshot it and map the snapshot (reusable), rather than the volume (single use)."""
    keep_properties: frozenset[str] | None = None
    """Which carried-over properties to keep; None keeps them all."""
    extra_disks: tuple[ExtraDisk, ...] = ()
    tags: tuple[str, ...] = ()
    min_ram: int | None = None
    """MiB; None takes the source image's `min_ram`."""


@dataclass(frozen=True)
class PlaceholderPlan:
    """The image to create, ready to be previewed, checked and sent."""

    source: BootSource
    options: PlaceholderOptions
    devices: tuple[Device, ...]
    properties: Mapping[str, str]
    """Every extra property, as Glance will store it (all strings)."""
    carried: Mapping[str, str]
    """The subset of `properties` carried over from the source's image metadata."""
    min_disk: int
    min_ram: int
    tags: tuple[str, ...]
    snapshot_first: bool = False
    """The volume must be snapshotted before the image is made; `devices[0]` then names `NEW_SNAPSHOT`."""

    @property
    def root(self) -> Device:
        return self.devices[0]

    @property
    def root_device_name(self) -> str:
        return self.properties["root_device_name"]

    def describe(self) -> list[str]:
        """What creating this plan makes, in words, for the confirmation of the UI and the command line."""
        source, options = self.source, self.options
        lines = []
        if self.snapshot_first:
            forced = " (forced: the volume is in use)" if source.attached else ""
            lines.append(f"a snapshot {options.name} root of volume {source.name}{forced}, then wait until available")
        elif source.kind.value == "volume":
            lines.append(f"no snapshot: servers boot volume {source.name} itself, one at a time")
        root = f"snapshot {source.name}" if not self.snapshot_first and source.kind.value == "snapshot" else "it"
        lines.append(
            f"a {options.visibility} zero-byte image {options.name!r} whose mapping gives each server a "
            f"{self.root.volume_size} GiB root volume from {root}"
        )
        if options.extra_disks:
            lines.append(f"and {len(options.extra_disks)} extra data disk(s) per server")
        return lines

    def image_body(self) -> dict[str, Any]:
        """The exact JSON body of `POST /v2/images`: Glance's base attributes plus the properties at top level."""
        return {
            "name": self.options.name,
            "disk_format": "raw",
            "container_format": "bare",
            "visibility": self.options.visibility,
            "min_disk": self.min_disk,
            "min_ram": self.min_ram,
            "tags": list(self.tags),
            **self.properties,
        }

    def with_snapshot(self, snapshot_id: str) -> PlaceholderPlan:
        """The plan once the volume's snapshot exists: its id replaces `NEW_SNAPSHOT` everywhere."""
        source = replace(self.source, kind=SourceKind.SNAPSHOT, id=snapshot_id, status="available")
        options = replace(self.options, snapshot_first=False)
        rebuilt = build_plan(source, options)
        return replace(rebuilt, source=source, snapshot_first=False)


def build_plan(source: BootSource, options: PlaceholderOptions) -> PlaceholderPlan:
    """Compose the placeholder for `source` with `options`; `checks.check_plan` says whether it may be made."""
    snapshot_first = source.kind is SourceKind.VOLUME and options.snapshot_first
    root_kind = SourceKind.SNAPSHOT if snapshot_first else source.kind
    root_id = NEW_SNAPSHOT if snapshot_first else source.id
    delete_on_termination = options.delete_on_termination
    if delete_on_termination is None:
        delete_on_termination = root_kind is SourceKind.SNAPSHOT
    root_device_name = normalise_device_name(options.device_name or DEFAULT_ROOT_DEVICE)
    root = Device(
        source=root_kind,
        source_id=root_id,
        boot_index=0,
        volume_size=options.volume_size if options.volume_size is not None else source.size,
        device_name=root_device_name,
        delete_on_termination=delete_on_termination,
        volume_type=options.volume_type if root_kind is not SourceKind.VOLUME else None,
        disk_bus=options.disk_bus,
        device_type=options.device_type,
    )
    names = data_device_names(root_device_name, len(options.extra_disks))
    extras = tuple(
        Device(
            source=disk.kind,
            source_id=disk.source_id,
            boot_index=-1,
            volume_size=disk.volume_size if disk.volume_size is not None else disk.size,
            device_name=name,
            delete_on_termination=disk.delete_on_termination,
            volume_type=disk.volume_type if disk.kind is not SourceKind.VOLUME else None,
            disk_bus=options.disk_bus,
            device_type="disk",
        )
        for disk, name in zip(options.extra_disks, names, strict=True)
    )
    devices = (root, *extras)
    carried = carried_properties(source.image_metadata)
    if options.keep_properties is not None:
        carried = {key: value for key, value in carried.items() if key in options.keep_properties}
    # what the mapping boots from: for a volume snapshotted first, that snapshot, as the image is sent
    sources = [f"{root_kind.value}:{root_id}"] + [
        f"{disk.kind.value}:{disk.source_id}" for disk in options.extra_disks if disk.source_id
    ]
    properties = {
        **carried,
        "block_device_mapping": mapping_json(devices),
        "bdm_v2": "True",
        "root_device_name": root_device_name,
        MARKER_PROPERTY: ",".join(sources),
    }
    metadata_min_ram = _whole(source.image_metadata.get("min_ram"))
    metadata_min_disk = _whole(source.image_metadata.get("min_disk"))
    root_size = root.volume_size or source.size
    return PlaceholderPlan(
        source=source,
        options=options,
        devices=devices,
        properties=properties,
        carried=carried,
        min_disk=min(metadata_min_disk, root_size),
        min_ram=options.min_ram if options.min_ram is not None else metadata_min_ram,
        tags=tuple(dict.fromkeys((MARKER_TAG, *options.tags))),
        snapshot_first=snapshot_first,
    )


def _whole(text: str | None) -> int:
    try:
        return max(int(text or 0), 0)
    except ValueError:
        return 0
