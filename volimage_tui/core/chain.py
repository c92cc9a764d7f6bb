"""The chain around one image, snapshot or volume, as plain nodes a table, JSON or a tree can show as they are.

    volume (the source) ─┬─ snapshot ─┬─ placeholder ── server
                         │            └─ clone (attached to a server, or orphaned)
                         └─ placeholder that maps the volume itself ── server

Nodes carry the few fields a person reads (name, id, status, size) rather than whole models, so the command
line's JSON is the same shape as its table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .lineage import Lineage
from .models import Snapshot
from .proof import made_by_volimage


class Kind(StrEnum):
    IMAGE = "image"
    SNAPSHOT = "snapshot"
    VOLUME = "volume"


@dataclass(frozen=True)
class ServerNode:
    id: str
    name: str
    status: str


@dataclass(frozen=True)
class PlaceholderNode:
    id: str
    name: str
    status: str
    maker: str
    """volimage, nova or other: who made the placeholder."""
    visibility: str
    servers: tuple[ServerNode, ...]
    provisioned_gib: int
    missing: tuple[str, ...] = ()
    shared_unbootable: bool = False


@dataclass(frozen=True)
class CloneNode:
    id: str
    name: str
    status: str
    size: int
    attached_to: tuple[ServerNode, ...]
    orphaned: bool


@dataclass(frozen=True)
class SnapshotNode:
    id: str
    name: str
    status: str
    size: int
    made_by_volimage: bool
    placeholders: tuple[PlaceholderNode, ...]
    clones: tuple[CloneNode, ...]


@dataclass(frozen=True)
class VolumeNode:
    id: str
    name: str
    status: str
    size: int | None
    """None when the volume no longer exists."""
    attached_to: tuple[ServerNode, ...]
    snapshots: tuple[SnapshotNode, ...]
    placeholders: tuple[PlaceholderNode, ...]
    """Placeholders that map this volume itself (single use), not a snapshot of it."""


@dataclass(frozen=True)
class Chain:
    kind: Kind
    id: str
    name: str
    volumes: tuple[VolumeNode, ...]
    """The source volumes, each with the snapshots and placeholders of the chain that descend from it."""
    missing: tuple[str, ...] = ()
    """What the subject (a placeholder) maps that no longer exists."""
    placeholder: PlaceholderNode | None = None
    """The subject itself when it is a placeholder, with its servers (shown even when all it maps is gone)."""


def find_subject(lineage: Lineage, name_or_id: str) -> list[tuple[Kind, str]]:
    """Every image, snapshot or volume whose id, or else whose name, is `name_or_id`."""
    tables = ((Kind.IMAGE, lineage.images), (Kind.SNAPSHOT, lineage.snapshots), (Kind.VOLUME, lineage.volumes))
    by_id = [(kind, name_or_id) for kind, table in tables if name_or_id in table]
    if by_id:
        return by_id
    return [(kind, key) for kind, table in tables for key, item in table.items() if item.name == name_or_id]


def chain_of(lineage: Lineage, kind: Kind, subject_id: str) -> Chain:
    """The chain of the image, snapshot or volume `subject_id` (which must be in the lineage's listings)."""
    if kind is Kind.IMAGE:
        image = lineage.images[subject_id]
        decoded = lineage.decoded.get(subject_id)
        if decoded is None:
            return Chain(kind, image.id, image.name, ())
        snapshots = [lineage.snapshots[i] for i in dict.fromkeys(decoded.snapshot_ids) if i in lineage.snapshots]
        sources = dict.fromkeys([*(s.volume_id for s in snapshots), *decoded.volume_ids])
        volumes = tuple(
            _volume(lineage, volume_id, [s for s in snapshots if s.volume_id == volume_id], only_image=subject_id)
            for volume_id in sources
        )
        subject = _placeholder(lineage, subject_id)
        return Chain(kind, image.id, image.name, volumes, subject.missing, subject)
    if kind is Kind.SNAPSHOT:
        snapshot = lineage.snapshots[subject_id]
        return Chain(kind, snapshot.id, snapshot.name, (_volume(lineage, snapshot.volume_id, [snapshot]),))
    volume = lineage.volumes[subject_id]
    own = [lineage.snapshots[i] for i in lineage.snapshots_of_volume.get(volume.id, ())]
    nodes = [_volume(lineage, volume.id, own)]
    origin = lineage.snapshots.get(volume.snapshot_id or "")
    if origin is not None:  # a clone: first the chain it descends from
        nodes.insert(0, _volume(lineage, origin.volume_id, [origin]))
    return Chain(kind, volume.id, volume.name, tuple(nodes))


def _volume(lineage: Lineage, volume_id: str, snapshots: list[Snapshot], only_image: str = "") -> VolumeNode:
    """`only_image` limits the placeholders that map the volume itself to the subject's own."""
    direct = [i for i in lineage.mapped_by.get(volume_id, ()) if not only_image or i == only_image]
    volume = lineage.volumes.get(volume_id)
    nodes = tuple(_snapshot(lineage, snapshot) for snapshot in sorted(snapshots, key=lambda s: (s.name, s.id)))
    placeholders = tuple(_placeholder(lineage, image_id) for image_id in direct)
    if volume is None:
        return VolumeNode(volume_id, "", "gone", None, (), nodes, placeholders)
    attached = _servers(lineage, [item.server_id for item in volume.attachments])
    return VolumeNode(volume.id, volume.name, volume.status, volume.size, attached, nodes, placeholders)


def _snapshot(lineage: Lineage, snapshot: Snapshot) -> SnapshotNode:
    placeholders = tuple(_placeholder(lineage, image_id) for image_id in lineage.mapped_by.get(snapshot.id, ()))
    clones = tuple(
        CloneNode(
            clone.volume.id,
            clone.volume.name,
            clone.volume.status,
            clone.volume.size,
            _servers(lineage, clone.server_ids),
            clone.orphaned,
        )
        for clone in sorted(lineage.clones_of(snapshot.id), key=lambda clone: (clone.volume.name, clone.volume.id))
    )
    return SnapshotNode(
        snapshot.id, snapshot.name, snapshot.status, snapshot.size, made_by_volimage(snapshot), placeholders, clones
    )


def _placeholder(lineage: Lineage, image_id: str) -> PlaceholderNode:
    usage = lineage.usage(image_id)
    image, maker = usage.image, usage.decoded.maker
    return PlaceholderNode(
        image.id,
        image.name,
        image.status,
        maker.value if maker else "",
        image.visibility,
        _servers(lineage, [server.id for server in usage.servers]),
        usage.provisioned_gib,
        usage.missing,
        usage.shared_unbootable,
    )


def _servers(lineage: Lineage, server_ids: list[str] | tuple[str, ...]) -> tuple[ServerNode, ...]:
    """The servers by id; one that this listing does not show (another project's) keeps its id alone."""
    nodes = []
    for server_id in dict.fromkeys(server_ids):
        server = lineage.servers.get(server_id)
        nodes.append(ServerNode(server_id, server.name, server.status) if server else ServerNode(server_id, "", ""))
    return tuple(nodes)
