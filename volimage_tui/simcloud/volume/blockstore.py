"""Cinder's volume manager: what happens to volumes and snapshots, whoever asks (Cinder's API or Nova).

Nova reaches Cinder through these functions exactly where a real Nova calls Cinder's API, so a rule such as
"a volume from a snapshot is never smaller than the snapshot" holds the same for both callers. Every function
expects the cloud lock to be held and raises `ApiError` with Cinder's status and words.
"""

from __future__ import annotations

from ..model import Attachment, Image, Snapshot, Volume
from ..state import CloudState, RegionState
from ..wire.http import ApiError

VOLUME_DELETABLE = ("available", "error", "error_restoring", "error_extending", "error_managing")


def volume_image_metadata(image: Image) -> dict[str, str]:
    """What Cinder copies onto a volume made from `image`: base attributes and every property, as strings."""
    return {
        "image_id": image.id,
        "image_name": image.name or "",
        "checksum": image.checksum or "",
        "container_format": image.container_format or "",
        "disk_format": image.disk_format or "",
        "min_disk": str(image.min_disk),
        "min_ram": str(image.min_ram),
        "size": str(image.size or 0),
        **image.properties,
    }


def usage(region: RegionState, project_id: str) -> dict[str, int]:
    """Cinder's quota usage of a project: volumes, snapshots and gigabytes (snapshots count their size)."""
    volumes = [v for v in region.volumes if v.project_id == project_id]
    snapshots = [s for s in region.snapshots if s.project_id == project_id]
    return {
        "volumes": len(volumes),
        "snapshots": len(snapshots),
        "gigabytes": sum(v.size for v in volumes) + sum(s.size for s in snapshots),
    }


def check_quota(
    region: RegionState, project_id: str, *, volumes: int = 0, snapshots: int = 0, gigabytes: int = 0
) -> None:
    """Refuse with 413 as Cinder does when a request would go over a quota."""
    used = usage(region, project_id)
    quotas = region.quotas
    if volumes and used["volumes"] + volumes > quotas["volumes"]:
        raise ApiError(
            413,
            f"VolumeLimitExceeded: Maximum number of volumes allowed ({quotas['volumes']}) "
            "exceeded for quota 'volumes'.",
        )
    if snapshots and used["snapshots"] + snapshots > quotas["snapshots"]:
        raise ApiError(
            413, f"SnapshotLimitExceeded: Maximum number of snapshots allowed ({quotas['snapshots']}) exceeded"
        )
    if gigabytes and used["gigabytes"] + gigabytes > quotas["gigabytes"]:
        raise ApiError(
            413,
            "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. "
            f"Requested {gigabytes}G, quota is {quotas['gigabytes']}G and {used['gigabytes']}G has been consumed.",
        )


def find_volume(region: RegionState, volume_id: str) -> Volume:
    volume = region.volumes.get(volume_id)
    if volume is None:
        raise ApiError(404, f"Volume {volume_id} could not be found.")
    return volume


def find_snapshot(region: RegionState, snapshot_id: str | None) -> Snapshot:
    snapshot = region.snapshots.get(snapshot_id or "")
    if snapshot is None:
        raise ApiError(404, f"Snapshot {snapshot_id} could not be found.")
    return snapshot


def create_volume(
    cloud: CloudState,
    region: RegionState,
    *,
    project_id: str,
    user_id: str,
    size: int | None,
    name: str = "",
    description: str | None = None,
    snapshot_id: str | None = None,
    volume_type: str | None = None,
    availability_zone: str | None = None,
    image_metadata: dict[str, str] | None = None,
    bootable: bool = False,
    metadata: dict[str, str] | None = None,
) -> Volume:
    """Create a volume (blank, or from a snapshot) in `creating`; it becomes `available` after the delay."""
    snapshot = None
    if snapshot_id is not None:
        snapshot = find_snapshot(region, snapshot_id)
        if snapshot.status != "available":
            raise ApiError(400, "Invalid snapshot: Originating snapshot status must be one of 'available' values")
        source = region.volumes.get(snapshot.volume_id)
        size = snapshot.size if size is None else size
        if size < snapshot.size:
            raise ApiError(
                400,
                f"Invalid input received: Volume size '{size}'GB cannot be smaller than the snapshot size "
                f"{snapshot.size}GB. They must be >= original snapshot size.",
            )
        if source is not None:
            volume_type = volume_type or source.volume_type
            if availability_zone and availability_zone != source.availability_zone:
                raise ApiError(
                    400, "Invalid input received: Volume must be in the same availability zone as the snapshot"
                )
            availability_zone = source.availability_zone
            bootable = source.bootable
        image_metadata = dict(snapshot.image_metadata) if snapshot.image_metadata else None
    if size is None or size < 1:
        raise ApiError(400, f"Invalid input received: Volume size '{size}' must be an integer and greater than 0")
    kind = region.volume_type_named(volume_type or "__DEFAULT__")
    if kind is None:
        raise ApiError(404, f"Volume type {volume_type} could not be found.")
    zone = availability_zone or region.availability_zones[0]
    if zone not in region.availability_zones:
        raise ApiError(400, f"Invalid input received: Availability zone '{zone}' is invalid.")
    check_quota(region, project_id, volumes=1, gigabytes=size)
    volume = Volume(
        id=cloud.new_id(),
        name=name,
        description=description,
        size=size,
        status="creating",
        availability_zone=zone,
        volume_type=kind.name,
        created_at=cloud.timestamp(),
        project_id=project_id,
        user_id=user_id,
        bootable=bootable,
        snapshot_id=snapshot.id if snapshot else None,
        image_metadata=image_metadata,
        metadata=dict(metadata or {}),
    )
    region.volumes.add(volume.id, volume)

    def finish() -> None:
        if volume.status == "creating":
            volume.status = "available"
            volume.updated_at = cloud.timestamp()

    cloud.later(finish)
    return volume


