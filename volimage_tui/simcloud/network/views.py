"""Neutron's v2.0 views of networks, subnets, security groups (with rules) and ports, as a project member sees them.

Ports are not stored: each address Nova gave a server (`Server.networks`) is shown as the port Nova would have made
for it, with ids and MAC addresses derived from the server and network ids so that they are stable. Security
group rules are Neutron's defaults (egress for IPv4 and IPv6; the `default` group also admits its own members),
followed by any rules the record holds.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid
from typing import Any

from ..model import Network, SecurityGroup, Server, Subnet
from ..state import RegionState


def neutron_time(timestamp: str | None) -> str | None:
    """Neutron's timestamp form: seconds and a `Z` (`2026-01-05T09:07:00Z`)."""
    return None if timestamp is None else timestamp.split(".")[0] + "Z"


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "neutron/" + "/".join(parts)))


def network_view(network: Network) -> dict[str, Any]:
    created = neutron_time(network.created_at)
    return {
        "id": network.id,
        "name": network.name,
        "tenant_id": network.project_id,
        "project_id": network.project_id,
        "admin_state_up": True,
        "mtu": network.mtu,
        "status": network.status,
        "subnets": list(network.subnet_ids),
        "shared": network.shared,
        "availability_zone_hints": [],
        "availability_zones": list(network.availability_zones),
        "ipv4_address_scope": None,
        "ipv6_address_scope": None,
        "router:external": network.external,
        "description": network.description,
        "port_security_enabled": True,
        "qos_policy_id": None,
        "l2_adjacency": True,
        "is_default": False,
        "tags": [],
        "created_at": created,
        "updated_at": created,
        "revision_number": 1 + len(network.subnet_ids),
    }


def subnet_view(subnet: Subnet) -> dict[str, Any]:
    """A subnet whose allocation pool is every host address but the gateway, as Neutron makes it by default."""
    hosts = list(ipaddress.ip_network(subnet.cidr).hosts())
    pool_start = hosts[1] if len(hosts) > 1 and str(hosts[0]) == subnet.gateway_ip else hosts[0]
    created = neutron_time(subnet.created_at)
    return {
        "id": subnet.id,
        "name": subnet.name,
        "tenant_id": subnet.project_id,
        "project_id": subnet.project_id,
        "network_id": subnet.network_id,
        "ip_version": subnet.ip_version,
        "subnetpool_id": None,
        "enable_dhcp": subnet.enable_dhcp,
        "ipv6_ra_mode": None,
        "ipv6_address_mode": None,
        "gateway_ip": subnet.gateway_ip,
        "cidr": subnet.cidr,
        "allocation_pools": [{"start": str(pool_start), "end": str(hosts[-1])}],
        "host_routes": [],
        "dns_nameservers": [],
        "description": "",
        "service_types": [],
        "dns_publish_fixed_ip": False,
        "segment_id": None,
        "tags": [],
        "created_at": created,
        "updated_at": created,
        "revision_number": 0,
    }


def _rule(group: SecurityGroup, index: int, **fields: Any) -> dict[str, Any]:
    created = neutron_time(group.created_at)
    return {
        "id": stable_id("security-group-rule", group.id, str(index)),
        "tenant_id": group.project_id,
        "project_id": group.project_id,
        "security_group_id": group.id,
        "ethertype": "IPv4",
        "direction": "ingress",
        "protocol": None,
        "port_range_min": None,
        "port_range_max": None,
        "remote_ip_prefix": None,
        "remote_group_id": None,
        "remote_address_group_id": None,
        "normalized_cidr": None,
        "description": "",
        "tags": [],
        "created_at": created,
        "updated_at": created,
        "revision_number": 0,
        **fields,
    }


def security_group_rules(group: SecurityGroup) -> list[dict[str, Any]]:
    rules = [_rule(group, 0, direction="egress"), _rule(group, 1, direction="egress", ethertype="IPv6")]
    if group.name == "default":
        rules.append(_rule(group, 2, remote_group_id=group.id))
        rules.append(_rule(group, 3, ethertype="IPv6", remote_group_id=group.id))
    for stored in group.rules:
        rules.append(_rule(group, len(rules), **stored))
    return rules


def security_group_view(group: SecurityGroup) -> dict[str, Any]:
    created = neutron_time(group.created_at)
    return {
        "id": group.id,
        "name": group.name,
        "tenant_id": group.project_id,
        "project_id": group.project_id,
        "description": group.description,
        "security_group_rules": security_group_rules(group),
        "stateful": True,
        "shared": False,
        "tags": [],
        "created_at": created,
        "updated_at": created,
        "revision_number": 1,
    }


def server_ports(region: RegionState, server: Server) -> list[dict[str, Any]]:
    """The ports Nova made for a server's addresses, one per entry of `Server.networks`."""
    groups = {group.name: group.id for group in region.security_groups if group.project_id == server.project_id}
    ports = []
    for attached in server.networks:
        network_id = attached.get("network_id", "")
        address = attached.get("address", "")
        port_id = stable_id("port", server.id, network_id)
        digest = hashlib.sha256(port_id.encode()).hexdigest()
        created = neutron_time(server.created)
        ports.append(
            {
                "id": port_id,
                "name": "",
                "tenant_id": server.project_id,
                "project_id": server.project_id,
                "network_id": network_id,
                "mac_address": f"fa:16:3e:{digest[0:2]}:{digest[2:4]}:{digest[4:6]}",
                "admin_state_up": True,
                "status": "ACTIVE" if server.status == "ACTIVE" else "DOWN",
                "device_id": server.id,
                "device_owner": f"compute:{server.availability_zone}",
                "fixed_ips": [{"subnet_id": _subnet_of(region, network_id, address), "ip_address": address}],
                "allowed_address_pairs": [],
                "extra_dhcp_opts": [],
                "security_groups": [groups[name] for name in server.security_groups if name in groups],
                "description": "",
                "binding:vnic_type": "normal",
                "port_security_enabled": True,
                "dns_name": "",
                "ip_allocation": "immediate",
                "tags": [],
                "created_at": created,
                "updated_at": neutron_time(server.updated),
                "revision_number": 4,
            }
        )
    return ports


def _subnet_of(region: RegionState, network_id: str, address: str) -> str | None:
    network = region.networks.get(network_id)
    for subnet_id in network.subnet_ids if network else []:
        subnet = region.subnets.get(subnet_id)
        try:
            if subnet is not None and ipaddress.ip_address(address) in ipaddress.ip_network(subnet.cidr):
                return subnet.id
        except ValueError:
            continue
    return None


def attribute_names() -> dict[str, frozenset[str]]:
    """Each collection's view attributes: what Neutron lets a list be filtered and sorted by, rows or not."""
    server = Server(
        id="",
        name="",
        status="",
        flavor_id="",
        image_id="",
        project_id="",
        user_id="",
        availability_zone="",
        created="",
        updated="",
        networks=[{}],
    )
    subnet = Subnet(
        id="", name="", network_id="", project_id="", cidr="10.0.0.0/30", gateway_ip="10.0.0.1", created_at=""
    )
    return {
        "networks": frozenset(network_view(Network(id="", name="", project_id="", created_at=""))),
        "subnets": frozenset(subnet_view(subnet)),
        "security-groups": frozenset(security_group_view(SecurityGroup(id="", name="", project_id="", created_at=""))),
        "ports": frozenset(server_ports(RegionState("attributes"), server)[0]),
    }
