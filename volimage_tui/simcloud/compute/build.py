"""What happens to a server after Nova's 202: the build (conductor and compute) and, later, its deletion.

The build takes three steps of `SimConfig.delay` each, as a real one takes a few polls:

| step | task_state             | what it does                                                               |
|------|------------------------|----------------------------------------------------------------------------|
| 0    | scheduling             | (the API answered 202)                                                     |
| 1    | block_device_mapping   | addresses assigned, device names defaulted, Cinder volumes created         |
| 2    | spawning               | each new volume followed to `available` (Nova polls it), volumes attached  |
| 3    | None, ACTIVE           | power state running                                                        |

Any Cinder refusal in step 1 or 2 puts the server in ERROR with Nova's fault ("Build of instance X aborted:
...") and deletes the volumes it made that had `delete_on_termination`, as `_cleanup_volumes` does.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import string
from typing import Any

from ..model import BlockDevice, Flavor, Server, Volume
from ..state import CloudState, RegionState
from ..volume import blockstore
from ..wire.http import ApiError, Call
from . import snapshot
from .boot_request import BootRequest

DEFAULT_ROOT_DEVICE = "/dev/sda"
"""The root device name when neither the image nor the root mapping names one (what section 10 observed)."""

_DEVICE = re.compile(r"^(/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$")


def nova_time(timestamp: str | None) -> str | None:
    """A stored timestamp as Nova's views show it (`2026-01-05T09:07:00Z`)."""
    return None if timestamp is None else timestamp.split(".")[0].rstrip("Z") + "Z"


def new_server(
    call: Call,
    request: BootRequest,
    flavor: Flavor,
    boot_meta: dict[str, Any],
    index: int,
    count: int,
    reservation_id: str,
) -> Server:
    """A server record in BUILD/scheduling, as `_provision_instances` writes it."""
    cloud = call.cloud
    rng = cloud.random()
    now = cloud.timestamp()
    password = request.admin_pass or "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(12))
    name = f"{request.name}-{index + 1}" if count > 1 else request.name
    return Server(
        id=cloud.new_id(),
        name=name,
        status="BUILD",
        flavor_id=flavor.id,
        image_id=request.image_ref,
        project_id=call.project_id,
        user_id=call.user_id,
        availability_zone=request.availability_zone or call.region.availability_zones[0],
        created=now,
        updated=now,
        security_groups=list(request.security_groups),
        metadata=dict(request.metadata),
        task_state="scheduling",
        description=request.description,
        admin_pass=password,
        reservation_id=reservation_id,
        launch_index=index,
        system_metadata=snapshot.boot_system_metadata(call, boot_meta, flavor, request.image_ref),
        tags=list(request.tags),
        config_drive=request.config_drive,
        user_data=request.user_data,
        access_ipv4=request.access_ipv4,
        access_ipv6=request.access_ipv6,
        pinned_availability_zone=request.availability_zone,
    )


def copy_device(device: BlockDevice) -> BlockDevice:
    return dataclasses.replace(device)


def schedule(cloud: CloudState, region: RegionState, server: Server) -> None:
    """Start the build of a server that Nova's API has accepted."""
    server_id = server.id
    cloud.later(lambda: _prepare_devices(cloud, region, server_id))


def _building(region: RegionState, server_id: str) -> Server | None:
    server = region.servers.get(server_id)
    if server is None or server.status != "BUILD" or server.task_state == "deleting":
        return None
    return server


def _prepare_devices(cloud: CloudState, region: RegionState, server_id: str) -> None:
    server = _building(region, server_id)
    if server is None:
        return
    server.task_state = "block_device_mapping"
    server.updated = cloud.timestamp()
    _assign_addresses(region, server)
    _name_devices(server)
    try:
        for device in _in_attach_order(server.block_devices):
            _create_volume(cloud, region, server, device)
    except ApiError as refusal:
        fail(cloud, region, server, _nova_words(cloud, refusal))
        return
    cloud.later(lambda: _attach_volumes(cloud, region, server_id))


def _attach_volumes(cloud: CloudState, region: RegionState, server_id: str) -> None:
    server = _building(region, server_id)
    if server is None:
        return
    for device in _in_attach_order(server.block_devices):
        volume = region.volumes.get(device.volume_id or "")
        if volume is None:
            fail(cloud, region, server, f"Volume {device.volume_id} could not be found.")
            return
        if volume.status == "creating":
            volume.status = "available"
            volume.updated_at = cloud.timestamp()
        if volume.status not in ("available", "reserved"):
            fail(
                cloud,
                region,
                server,
                f"Volume {volume.id} did not finish being created even after we waited 180 seconds or 61 attempts. "
                f"And its status is {volume.status}.",
            )
            return
        attachment = blockstore.attach_volume(cloud, volume, server.id, device.device_name or "")
        device.attachment_id = attachment.id
    server.task_state = "spawning"
    server.updated = cloud.timestamp()
    cloud.later(lambda: _activate(cloud, region, server_id))


def _activate(cloud: CloudState, region: RegionState, server_id: str) -> None:
    server = _building(region, server_id)
    if server is None:
        return
    server.status = "ACTIVE"
    server.task_state = None
    server.power_state = 1
    server.launched_at = cloud.timestamp()
    server.updated = server.launched_at


