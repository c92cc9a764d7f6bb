"""Who uses what: from plain listings of volumes, snapshots, images and servers, the lineage of every placeholder.

    source volume ── snapshot ──┬── placeholder (ours or Nova's) ── servers booted from it (`server.image`)
                                └── volumes cloned from it (Cinder's `snapshot_id`), attached to a server or not

Every fact is derived from the four listings alone, joined here rather than by the cloud: Cinder cannot filter
volumes by `snapshot_id` by default, and a request per placeholder would not scale. Nothing here reads a cloud.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .decode import DecodedImage, dangling, decode_image
from .models import Image, Server, Snapshot, Volume
from .vocabulary import SHARED_VISIBILITIES


@dataclass(frozen=True)
class Clone:
    """A volume Cinder made from a snapshot: the root of a server booted from a placeholder, or one left behind."""

    volume: Volume
    snapshot_id: str
    placeholder_ids: tuple[str, ...]
    """The placeholders that map its snapshot: whose fleet it belongs, or belonged, to."""

    @property
    def server_ids(self) -> tuple[str, ...]:
        return tuple(attachment.server_id for attachment in self.volume.attachments if attachment.server_id)

    @property
    def orphaned(self) -> bool:
        """Available and attached to nothing: its server is gone (`delete_on_termination: false`), its data stays
        and its GiB count against the quota."""
        return self.volume.status == "available" and not self.volume.attachments


@dataclass(frozen=True)
class PlaceholderUsage:
    """One placeholder's fleet: the servers booted from it, the volumes they hold, and what it maps that is gone."""

    image: Image
    decoded: DecodedImage
    servers: tuple[Server, ...]
    volumes: tuple[Volume, ...]
    """Every volume attached to one of its servers (root clones, data disks, volumes attached later)."""
    missing: tuple[str, ...]
    """Mapped snapshots and volumes that no longer exist, as `snapshot <id>` / `volume <id>`."""

    @property
    def statuses(self) -> dict[str, int]:
        """How many of its servers are in each status, most common first."""
        return dict(Counter(server.status for server in self.servers).most_common())

    @property
    def provisioned_gib(self) -> int:
        """The GiB its servers' volumes hold: what the fleet costs in Cinder quota."""
        return sum(volume.size for volume in self.volumes)

    @property
    def dangling(self) -> bool:
        """A server booted from it now fails: Nova cannot find what it maps."""
        return bool(self.missing)

    @property
    def unused(self) -> bool:
        return not self.servers

    @property
    def shared_unbootable(self) -> bool:
        """Other projects see it but cannot boot it: the snapshots and volumes it maps belong to this project, and
        Nova refuses their boot ("Block Device Mapping is Invalid: failed to get snapshot")."""
        return boots_only_here(self.image, self.decoded)


@dataclass(frozen=True)
class Lineage:
    """The four listings, indexed once so that each question is a lookup, whatever the number of placeholders."""

    volumes: Mapping[str, Volume]
    snapshots: Mapping[str, Snapshot]
    images: Mapping[str, Image]
    servers: Mapping[str, Server]
    decoded: Mapping[str, DecodedImage]
    """Placeholders only (images that carry a mapping), by image id."""
    snapshots_of_volume: Mapping[str, tuple[str, ...]]
    clones_of_snapshot: Mapping[str, tuple[str, ...]]
    """Snapshot id to the ids of the volumes made from it, whether the snapshot still exists or not."""
    mapped_by: Mapping[str, tuple[str, ...]]
    """Snapshot or volume id to the placeholders that map it."""
    servers_of_image: Mapping[str, tuple[str, ...]]
    volumes_of_server: Mapping[str, tuple[str, ...]]

    # placeholders and their fleets

    def placeholders(self) -> tuple[Image, ...]:
        """Every placeholder, by name then id."""
        return tuple(sorted((self.images[i] for i in self.decoded), key=lambda image: (image.name, image.id)))

    def usage(self, image_id: str) -> PlaceholderUsage:
        image, decoded = self.images[image_id], self.decoded[image_id]
        servers = tuple(self.servers[i] for i in self.servers_of_image.get(image_id, ()))
        volume_ids = dict.fromkeys(v for server in servers for v in self.volumes_of_server.get(server.id, ()))
        missing = dangling(decoded, self.snapshots, self.volumes)
        volumes = tuple(self.volumes[i] for i in volume_ids)
        return PlaceholderUsage(image, decoded, servers, volumes, tuple(missing))

    def usages(self) -> tuple[PlaceholderUsage, ...]:
        return tuple(self.usage(image.id) for image in self.placeholders())

    def dangling(self) -> tuple[PlaceholderUsage, ...]:
        return tuple(usage for usage in self.usages() if usage.dangling)

    def unused(self) -> tuple[PlaceholderUsage, ...]:
        return tuple(usage for usage in self.usages() if usage.unused)

    def shared_unbootable(self) -> tuple[PlaceholderUsage, ...]:
        return tuple(usage for usage in self.usages() if usage.shared_unbootable)

    # snapshots and their clones

    def clones_of(self, snapshot_id: str) -> tuple[Clone, ...]:
        placeholders = self.mapped_by.get(snapshot_id, ())
        volume_ids = self.clones_of_snapshot.get(snapshot_id, ())
        return tuple(Clone(self.volumes[i], snapshot_id, placeholders) for i in volume_ids)

    def orphaned_clones(self) -> tuple[Clone, ...]:
        """Clones of a snapshot some placeholder maps that are available and attached to nothing."""
        found = [
            clone
            for snapshot_id in self.clones_of_snapshot
            if self.mapped_by.get(snapshot_id)
            for clone in self.clones_of(snapshot_id)
            if clone.orphaned
        ]
        return tuple(sorted(found, key=lambda clone: (clone.volume.name, clone.volume.id)))

    def sole_snapshots(self) -> tuple[tuple[Snapshot, Image], ...]:
        """Snapshots that exactly one placeholder maps and no volume was made from: deleting that placeholder
        leaves each unused, so it may go with it."""
        found = []
        for snapshot_id, snapshot in self.snapshots.items():
            users = self.mapped_by.get(snapshot_id, ())
            if len(users) == 1 and not self.clones_of_snapshot.get(snapshot_id):
                found.append((snapshot, self.images[users[0]]))
        return tuple(sorted(found, key=lambda pair: (pair[1].name, pair[0].name, pair[0].id)))

    def unmapped_snapshots(self) -> tuple[Snapshot, ...]:
        """Snapshots no image maps and no volume was made from."""
        found = [
            snapshot
            for snapshot_id, snapshot in self.snapshots.items()
            if not self.mapped_by.get(snapshot_id) and not self.clones_of_snapshot.get(snapshot_id)
        ]
        return tuple(sorted(found, key=lambda snapshot: (snapshot.name, snapshot.id)))


