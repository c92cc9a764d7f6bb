"""Nova's compute API for a boot (nova/compute/api.py `_create_instance`): every check made before a 202.

| step                                 | refuses with                                                         |
|--------------------------------------|----------------------------------------------------------------------|
| flavor, availability zone            | 400 "Invalid flavorRef provided." / "The requested availability ..." |
| image (`imageRef`) or boot volume    | 400 "Can not find requested image"; a mapping that is not JSON: 500  |
| image metadata, key, groups, nets    | 400 (`boot_image.py`, `boot_network.py`); 409 ambiguous network      |
| `_check_and_transform_bdm` (merge)   | 400 multiple instances of a volume; an unknown enum value: 500       |
| image vs flavor, quota               | 400 not active / memory too small; 403 quota                         |
| `_validate_bdm` per instance         | 400 boot sequence, snapshot, volume, sizes, disk bus (reserves)      |

Then the servers exist in BUILD and `build.py` finishes them.
"""

from __future__ import annotations

import string
from typing import Any

from ..model import BlockDevice, Flavor, Server, Volume
from ..volume import blockstore
from ..wire.http import ApiError, Call
from . import bdm, boot_image, boot_network, build
from .boot_request import BootRequest

MAX_LOCAL_BLOCK_DEVICES = 3
"""Nova's `max_local_block_devices` default."""
MAX_SERVER_META = 128
"""Nova's `metadata_items` quota default."""


def boot(call: Call, request: BootRequest) -> tuple[list[Server], str]:
    """Run every API-side check of a boot, then create the servers in BUILD; returns them and the reservation."""
    region = call.region
    flavor = region.flavors.get(request.flavor_ref)
    if flavor is None:
        raise ApiError(400, "Invalid flavorRef provided.")
    if request.availability_zone and request.availability_zone not in region.availability_zones:
        raise ApiError(400, "The requested availability zone is not available")
    if request.image_ref:
        boot_meta = boot_image.glance_image(call, request.image_ref)
    else:
        boot_meta = boot_image.image_meta_from_mappings(call, request.mappings, request.legacy_bdm)
    boot_image.check_image_metadata(boot_meta)
    root_device_name = bdm.prepend_dev(boot_image.root_device_name(boot_meta.get("properties", {})))
    key_name = _key_name(call, request.key_name)
    _check_security_groups(call, request.security_groups)
    ports = boot_network.requested_ports(call, request.networks, request.max_count)
    mappings = _check_and_transform(call, request, flavor, boot_meta, root_device_name)
    if len(request.metadata) > MAX_SERVER_META:
        raise ApiError(403, f"Maximum number of metadata items exceeds {MAX_SERVER_META}")
    if request.image_ref and boot_meta.get("properties", {}).get("cinder_encryption_key_id"):
        raise ApiError(
            400,
            f"Image {request.image_ref} is unacceptable: Direct booting of an image uploaded from an encrypted "
            "volume is unsupported.",
        )
    boot_image.check_flavor_image(request.image_ref, boot_meta, flavor, bdm.root_of(mappings))
    count = _check_instance_quota(call, flavor, request.min_count, request.max_count)
    devices = [bdm.to_block_device(entry) for entry in mappings]
    alphabet = string.ascii_lowercase + string.digits
    reservation_id = "r-" + "".join(call.cloud.random().choice(alphabet) for _ in range(8))
    servers: list[Server] = []
    reserved: list[Volume] = []
    try:
        for index in range(count):
            server = build.new_server(call, request, flavor, boot_meta, index, count, reservation_id)
            server.root_device_name = root_device_name
            server.key_name = key_name
            server.networks = [dict(port) for port in ports]
            servers.append(server)
            copies = [build.copy_device(device) for device in devices]
            server.block_devices = _validate_devices(call, server, flavor, copies, reserved)
            for device in server.block_devices:
                device.uuid = device.uuid or call.cloud.new_id()
    except ApiError:
        for volume in reserved:
            blockstore.detach_volume(call.cloud, volume, "")
        raise
    for server in servers:
        call.region.servers.add(server.id, server)
        build.schedule(call.cloud, call.region, server)
    return servers, reservation_id


