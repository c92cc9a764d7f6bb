"""A project at scale for the lineage benchmark: placeholders, the servers booted from them and their clones.

The records are written as the services would hold them after the real requests (a placeholder as volimage
creates it, a server as Nova boots it from one, its root a volume Cinder cloned from the snapshot), without
sending 2,000 boots through the API: the benchmark measures reading a large project, not making one.
"""

from __future__ import annotations

import json

from ..model import Attachment, BlockDevice, Image, Server, Snapshot, Volume
from ..state import CloudState, RegionState


def seed_lineage(
    cloud: CloudState,
    region: RegionState,
    *,
    volumes: int,
    snapshots: int,
    placeholders: int,
    servers: int,
    orphans: int = 0,
) -> None:
    """Bring `region` to these totals: `placeholders` images each mapping its own new snapshot, `servers` booted
    from them in turn (each on a clone of that snapshot), `orphans` clones attached to nothing, then data volumes
    and snapshots of them until there are `volumes` and `snapshots` in all."""
    with cloud.lock:
        owner = next(iter(region.volumes))
        project_id, user_id = owner.project_id, owner.user_id
        stamp = cloud.timestamp()

        def volume(name: str, size: int, snapshot_id: str | None = None) -> Volume:
            row = Volume(
                id=cloud.new_id(), name=name, size=size, status="available", availability_zone="nova",
                volume_type="__DEFAULT__", created_at=stamp, project_id=project_id, user_id=user_id,
                snapshot_id=snapshot_id, bootable=snapshot_id is not None,
            )  # fmt: skip
            return region.volumes.add(row.id, row)

        def snapshot(name: str, source: Volume) -> Snapshot:
            row = Snapshot(
                id=cloud.new_id(), name=name, volume_id=source.id, size=source.size, status="available",
                created_at=stamp, project_id=project_id, user_id=user_id, metadata={"volimage_request": name},
            )  # fmt: skip
            return region.snapshots.add(row.id, row)

        roots = [snapshot(f"tpl-{n:03d} root", volume(f"tpl-{n:03d}-src", 10)) for n in range(placeholders)]
        images = [_placeholder(cloud, region, f"tpl-{n:03d}", root, project_id) for n, root in enumerate(roots)]
        for number in range(servers):
            index = number % placeholders
            clone = volume("", roots[index].size, roots[index].id)
            _server(cloud, region, f"app-{number:05d}", images[index], clone, roots[index].id, project_id, user_id)
        for number in range(orphans):
            volume("", roots[number % placeholders].size, roots[number % placeholders].id)
        padding = 0
        while len(region.volumes) < volumes:
            padding += 1
            data = volume(f"bulk-{padding:05d}", 1 + padding % 50)
            if len(region.snapshots) < snapshots:
                snapshot(f"bulk-{padding:05d}-snap", data)
        for quota, table in (("volumes", region.volumes), ("snapshots", region.snapshots)):
            region.quotas[quota] = max(region.quotas[quota], len(table) * 2)
        region.quotas["instances"] = max(region.quotas["instances"], len(region.servers) * 2)
        region.quotas["gigabytes"] = max(region.quotas["gigabytes"], 100 * len(region.volumes))


def _placeholder(cloud: CloudState, region: RegionState, name: str, root: Snapshot, project_id: str) -> Image:
    """The image volimage makes of `root`: the Nova-style mapping as JSON text, its tag and `volimage_sources`."""
    entry = {
        "source_type": "snapshot", "destination_type": "volume", "guest_format": None, "device_type": "disk",
        "disk_bus": None, "boot_index": 0, "device_name": "/dev/vda", "delete_on_termination": True,
        "snapshot_id": root.id, "volume_id": None, "volume_size": root.size, "image_id": None, "no_device": None,
        "tag": None, "volume_type": None, "encrypted": None, "encryption_secret_uuid": None,
        "encryption_format": None, "encryption_options": None,
    }  # fmt: skip
    image = Image(
        id=cloud.new_id(), name=name, status="active", owner=project_id, created_at=root.created_at,
        updated_at=root.created_at, visibility="private", disk_format="raw", container_format="bare",
        size=0, tags=["volimage"],
        properties={
            "block_device_mapping": json.dumps([entry]), "bdm_v2": "True", "root_device_name": "/dev/vda",
            "volimage_sources": f"snapshot:{root.id}",
        },
    )  # fmt: skip
    return region.images.add(image.id, image)


def _server(
    cloud: CloudState,
    region: RegionState,
    name: str,
    image: Image,
    root: Volume,
    snapshot_id: str,
    project_id: str,
    user_id: str,
) -> Server:
    """An ACTIVE server Nova booted from `image`, its root the clone `root` attached at /dev/vda."""
    server = Server(
        id=cloud.new_id(), name=name, status="ACTIVE", flavor_id="2", image_id=image.id, project_id=project_id,
        user_id=user_id, availability_zone="nova", created=root.created_at, updated=root.created_at,
        task_state=None, power_state=1, root_device_name="/dev/vda",
    )  # fmt: skip
    attachment = Attachment(id=cloud.new_id(), server_id=server.id, device="/dev/vda", attached_at=server.created)
    root.attachments.append(attachment)
    root.status = "in-use"
    server.block_devices.append(
        BlockDevice(
            source_type="snapshot", destination_type="volume", boot_index=0, device_name="/dev/vda",
            delete_on_termination=True, snapshot_id=snapshot_id, volume_id=root.id, volume_size=root.size,
            attachment_id=attachment.id,
        )
    )  # fmt: skip
    return region.servers.add(server.id, server)