def boots_only_here(image: Image, decoded: DecodedImage) -> bool:
    """Whether `image` is shared with other projects (shared, community, public) that cannot boot it, since it maps
    a snapshot or volume of this project."""
    return image.visibility in SHARED_VISIBILITIES and bool(decoded.snapshot_ids or decoded.volume_ids)


def build_lineage(
    volumes: Iterable[Volume], snapshots: Iterable[Snapshot], images: Iterable[Image], servers: Iterable[Server]
) -> Lineage:
    """Index the listings: one pass over each, so that 10,000 volumes cost milliseconds."""
    volume_by_id = {volume.id: volume for volume in volumes}
    snapshot_by_id = {snapshot.id: snapshot for snapshot in snapshots}
    image_by_id = {image.id: image for image in images}
    server_by_id = {server.id: server for server in servers}
    decoded = {}
    for image in image_by_id.values():
        found = decode_image(image)
        if found.is_placeholder:
            decoded[image.id] = found
    snapshots_of_volume: dict[str, list[str]] = {}
    for snapshot in snapshot_by_id.values():
        snapshots_of_volume.setdefault(snapshot.volume_id, []).append(snapshot.id)
    clones: dict[str, list[str]] = {}
    volumes_of_server: dict[str, dict[str, None]] = {}
    for volume in volume_by_id.values():
        if volume.snapshot_id:
            clones.setdefault(volume.snapshot_id, []).append(volume.id)
        for attachment in volume.attachments:
            volumes_of_server.setdefault(attachment.server_id, {})[volume.id] = None
    for server in server_by_id.values():
        for volume_id in server.volume_ids:
            if volume_id in volume_by_id:
                volumes_of_server.setdefault(server.id, {})[volume_id] = None
    mapped_by: dict[str, list[str]] = {}
    for image_id, found in decoded.items():
        for source_id in dict.fromkeys((*found.snapshot_ids, *found.volume_ids)):
            mapped_by.setdefault(source_id, []).append(image_id)
    servers_of_image: dict[str, list[str]] = {}
    for server in sorted(server_by_id.values(), key=lambda server: (server.name, server.id)):
        if server.image_id in decoded:
            servers_of_image.setdefault(server.image_id, []).append(server.id)
    return Lineage(
        volumes=volume_by_id,
        snapshots=snapshot_by_id,
        images=image_by_id,
        servers=server_by_id,
        decoded=decoded,
        snapshots_of_volume=_frozen(snapshots_of_volume),
        clones_of_snapshot=_frozen(clones),
        mapped_by=_frozen(mapped_by),
        servers_of_image=_frozen(servers_of_image),
        volumes_of_server={key: tuple(value) for key, value in volumes_of_server.items()},
    )


def _frozen(index: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(value) for key, value in index.items()}