def _key_name(call: Call, key_name: str | None) -> str | None:
    if key_name is None:
        return None
    keypair = call.region.keypairs.get(key_name)
    if keypair is None or keypair.user_id != call.user_id:
        raise ApiError(400, "Invalid key_name provided.")
    return keypair.name


def _check_security_groups(call: Call, names: list[str]) -> None:
    for name in names:
        found = any(
            group.name == name or group.id == name
            for group in call.region.security_groups
            if group.project_id == call.project_id
        )
        if not found:
            raise ApiError(400, f"Security group {name} not found.")


def _check_and_transform(
    call: Call, request: BootRequest, flavor: Flavor, boot_meta: dict[str, Any], root_device_name: str | None
) -> list[bdm.Mapping]:
    """`_check_and_transform_bdm`: the image's mappings merged with the request's, Nova's way."""
    root_name = root_device_name or "vda"
    user = request.mappings
    if request.image_ref:
        for entry in user:
            if entry.get("destination_type") == "volume" and bdm.strip_dev(entry.get("device_name")) == root_name:
                raise ApiError(
                    400, f"The volume cannot be assigned the same device name as the root device {root_name}"
                )
    image_defined = boot_image.image_defined_mappings(boot_meta, flavor, root_name)
    root_in_image = bdm.root_of(image_defined) is not None
    if request.legacy_bdm:
        user = bdm.from_legacy_mapping(user, request.image_ref, root_name, no_root=root_in_image)
    elif root_in_image:
        user = [entry for entry in user if not (entry.get("boot_index") == 0 and entry.get("source_type") == "image")]
    merged = bdm.merge(image_defined, user)
    if (request.min_count > 1 or request.max_count > 1) and any(
        entry.get("source_type") == "volume" for entry in merged
    ):
        raise ApiError(400, "Cannot attach one or more volumes to multiple instances")
    merged += _flavor_defined(flavor, merged)
    try:
        for entry in merged:
            bdm.to_block_device(entry)
    except ValueError as error:
        raise boot_image.unexpected(error) from None
    return merged


def _flavor_defined(flavor: Flavor, mappings: list[bdm.Mapping]) -> list[bdm.Mapping]:
    """`_get_flavor_defined_bdms`: the flavor's ephemeral and swap disks, unless the mappings have their own."""
    extra: list[bdm.Mapping] = []
    blank_locals = [e for e in mappings if e.get("source_type") == "blank" and e.get("destination_type") == "local"]
    if flavor.ephemeral and not any(e.get("guest_format") != "swap" for e in blank_locals):
        extra.append(_blank_local(flavor.ephemeral, None))
    if flavor.swap and not any(e.get("guest_format") == "swap" for e in blank_locals):
        extra.append(_blank_local(flavor.swap, "swap"))
    return extra


def _blank_local(size: int, guest_format: str | None) -> bdm.Mapping:
    return bdm.block_device_dict(
        {
            "source_type": "blank",
            "destination_type": "local",
            "delete_on_termination": True,
            "device_type": "disk",
            "boot_index": -1,
            "guest_format": guest_format,
            "volume_size": size,
        }
    )


def _check_instance_quota(call: Call, flavor: Flavor, min_count: int, max_count: int) -> int:
    """`check_num_instances_quota`: how many servers fit (at least `min_count`), else 403 in Nova's words."""
    quotas = call.region.quotas
    used = instance_usage(call)
    requested = {"instances": max_count, "cores": max_count * flavor.vcpus, "ram": max_count * flavor.ram}
    overs = sorted(name for name, amount in requested.items() if used[name] + amount > quotas[name] >= 0)
    if not overs:
        return max_count
    headroom = {name: quotas[name] - used[name] for name in requested}
    allowed = min(
        headroom["instances"], headroom["cores"] // max(flavor.vcpus, 1), headroom["ram"] // max(flavor.ram, 1)
    )
    if min_count <= allowed <= max_count:
        return allowed
    shown = {
        **{k: str(v) for k, v in requested.items()},
        "instances": str(min_count) if min_count == max_count else f"{min_count}-{max_count}",
    }
    raise ApiError(
        403,
        f"Quota exceeded for {', '.join(overs)}: Requested {', '.join(shown[o] for o in overs)}, but already used "
        f"{', '.join(str(used[o]) for o in overs)} of {', '.join(str(quotas[o]) for o in overs)} {', '.join(overs)}",
    )