def _in_attach_order(devices: list[BlockDevice]) -> list[BlockDevice]:
    """Volume mappings in the order Nova's `attach_block_devices` takes them: volumes, snapshots, images, blanks."""
    order = ("volume", "snapshot", "image", "blank")
    volumes = [d for d in devices if d.destination_type == "volume" and d.source_type in order]
    return sorted(volumes, key=lambda d: order.index(d.source_type))


def _create_volume(cloud: CloudState, region: RegionState, server: Server, device: BlockDevice) -> None:
    """The Cinder call of one mapping (`DriverVol*BlockDevice.attach`); volume->volume ones already exist."""
    if device.source_type == "volume":
        return
    common: dict[str, Any] = {"project_id": server.project_id, "user_id": server.user_id, "size": device.volume_size}
    volume: Volume
    if device.source_type == "snapshot":
        blockstore.find_snapshot(region, device.snapshot_id)
        volume = blockstore.create_volume(
            cloud,
            region,
            **common,
            name="",
            description="",
            snapshot_id=device.snapshot_id,
            volume_type=device.volume_type,
        )
    elif device.source_type == "image":
        image = region.images.get(device.image_id or "")
        if image is None:
            raise ApiError(404, f"Image {device.image_id} could not be found.")
        volume = blockstore.create_volume(
            cloud,
            region,
            **common,
            name="",
            description="",
            volume_type=device.volume_type,
            bootable=True,
            image_metadata=blockstore.volume_image_metadata(image),
        )
    else:
        volume = blockstore.create_volume(
            cloud, region, **common, name=f"{server.id}-blank-vol", description="", volume_type=device.volume_type
        )
    device.volume_id = volume.id


def _nova_words(cloud: CloudState, refusal: ApiError) -> str:
    """How Nova's Cinder client reports a refusal (`InvalidInput` for a 400, `OverQuota` for a 413)."""
    if refusal.status == 413:
        return "Quota exceeded for resources: volumes"
    if refusal.status == 404 and refusal.message.startswith("Snapshot "):
        return refusal.message
    detail = f"{refusal.message} (HTTP {refusal.status}) (Request-ID: req-{cloud.new_id()})"
    return f"Invalid input received: {detail}" if refusal.status == 400 else detail


def fail(cloud: CloudState, region: RegionState, server: Server, reason: str) -> None:
    """ERROR with a fault, volumes detached, and those with `delete_on_termination` deleted."""
    server.status = "ERROR"
    server.task_state = None
    server.power_state = 0
    server.updated = cloud.timestamp()
    server.fault = {
        "code": 500,
        "created": nova_time(cloud.timestamp()),
        "message": f"Build of instance {server.id} aborted: {reason}",
    }
    release_volumes(cloud, region, server)


def release_volumes(cloud: CloudState, region: RegionState, server: Server) -> None:
    """Detach (or unreserve) every volume; delete the `delete_on_termination` ones Cinder lets go."""
    for device in server.block_devices:
        volume = region.volumes.get(device.volume_id or "")
        if volume is None:
            continue
        blockstore.detach_volume(cloud, volume, server.id)
        device.attachment_id = None
        if device.delete_on_termination:
            try:
                blockstore.delete_volume(region, volume)
            except ApiError:
                continue
            device.volume_id = None


def delete(cloud: CloudState, region: RegionState, server: Server) -> None:
    """Start deleting a server: `task_state` deleting now, gone (volumes released) after the delay."""
    server.task_state = "deleting"
    server.updated = cloud.timestamp()
    server_id = server.id

    def finish() -> None:
        doomed = region.servers.get(server_id)
        if doomed is not None:
            release_volumes(cloud, region, doomed)
            region.servers.remove(server_id)

    cloud.later(finish)


def _assign_addresses(region: RegionState, server: Server) -> None:
    for port in server.networks:
        if port.get("address"):
            continue
        network = region.networks.get(port["network_id"])
        subnet = region.subnets.get(network.subnet_ids[0]) if network and network.subnet_ids else None
        if subnet is None:
            continue
        base = ipaddress.ip_network(subnet.cidr, strict=False).network_address
        port["address"] = str(base + subnet.next_host)
        subnet.next_host += 1


def _name_devices(server: Server) -> None:
    """`_default_block_device_names`: root from its mapping, the image, or the default; others take free letters."""
    root = next((d for d in server.block_devices if d.boot_index == 0), None)
    if root is None:
        return
    root.device_name = root.device_name or server.root_device_name or DEFAULT_ROOT_DEVICE
    server.root_device_name = root.device_name
    match = _DEVICE.match(root.device_name)
    prefix = match.group(1) if match else "/dev/vd"
    local_blanks = [d for d in server.block_devices if d.source_type == "blank" and d.destination_type == "local"]
    ordered = local_blanks + [d for d in server.block_devices if d.destination_type == "volume"]
    used = {_letter(d.device_name) for d in server.block_devices if d.device_name}
    for device in ordered:
        if device.device_name:
            continue
        letter = next(candidate for candidate in _letters() if candidate not in used)
        used.add(letter)
        device.device_name = prefix + letter


def _letter(device_name: str) -> str:
    match = _DEVICE.match(device_name)
    return match.group(2) if match else device_name


def _letters() -> list[str]:
    single = list(string.ascii_lowercase)
    return single + [a + b for a in single for b in single]
