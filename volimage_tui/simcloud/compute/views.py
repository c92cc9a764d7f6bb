"""Nova's JSON views of servers and their parts, per microversion, as in nova `doc/api_samples/servers/`.

The caller is the project's member, never an admin, so the admin-only `OS-EXT-SRV-ATTR:*` fields (but the
hostname, shown to everyone from 2.90) and `host_status` are left out, as Nova's default policy does.

| from | field                                                         |
|------|---------------------------------------------------------------|
| 2.3  | `delete_on_termination` in `os-extended-volumes:volumes_attached` |
| 2.9  | `locked`                                                      |
| 2.19 | `description`                                                 |
| 2.26 | `tags`                                                        |
| 2.47 | the flavor embedded (`original_name`, sizes, `extra_specs`) instead of a link |
| 2.63 | `trusted_image_certificates`                                  |
| 2.71 | `server_groups`                                               |
| 2.73 | `locked_reason`                                               |
| 2.90 | `OS-EXT-SRV-ATTR:hostname`                                    |
| 2.96 | `pinned_availability_zone`                                    |
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..model import BlockDevice, Flavor, Server
from ..wire.http import Call
from .build import nova_time

VM_STATES = {
    "ACTIVE": "active",
    "BUILD": "building",
    "SHUTOFF": "stopped",
    "ERROR": "error",
    "DELETED": "deleted",
    "PAUSED": "paused",
    "SUSPENDED": "suspended",
}
"""The API status of a server and the `vm_state` Nova keeps behind it."""

PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")
FAULT_STATUSES = ("ERROR", "DELETED")
COMPUTE_HOST = "compute-1"
"""The one hypervisor host of the simulation (only its hash, `hostId`, is shown to members)."""


def service_root(call: Call) -> str:
    """The endpoint without its version (`.../compute`), which Nova's bookmark links use."""
    return re.sub(r"/v2(\.1)?/?$", "", call.base_url)


def links(call: Call, collection: str, identifier: str) -> list[dict[str, str]]:
    return [
        {"rel": "self", "href": f"{call.base_url}/{collection}/{identifier}"},
        {"rel": "bookmark", "href": f"{service_root(call)}/{collection}/{identifier}"},
    ]


def bookmark(call: Call, collection: str, identifier: str) -> list[dict[str, str]]:
    return [{"rel": "bookmark", "href": f"{service_root(call)}/{collection}/{identifier}"}]


def server_summary(call: Call, server: Server) -> dict[str, Any]:
    return {"id": server.id, "links": links(call, "servers", server.id), "name": server.name}


def server_detail(call: Call, server: Server) -> dict[str, Any]:
    """The full server view (`GET /servers/{id}`, `/servers/detail`) at the negotiated microversion."""
    scheduled = not (server.status == "BUILD" and server.task_state == "scheduling")
    view: dict[str, Any] = {
        "id": server.id,
        "name": server.name,
        "status": server.status,
        "tenant_id": server.project_id,
        "user_id": server.user_id,
        "metadata": dict(server.metadata),
        "hostId": hashlib.sha224(f"{server.project_id}{COMPUTE_HOST}".encode()).hexdigest() if scheduled else "",
        "image": image_reference(call, server.image_id),
        "flavor": flavor_view(call, server.flavor_id),
        "created": nova_time(server.created),
        "updated": nova_time(server.updated),
        "addresses": addresses(server),
        "accessIPv4": server.access_ipv4,
        "accessIPv6": server.access_ipv6,
        "links": links(call, "servers", server.id),
        "OS-DCF:diskConfig": "MANUAL",
        "config_drive": "True" if server.config_drive else "",
        "key_name": server.key_name,
        "OS-EXT-AZ:availability_zone": server.availability_zone if scheduled else "",
        "OS-EXT-STS:power_state": server.power_state,
        "OS-EXT-STS:task_state": server.task_state,
        "OS-EXT-STS:vm_state": VM_STATES.get(server.status, server.status.lower()),
        "OS-SRV-USG:launched_at": server.launched_at or (None if server.status == "BUILD" else server.created),
        "OS-SRV-USG:terminated_at": None,
        "os-extended-volumes:volumes_attached": volumes_attached(call, server),
    }
    if server.status in PROGRESS_STATUSES:
        view["progress"] = 0
    if server.networks:
        view["security_groups"] = [{"name": name} for name in server.security_groups]
    if server.status in FAULT_STATUSES and server.fault:
        view["fault"] = fault_view(server.fault)
    if call.at_least("2.9"):
        view["locked"] = server.locked
    if call.at_least("2.19"):
        view["description"] = server.description
    if call.at_least("2.26"):
        view["tags"] = list(server.tags)
    if call.at_least("2.63"):
        view["trusted_image_certificates"] = None
    if call.at_least("2.71"):
        view["server_groups"] = []
    if call.at_least("2.73"):
        view["locked_reason"] = None
    if call.at_least("2.90"):
        view["OS-EXT-SRV-ATTR:hostname"] = hostname(server.name)
    if call.at_least("2.96"):
        view["pinned_availability_zone"] = server.pinned_availability_zone
    return view