def reserve_volume(volume: Volume) -> None:
    """Reserve a volume for an attachment (Cinder's attachment_create), as Nova does at the API."""
    if volume.status not in ("available", "downloading") and not (volume.multiattach and volume.status == "in-use"):
        raise ApiError(
            400,
            f"Invalid volume: Volume {volume.id} status must be available or downloading to reserve, "
            f"but the current status is {volume.status}.",
        )
    volume.status = "reserved"


def attach_volume(cloud: CloudState, volume: Volume, server_id: str, device: str) -> Attachment:
    attachment = Attachment(id=cloud.new_id(), server_id=server_id, device=device, attached_at=cloud.timestamp())
    volume.attachments.append(attachment)
    volume.status = "in-use"
    volume.updated_at = cloud.timestamp()
    return attachment


def detach_volume(cloud: CloudState, volume: Volume, server_id: str) -> None:
    volume.attachments = [a for a in volume.attachments if a.server_id != server_id]
    if not volume.attachments:
        volume.status = "available"
    volume.updated_at = cloud.timestamp()


def delete_volume(region: RegionState, volume: Volume, cloud: CloudState | None = None) -> None:
    """Delete a volume, refusing as Cinder does when it is attached or still has snapshots.

    With `cloud`, the volume shows `deleting` until the configured delay has passed, as Cinder's API shows it;
    without, it is gone at once.
    """
    has_snapshots = any(s.volume_id == volume.id for s in region.snapshots)
    if volume.status not in VOLUME_DELETABLE or has_snapshots or volume.attachments:
        raise ApiError(
            400,
            "Invalid volume: Volume status must be available or error or error_restoring or error_extending or "
            "error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a "
            "transfer, or be disassociated from snapshots after volume transfer.",
        )
    if cloud is None:
        region.volumes.remove(volume.id)
        return
    volume.status = "deleting"
    volume.updated_at = cloud.timestamp()
    cloud.later(lambda: region.volumes.remove(volume.id))


def create_snapshot(
    cloud: CloudState,
    region: RegionState,
    volume: Volume,
    *,
    project_id: str,
    user_id: str,
    name: str,
    description: str | None,
    force: bool,
    metadata: dict[str, str] | None = None,
) -> Snapshot:
    """Snapshot a volume: `available`, or `in-use` when forced; the snapshot keeps the volume's image metadata."""
    allowed = ("available", "in-use") if force else ("available",)
    if volume.status not in allowed:
        raise ApiError(
            400, f"Invalid volume: Volume {volume.id} status must be available, but current status is: {volume.status}."
        )
    check_quota(region, project_id, snapshots=1, gigabytes=volume.size)
    snapshot = Snapshot(
        id=cloud.new_id(),
        name=name,
        description=description,
        volume_id=volume.id,
        size=volume.size,
        status="creating",
        created_at=cloud.timestamp(),
        project_id=project_id,
        user_id=user_id,
        metadata=dict(metadata or {}),
        image_metadata=dict(volume.image_metadata) if volume.image_metadata else None,
        progress="0%",
    )
    region.snapshots.add(snapshot.id, snapshot)

    def finish() -> None:
        if snapshot.status == "creating":
            snapshot.status = "available"
            snapshot.progress = "100%"
            snapshot.updated_at = cloud.timestamp()

    cloud.later(finish)
    return snapshot


def delete_snapshot(cloud: CloudState, region: RegionState, snapshot: Snapshot) -> None:
    """Delete a snapshot (`deleting`, then gone after the delay); only available or error ones may go."""
    if snapshot.status not in ("available", "error", "error_deleting"):
        raise ApiError(400, "Invalid snapshot: Volume Snapshot status must be available or error or error_deleting")
    snapshot.status = "deleting"
    cloud.later(lambda: region.snapshots.remove(snapshot.id))
