"""Neutron's networking API v2.0 (read-only): networks, subnets, security groups, ports, extensions and AZs.

List requests follow `neutron/api/api_common.py`: every query key other than the paging, sorting and `fields`
keys is a filter on an attribute (several values of one key match any of them; an unknown key is a 400 because
the `filter-validation` extension is on), `limit` 0 or absent means no paging (and then a `marker` is ignored),
paging sorts by id after any `sort_key`, and `<collection>_links` carries `next` unless the page came up short
and `previous` whenever it holds rows. Errors are `{"NeutronError": {"type", "message", "detail"}}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from .http import ApiError, Call, VersionRange, json_response
from .network_views import (
    attribute_names,
    network_view,
    security_group_view,
    server_ports,
    subnet_view,
)
from .service import Routes, Service

CONTROL_KEYS = ("limit", "marker", "page_reverse", "sort_key", "sort_dir", "fields")

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

WEBOB_TYPES = {
    400: "HTTPBadRequest",
    403: "HTTPForbidden",
    404: "HTTPNotFound",
    405: "HTTPMethodNotAllowed",
    409: "HTTPConflict",
    413: "HTTPRequestEntityTooLarge",
    429: "HTTPTooManyRequests",
    500: "HTTPInternalServerError",
    503: "HTTPServiceUnavailable",
}

BOOLEAN_ATTRIBUTES = (
    "shared",
    "router:external",
    "admin_state_up",
    "enable_dhcp",
    "port_security_enabled",
    "is_default",
    "stateful",
    "l2_adjacency",
)
INTEGER_ATTRIBUTES = ("mtu", "ip_version", "revision_number")

ATTRIBUTES = attribute_names()
"""Per collection path, the attributes its rows show."""

route = Routes()


class NeutronError(ApiError):
    """An error with Neutron's exception class name, which its body reports as `type`."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(status, message)
        self.kind = kind


def error_body(status: int, message: str) -> Any:
    return {
        "NeutronError": {"type": WEBOB_TYPES.get(status, "HTTPInternalServerError"), "message": message, "detail": ""}
    }


def error_response(error: ApiError, request: Request) -> Response:
    """Neutron's error body, naming the exception class for errors raised as `NeutronError`."""
    body = error_body(error.status, error.message)
    if isinstance(error, NeutronError):
        body["NeutronError"]["type"] = error.kind
    return json_response(body, status=error.status, headers=error.headers)


def discovery(service_root: str, rest: str, versions: VersionRange | None) -> Response | None:
    """The unversioned root lists v2.0 without a token; everything else is the versioned API."""
    if rest in ("", "/"):
        return json_response(
            {
                "versions": [
                    {"id": "v2.0", "status": "CURRENT", "links": [{"href": f"{service_root}/v2.0/", "rel": "self"}]}
                ]
            }
        )
    return None


# listing


def _filter_value(key: str, text: str) -> Any:
    if key in BOOLEAN_ATTRIBUTES:
        if text.lower() in ("true", "1"):
            return True
        if text.lower() in ("false", "0"):
            return False
        raise ApiError(400, f"Invalid input for operation: '{text}' cannot be converted to boolean.")
    if key in INTEGER_ATTRIBUTES:
        try:
            return int(text)
        except ValueError:
            raise ApiError(400, f"Invalid input for operation: '{text}' is not an integer.") from None
    return text


def _limit(call: Call) -> int:
    text = call.query("limit") or "0"
    try:
        limit = int(text)
    except ValueError:
        limit = -1
    if limit < 0:
        raise NeutronError(
            400, "BadRequest", f"Bad limit request: Limit must be an integer 0 or greater and not '{text}'."
        )
    return limit


