"""Neutron's resources as a project sees them: networks, subnets, security groups, ports, extensions, zones, quotas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from ..wire.http import ApiError, Call, json_response
from ..wire.service import Route
from .errors import NeutronError
from .listing import list_views
from .views import (
    attribute_names,
    network_view,
    security_group_view,
    server_ports,
    subnet_view,
)

EXTENSIONS: tuple[tuple[str, str, str], ...] = (
    ("agent", "agent", "The agent management extension."),
    ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
    ("availability_zone", "Availability Zone", "The availability zone extension."),
    ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
    ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
    ("extra_dhcp_opt", "Neutron Extra DHCP options", "Extra options configuration for DHCP."),
    ("filter-validation", "Filter parameters validation", "Provides validation on filter parameters."),
    ("network_availability_zone", "Network Availability Zone", "Availability zone support for network."),
    ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
    ("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
    ("port-security", "Port Security", "Provides port security"),
    ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
    ("quotas", "Quota management support", "Expose functions for quotas management per project"),
    ("security-group", "security-group", "The security groups extension."),
    ("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
    ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
    (
        "standard-attr-revisions",
        "Resource revision numbers",
        "This extension will display the revision number of neutron resources.",
    ),
    (
        "standard-attr-tag",
        "Tag support for resources with standard attribute: ...",
        "Enables to set tag on resources with standard attribute.",
    ),
    (
        "standard-attr-timestamp",
        "Resource timestamps",
        "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.",
    ),
    ("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
)
"""(alias, name, description) of the extensions a plain ML2/OVN deployment lists."""

NETWORK_QUOTAS = {
    "network": 100,
    "subnet": 100,
    "port": 500,
    "router": 10,
    "floatingip": 50,
    "security_group": 10,
    "security_group_rule": 100,
    "rbac_policy": 10,
    "subnetpool": -1,
}
"""Neutron's default quotas."""

ATTRIBUTES = attribute_names()
"""Per collection path, the attributes its rows show."""


def _not_found(kind: str, noun: str, tail: str = "could not be found.") -> Callable[[str], ApiError]:
    return lambda row_id: NeutronError(404, kind, f"{noun} {row_id} {tail}")


NETWORK_NOT_FOUND = _not_found("NetworkNotFound", "Network")
SUBNET_NOT_FOUND = _not_found("SubnetNotFound", "Subnet")
GROUP_NOT_FOUND = _not_found("SecurityGroupNotFound", "Security group", "does not exist")
PORT_NOT_FOUND = _not_found("PortNotFound", "Port")


def _networks(call: Call) -> list[dict[str, Any]]:
    """The networks a project sees: its own, shared ones and external ones."""
    return [
        network_view(network)
        for network in call.region.networks.oldest_first()
        if network.project_id == call.project_id or network.shared or network.external
    ]


def _subnets(call: Call) -> list[dict[str, Any]]:
    visible = {view["id"] for view in _networks(call)}
    return [subnet_view(subnet) for subnet in call.region.subnets.oldest_first() if subnet.network_id in visible]


def _security_groups(call: Call) -> list[dict[str, Any]]:
    return [
        security_group_view(group)
        for group in call.region.security_groups.oldest_first()
        if group.project_id == call.project_id
    ]


def _ports(call: Call) -> list[dict[str, Any]]:
    return [
        port
        for server in call.region.servers.oldest_first()
        if server.project_id == call.project_id
        for port in server_ports(call.region, server)
    ]


def _one(views: list[dict[str, Any]], row_id: str, not_found: Callable[[str], ApiError]) -> dict[str, Any]:
    found = next((view for view in views if view["id"] == row_id), None)
    if found is None:
        raise not_found(row_id)
    return found


COLLECTIONS: tuple[tuple[str, str, Callable[[Call], list[dict[str, Any]]], Callable[[str], ApiError]], ...] = (
    ("networks", "network", _networks, NETWORK_NOT_FOUND),
    ("subnets", "subnet", _subnets, SUBNET_NOT_FOUND),
    ("security-groups", "security_group", _security_groups, GROUP_NOT_FOUND),
    ("ports", "port", _ports, PORT_NOT_FOUND),
)
"""(URL collection, member key, the views a project sees, the 404 for an unknown id)."""


def _collection_routes(
    path: str, member: str, views: Callable[[Call], list[dict[str, Any]]], not_found: Callable[[str], ApiError]
) -> list[Route]:
    """`GET /<path>` and `GET /<path>/<id>` of one collection."""
    body_key = path.replace("-", "_")

    def list_collection(call: Call) -> Response:
        return list_views(call, body_key, views(call), ATTRIBUTES[path], not_found)

    def show_member(call: Call, row_id: str) -> Response:
        view = _one(views(call), row_id, not_found)
        fields = call.request.args.getlist("fields")
        return json_response({member: {k: v for k, v in view.items() if k in fields} if fields else view})

    return [Route("GET", f"/{path}", list_collection), Route("GET", f"/{path}/<row_id>", show_member)]


def list_resources(call: Call) -> Response:
    resources = [
        {"name": name, "collection": collection, "links": [{"href": f"{call.base_url}/{collection}", "rel": "self"}]}
        for name, collection in (
            ("subnet", "subnets"),
            ("network", "networks"),
            ("port", "ports"),
            ("subnetpool", "subnetpools"),
        )
    ]
    return json_response({"resources": resources})


def _extension(alias: str, name: str, description: str) -> dict[str, Any]:
    return {
        "alias": alias,
        "name": name,
        "description": description,
        "updated": "2013-01-20T00:00:00-00:00",
        "links": [],
    }


def list_extensions(call: Call) -> Response:
    return json_response({"extensions": [_extension(*entry) for entry in EXTENSIONS]})


def show_extension(call: Call, alias: str) -> Response:
    entry = next((entry for entry in EXTENSIONS if entry[0] == alias), None)
    if entry is None:
        raise ApiError(404, f"Extension with alias {alias} does not exist")
    return json_response({"extension": _extension(*entry)})


def list_availability_zones(call: Call) -> Response:
    zones = [{"name": "nova", "resource": resource, "state": "available"} for resource in ("network", "router")]
    for key in call.request.args:
        if key not in ("name", "resource", "state", "fields"):
            raise ApiError(400, f"{key} is invalid attribute for filtering")
        if key != "fields":
            zones = [zone for zone in zones if zone[key] in call.request.args.getlist(key)]
    return json_response({"availability_zones": zones})


def show_quota(call: Call, project_id: str) -> Response:
    return json_response({"quota": dict(NETWORK_QUOTAS)})


def show_quota_details(call: Call, project_id: str) -> Response:
    used = {
        "network": len(_networks(call)),
        "subnet": len(_subnets(call)),
        "port": len(_ports(call)),
        "security_group": len(_security_groups(call)),
    }
    return json_response(
        {
            "quota": {
                name: {"limit": limit, "used": used.get(name, 0), "reserved": 0}
                for name, limit in NETWORK_QUOTAS.items()
            }
        }
    )


def routes() -> list[Route]:
    """The routes this module answers: the collections, then the rest."""
    collections = [route for entry in COLLECTIONS for route in _collection_routes(*entry)]
    return [
        *collections,
        Route("GET", "/", list_resources),
        Route("GET", "/extensions", list_extensions),
        Route("GET", "/extensions/<alias>", show_extension),
        Route("GET", "/availability_zones", list_availability_zones),
        Route("GET", "/quotas/<project_id>", show_quota),
        Route("GET", "/quotas/<project_id>/details", show_quota_details),
    ]
