"""Nova's `/servers` resource: list (with Nova's filters and paging), show, create, delete, volume attachments.

Nova pages newest first and adds a `servers_links` "next" link whenever a page is full, even the last one, so a
client that follows links ends on an empty page, as against a real Nova.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from ..model import Server
from ..wire.http import ApiError, Call, empty_response, json_response, next_link, page_limit
from ..wire.service import Route
from . import build
from .boot import boot
from .boot_request import parse_boot_request
from .boot_schema import NAME
from .validation import validate_like_nova
from .views import VM_STATES, links, server_detail, server_summary, volume_attachment

STATUS_FILTERS = {status: status for status in VM_STATES} | {"SHUTOFF": "SHUTOFF", "STOPPED": "SHUTOFF"}
"""Statuses a list may filter on (as Nova maps them back to vm_states)."""


def find_server(call: Call, server_id: str) -> Server:
    """The caller's server, or 404 in Nova's words."""
    server = call.region.servers.get(server_id)
    if server is None or server.project_id != call.project_id:
        raise ApiError(404, f"Instance {server_id} could not be found.")
    return server


def list_servers(call: Call) -> Response:
    page, more = _servers_page(call)
    body: dict[str, Any] = {"servers": [server_summary(call, server) for server in page]}
    if more:
        body["servers_links"] = [next_link(call, "/servers", page[-1].id, _limit(call))]
    return json_response(body)


def list_servers_detail(call: Call) -> Response:
    page, more = _servers_page(call)
    body: dict[str, Any] = {"servers": [server_detail(call, server) for server in page]}
    if more:
        body["servers_links"] = [next_link(call, "/servers/detail", page[-1].id, _limit(call))]
    return json_response(body)


def show_server(call: Call, server_id: str) -> Response:
    return json_response({"server": server_detail(call, find_server(call, server_id))})


def create_server(call: Call) -> Response:
    """Boot one or more servers: 202 with the first one's id, links and admin password (or the reservation)."""
    request = parse_boot_request(call)
    servers, reservation_id = boot(call, request)
    if request.return_reservation_id:
        return json_response({"reservation_id": reservation_id}, status=202)
    first = servers[0]
    body = {
        "server": {
            "id": first.id,
            "links": links(call, "servers", first.id),
            "OS-DCF:diskConfig": "MANUAL",
            "security_groups": request.requested_security_groups or [{"name": "default"}],
            "adminPass": first.admin_pass,
        }
    }
    return json_response(body, status=202, headers={"Location": f"{call.base_url}/servers/{first.id}"})


def update_server(call: Call, server_id: str) -> Response:
    """Rename a server (and, from 2.19, describe it); Nova answers with the whole server view."""
    server = find_server(call, server_id)
    properties: dict[str, Any] = {"name": NAME, "accessIPv4": {"type": "string"}, "accessIPv6": {"type": "string"}}
    if call.at_least("2.19"):
        properties["description"] = {"type": ["string", "null"], "maxLength": 255}
    schema = {
        "type": "object",
        "properties": {"server": {"type": "object", "properties": properties, "additionalProperties": False}},
        "required": ["server"],
        "additionalProperties": False,
    }
    body = call.body()
    validate_like_nova(body, schema)
    changes = body["server"]
    server.name = changes.get("name", server.name)
    server.description = changes.get("description", server.description)
    server.access_ipv4 = changes.get("accessIPv4", server.access_ipv4)
    server.access_ipv6 = changes.get("accessIPv6", server.access_ipv6)
    server.updated = call.cloud.timestamp()
    return json_response({"server": server_detail(call, server)})


def delete_server(call: Call, server_id: str) -> Response:
    server = find_server(call, server_id)
    if server.locked:
        raise ApiError(409, f"Instance {server_id} is locked")
    if server.task_state != "deleting":
        build.delete(call.cloud, call.region, server)
    return empty_response(204)