def image_reference(call: Call, image_id: str) -> dict[str, Any] | str:
    """`{"id", "links"}` of the boot image, or "" for a server booted from a volume without imageRef."""
    if not image_id:
        return ""
    return {"id": image_id, "links": bookmark(call, "images", image_id)}


def flavor_view(call: Call, flavor_id: str) -> dict[str, Any]:
    """A link to the flavor below 2.47, the flavor itself (as it was at boot) from 2.47."""
    flavor = call.region.flavors.get(flavor_id)
    if not call.at_least("2.47") or flavor is None:
        return {"id": flavor_id, "links": bookmark(call, "flavors", flavor_id)}
    return embedded_flavor(flavor)


def embedded_flavor(flavor: Flavor) -> dict[str, Any]:
    return {
        "vcpus": flavor.vcpus,
        "ram": flavor.ram,
        "disk": flavor.disk,
        "ephemeral": flavor.ephemeral,
        "swap": flavor.swap,
        "original_name": flavor.name,
        "extra_specs": dict(flavor.extra_specs),
    }


def addresses(server: Server) -> dict[str, list[dict[str, Any]]]:
    """Fixed addresses by network name, with the port's MAC, as Nova's address view shows them."""
    shown: dict[str, list[dict[str, Any]]] = {}
    for port in server.networks:
        address = port.get("address")
        if not address:
            continue
        shown.setdefault(port.get("network_name", ""), []).append(
            {
                "addr": address,
                "version": 6 if ":" in address else 4,
                "OS-EXT-IPS:type": "fixed",
                "OS-EXT-IPS-MAC:mac_addr": mac_address(server.id, address),
            }
        )
    return shown


def mac_address(server_id: str, address: str) -> str:
    """A Neutron-style MAC (`fa:16:3e:..`), stable for a server and address."""
    digest = hashlib.sha256(f"{server_id}/{address}".encode()).hexdigest()
    return "fa:16:3e:" + ":".join(digest[i : i + 2] for i in range(0, 6, 2))


def volumes_attached(call: Call, server: Server) -> list[dict[str, Any]]:
    attached: list[dict[str, Any]] = []
    for device in server.block_devices:
        if device.volume_id:
            entry: dict[str, Any] = {"id": device.volume_id}
            if call.at_least("2.3"):
                entry["delete_on_termination"] = device.delete_on_termination
            attached.append(entry)
    return attached


def fault_view(fault: dict[str, Any]) -> dict[str, Any]:
    """`{"code", "created", "message"}`; `details` only for codes other than 500 (admins would see it always)."""
    view = {"code": fault["code"], "created": fault["created"], "message": fault["message"]}
    if fault.get("details") and fault["code"] != 500:
        view["details"] = fault["details"]
    return view


def volume_attachment(call: Call, server: Server, device: BlockDevice) -> dict[str, Any]:
    """One entry of `os-volume_attachments` at the negotiated microversion."""
    view: dict[str, Any] = {
        "device": device.device_name,
        "serverId": server.id,
        "volumeId": device.volume_id,
    }
    if not call.at_least("2.89"):
        view["id"] = device.volume_id
    if call.at_least("2.70"):
        view["tag"] = device.tag
    if call.at_least("2.79"):
        view["delete_on_termination"] = device.delete_on_termination
    if call.at_least("2.89"):
        view["attachment_id"] = device.attachment_id
        view["bdm_uuid"] = device.uuid
    return view


def hostname(name: str) -> str:
    """Nova's `sanitize_hostname`: lower case, spaces and underscores to dashes, other symbols dropped."""
    text = re.sub(r"[ _]", "-", name.lower())
    text = re.sub(r"[^\w.-]+", "", text, flags=re.ASCII)
    return text.strip(".-")[:63] or "server"
