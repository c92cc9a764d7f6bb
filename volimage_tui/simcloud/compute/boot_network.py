"""The networks a boot asks for, checked as Nova checks them with Neutron before answering 202.

`"none"` attaches nothing. `"auto"` (and, below 2.37, no `networks` at all) takes the one network the project
can use; with several it is Nova's 409 "Multiple possible networks found" (a Devstack project with `private` and
`shared` networks sees exactly that), with none `"auto"` is a 400. A listed network must exist and must not be
external (attaching to one is admin-only: 403). Addresses are handed out when the server is built.
"""

from __future__ import annotations

from typing import Any

from ..model import Network
from ..wire.http import ApiError, Call

Port = dict[str, str]
"""A network the server will be plugged into: `network_id`, `network_name` and, once built, `address`."""


def available_networks(call: Call) -> list[Network]:
    """`_get_available_networks`: the project's own networks, then every shared one."""
    own = [n for n in call.region.networks if n.project_id == call.project_id and not n.shared]
    shared = [n for n in call.region.networks if n.shared]
    return own + shared


def requested_ports(call: Call, networks: str | list[dict[str, Any]] | None, max_count: int) -> list[Port]:
    """The networks each new server gets, or the API error Nova answers for the request's `networks`."""
    if networks == "none":
        return []
    if networks is None or networks == "auto" or networks == []:
        return _only_network(call, auto=networks == "auto")
    ports: list[Port] = []
    for entry in networks if isinstance(networks, list) else []:
        if entry.get("port"):
            raise ApiError(400, f"Port id {entry['port']} could not be found.")
        network_id = entry.get("uuid")
        network = call.region.networks.get(network_id or "")
        if network is None or not (network.shared or network.project_id == call.project_id):
            raise ApiError(400, f"Network {network_id} could not be found.")
        if network.external:
            raise ApiError(403, f"It is not allowed to create an interface on external network {network.id}")
        port: Port = {"network_id": network.id, "network_name": network.name}
        if entry.get("fixed_ip"):
            if max_count > 1:
                raise ApiError(400, "max_count cannot be greater than 1 if an fixed_ip is specified.")
            port["address"] = str(entry["fixed_ip"])
        ports.append(port)
    return ports


def _only_network(call: Call, *, auto: bool) -> list[Port]:
    candidates = available_networks(call)
    if len(candidates) > 1:
        raise ApiError(409, "Multiple possible networks found, use a Network ID to be more specific.")
    if not candidates:
        if auto:
            raise ApiError(400, f"Unable to automatically allocate a network for project {call.project_id}")
        return []
    network = candidates[0]
    if network.external:
        raise ApiError(403, f"It is not allowed to create an interface on external network {network.id}")
    return [{"network_id": network.id, "network_name": network.name}]