def list_views(
    call: Call,
    collection: str,
    views: list[dict[str, Any]],
    attributes: frozenset[str],
    not_found: Callable[[str], ApiError],
) -> Response:
    """Filter, sort, page and trim `views` the way Neutron answers `GET /v2.0/<collection>`."""
    args = call.request.args
    for key in args:
        if key not in CONTROL_KEYS and key not in attributes:
            raise ApiError(400, f"{key} is invalid attribute for filtering")
    for key in {key for key in args if key not in CONTROL_KEYS}:
        wanted = [_filter_value(key, text) for text in args.getlist(key)]
        views = [view for view in views if view.get(key) in wanted]
    limit = _limit(call)
    sort_keys = args.getlist("sort_key")
    if limit or sort_keys:
        directions = args.getlist("sort_dir")
        for index, key in reversed(list(enumerate([*sort_keys, "id"]))):
            if key not in attributes:
                raise ApiError(400, f"{key} is an invalid attribute for sort_keys")
            descending = index < len(directions) and directions[index] == "desc"
            views.sort(key=_sort_by(key), reverse=descending)
    body: dict[str, Any] = {}
    if limit:
        marker = call.query("marker")
        start = 0
        if marker:
            found = next((index for index, view in enumerate(views) if view["id"] == marker), None)
            if found is None:
                raise not_found(marker)
            start = found + 1
        views = views[start : start + limit]
        body[f"{collection}_links"] = _links(call, collection, views, limit)
    fields = args.getlist("fields")
    if fields:
        views = [{key: value for key, value in view.items() if key in fields} for view in views]
    body[collection] = views
    return json_response(body)


def _sort_by(key: str) -> Callable[[dict[str, Any]], tuple[bool, Any]]:
    """A sort key on one attribute, nulls first as the database sorts them ascending."""

    def value(view: dict[str, Any]) -> tuple[bool, Any]:
        found = view.get(key)
        return (False, 0) if found is None else (True, found)

    return value


def _links(call: Call, collection: str, views: list[dict[str, Any]], limit: int) -> list[dict[str, str]]:
    links = []
    params = [
        (key, value) for key, value in call.request.args.items(multi=True) if key not in ("marker", "page_reverse")
    ]
    url = f"{call.base_url}/{collection}"
    if views and len(views) >= limit:
        links.append({"rel": "next", "href": f"{url}?{urlencode([*params, ('marker', views[-1]['id'])])}"})
    if views:
        previous = [*params, ("marker", views[0]["id"]), ("page_reverse", "True")]
        links.append({"rel": "previous", "href": f"{url}?{urlencode(previous)}"})
    return links


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


def _register_collection(
    path: str, member: str, views: Callable[[Call], list[dict[str, Any]]], not_found: Callable[[str], ApiError]
) -> None:
    body_key = path.replace("-", "_")

    def list_collection(call: Call) -> Response:
        return list_views(call, body_key, views(call), ATTRIBUTES[path], not_found)

    def show_member(call: Call, row_id: str) -> Response:
        view = _one(views(call), row_id, not_found)
        fields = call.request.args.getlist("fields")
        return json_response({member: {k: v for k, v in view.items() if k in fields} if fields else view})

    route(f"/{path}", "GET")(list_collection)
    route(f"/{path}/<row_id>", "GET")(show_member)


for _path, _member, _views, _missing in COLLECTIONS:
    _register_collection(_path, _member, _views, _missing)


@route("/", "GET")
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


@route("/extensions", "GET")
def list_extensions(call: Call) -> Response:
    return json_response({"extensions": [_extension(*entry) for entry in EXTENSIONS]})


@route("/extensions/<alias>", "GET")
def show_extension(call: Call, alias: str) -> Response:
    entry = next((entry for entry in EXTENSIONS if entry[0] == alias), None)
    if entry is None:
        raise ApiError(404, f"Extension with alias {alias} does not exist")
    return json_response({"extension": _extension(*entry)})


@route("/availability_zones", "GET")
def list_availability_zones(call: Call) -> Response:
    zones = [{"name": "nova", "resource": resource, "state": "available"} for resource in ("network", "router")]
    for key in call.request.args:
        if key not in ("name", "resource", "state", "fields"):
            raise ApiError(400, f"{key} is invalid attribute for filtering")
        if key != "fields":
            zones = [zone for zone in zones if zone[key] in call.request.args.getlist(key)]
    return json_response({"availability_zones": zones})


@route("/quotas/<project_id>", "GET")
def show_quota(call: Call, project_id: str) -> Response:
    return json_response({"quota": dict(NETWORK_QUOTAS)})


@route("/quotas/<project_id>/details", "GET")
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


SERVICE = Service(
    service_type="network",
    mount="networking",
    versioned=re.compile(r"/v2\.0(?=/|$)"),
    routes=route.map(),
    error_body=error_body,
    discovery=discovery,
    error_response=error_response,
)