def list_volume_attachments(call: Call, server_id: str) -> Response:
    server = find_server(call, server_id)
    attached = [d for d in server.block_devices if d.volume_id and d.destination_type == "volume"]
    limit = page_limit(call, default=len(attached), maximum=call.cloud.config.max_page)
    offset = int(call.query("offset") or 0)
    shown = attached[offset : offset + limit]
    return json_response({"volumeAttachments": [volume_attachment(call, server, d) for d in shown]})


def show_volume_attachment(call: Call, server_id: str, volume_id: str) -> Response:
    server = find_server(call, server_id)
    device = next((d for d in server.block_devices if d.volume_id == volume_id), None)
    if device is None:
        raise ApiError(404, f"Volume {volume_id} is not attached to {server_id}")
    return json_response({"volumeAttachment": volume_attachment(call, server, device)})


def _limit(call: Call) -> int:
    return page_limit(call, default=call.cloud.config.max_page, maximum=call.cloud.config.max_page)


def _servers_page(call: Call) -> tuple[list[Server], bool]:
    """One page of the caller's servers, newest first, and whether Nova would add a next link (page full)."""
    keep = _filters(call)
    limit = _limit(call)
    marker = call.query("marker")
    rows = call.region.servers.newest_first()
    start = 0
    if marker:
        position = call.region.servers.position(marker)
        if position is None:
            raise ApiError(400, f"marker [{marker}] not found")
        start = position + 1
    page: list[Server] = []
    for server in rows[start:]:
        if len(page) == limit:
            break
        if keep(server):
            page.append(server)
    return page, bool(page) and len(page) == limit


def _filters(call: Call) -> Callable[[Server], bool]:
    """The filters Nova lets a project member use; unknown query keys are ignored, as Nova does."""
    if (call.query("all_tenants") or "").lower() in ("1", "t", "true", "on", "y", "yes"):
        # `_get_servers` in nova/api/openstack/compute/servers.py: all_tenants is checked against the policy,
        # which a project member fails (an admin-only rule by default)
        view = "detail" if call.request.path.endswith("/detail") else "index"
        raise ApiError(403, f"Policy doesn't allow os_compute_api:servers:{view}:get_all_tenants to be performed.")
    statuses = [s.upper() for s in call.request.args.getlist("status")]
    if statuses and not all(s in STATUS_FILTERS for s in statuses):
        if call.at_least("2.38"):
            raise ApiError(400, "Invalid status value")
        return lambda server: False
    wanted_status = {STATUS_FILTERS[s] for s in statuses}
    name = call.query("name")
    try:
        name_pattern = re.compile(name) if name else None
    except re.error:
        raise ApiError(400, f"Invalid regular expression: {name}") from None
    image = (call.query("image") or "").rsplit("/", 1)[-1]
    flavor = (call.query("flavor") or "").rsplit("/", 1)[-1]
    zone = call.query("availability_zone")
    key_name = call.query("key_name")
    reservation = call.query("reservation_id")

    def keep(server: Server) -> bool:
        return (
            server.project_id == call.project_id
            and (not wanted_status or server.status in wanted_status)
            and (name_pattern is None or name_pattern.search(server.name) is not None)
            and (not image or server.image_id == image)
            and (not flavor or server.flavor_id == flavor)
            and (not zone or server.availability_zone == zone)
            and (not key_name or server.key_name == key_name)
            and (not reservation or server.reservation_id == reservation)
        )

    return keep


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/servers", list_servers),
        Route("GET", "/servers/detail", list_servers_detail),
        Route("GET", "/servers/<server_id>", show_server),
        Route("POST", "/servers", create_server),
        Route("PUT", "/servers/<server_id>", update_server),
        Route("DELETE", "/servers/<server_id>", delete_server),
        Route("GET", "/servers/<server_id>/os-volume_attachments", list_volume_attachments),
        Route("GET", "/servers/<server_id>/os-volume_attachments/<volume_id>", show_volume_attachment),
    ]