def instance_usage(call: Call) -> dict[str, int]:
    """Instances, cores and RAM the caller's project uses now (every server that is not deleted)."""
    servers = [s for s in call.region.servers if s.project_id == call.project_id]
    flavors = [call.region.flavors.get(s.flavor_id) for s in servers]
    return {
        "instances": len(servers),
        "cores": sum(f.vcpus for f in flavors if f is not None),
        "ram": sum(f.ram for f in flavors if f is not None),
    }


def _validate_devices(
    call: Call, server: Server, flavor: Flavor, devices: list[BlockDevice], reserved: list[Volume]
) -> list[BlockDevice]:
    """`_validate_bdm`: boot order, volume types, sources (reserving volumes into `reserved`), sizes, buses.

    A refused boot gives its reservations back (Cinder's attachment delete), so `reserved` is the caller's undo list.
    """
    region = call.region
    indexes = sorted(d.boot_index for d in devices if d.boot_index is not None and d.boot_index >= 0)
    if not indexes or any(position != index for position, index in enumerate(indexes)):
        raise ApiError(
            400,
            "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping "
            "combination is not valid.",
        )
    for device in devices:
        if device.volume_type and region.volume_type_named(device.volume_type) is None:
            raise ApiError(400, f"Volume type {device.volume_type} could not be found.")
        if device.image_id is not None:
            if device.image_id != server.image_id:
                boot_image.bdm_image(call, device.image_id)
            if device.source_type == "image" and device.destination_type == "volume" and not device.volume_size:
                raise ApiError(
                    400,
                    "Block Device Mapping is Invalid: Images with destination_type 'volume' need to have a non-zero "
                    "size specified",
                )
        elif device.volume_id is not None:
            volume = region.volumes.get(device.volume_id)
            if volume is None or volume.project_id != call.project_id:
                raise ApiError(400, f"Block Device Mapping is Invalid: failed to get volume {device.volume_id}.")
            if volume.multiattach and not call.at_least("2.60"):
                raise ApiError(400, "Multiattach volumes are only supported starting with compute API version 2.60.")
            try:
                blockstore.reserve_volume(volume)
                reserved.append(volume)
            except ApiError as refusal:
                raise ApiError(
                    400, f"Invalid volume: Invalid input received: {refusal.message} (HTTP {refusal.status})"
                ) from None
            device.volume_size = volume.size
        elif device.snapshot_id is not None:
            snapshot = region.snapshots.get(device.snapshot_id)
            if snapshot is None or snapshot.project_id != call.project_id:
                raise ApiError(400, f"Block Device Mapping is Invalid: failed to get snapshot {device.snapshot_id}.")
            device.volume_size = device.volume_size or snapshot.size
        elif device.source_type == "blank" and device.destination_type == "volume" and not device.volume_size:
            raise ApiError(
                400,
                "Block Device Mapping is Invalid: Blank volumes (source: 'blank', dest: 'volume') need to have "
                "non-zero size",
            )
        if device.disk_bus and device.disk_bus not in bdm.DISK_BUSES:
            raise ApiError(400, "Block Device Mapping is Invalid.")
    _check_local_disks(devices, flavor)
    return devices


def _check_local_disks(devices: list[BlockDevice], flavor: Flavor) -> None:
    blanks = [d for d in devices if d.source_type == "blank" and d.destination_type == "local"]
    swaps = [d for d in blanks if d.guest_format == "swap"]
    ephemeral = sum(d.volume_size or flavor.ephemeral for d in blanks if d.guest_format != "swap")
    if ephemeral > flavor.ephemeral:
        raise ApiError(
            400,
            "Ephemeral disks requested are larger than the instance type allows. If no size is given "
            "in one block device mapping, flavor ephemeral size will be used.",
        )
    if len(swaps) > 1:
        raise ApiError(400, "Block Device Mapping is Invalid: More than one swap drive requested.")
    if swaps and (swaps[0].volume_size or 0) > flavor.swap:
        raise ApiError(400, "Swap drive requested is larger than instance type allows.")
    if len([d for d in devices if d.destination_type == "local"]) > MAX_LOCAL_BLOCK_DEVICES:
        raise ApiError(400, "Block Device Mapping is Invalid: You specified more local devices than the limit allows")
