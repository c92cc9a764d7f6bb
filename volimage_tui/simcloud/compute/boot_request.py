"""Nova's API layer for `POST /servers` (servers.py `create`): schema, then the request's own normalisation.

The result is a `BootRequest` the compute API flow (`boot.py`) works on: block device mappings already through
`from_api` (v2) or still legacy, `legacy_bdm` as Nova defaults it (True when the request has no mapping at all),
and the image reference checked against the mappings ("Missing imageRef attribute").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..wire.http import ApiError, Call
from . import bdm
from .boot_schema import create_schema
from .validation import validate_like_nova


@dataclass
class BootRequest:
    """What a `POST /servers` asked for, after Nova's API layer."""

    name: str
    flavor_ref: str
    image_ref: str
    """The image id, or "" when the request boots from its mappings only."""
    networks: str | list[dict[str, Any]] | None
    """`"auto"`, `"none"`, a list of `{uuid|port|fixed_ip}`, or None when not given (below 2.37)."""
    mappings: list[bdm.Mapping]
    legacy_bdm: bool
    min_count: int = 1
    max_count: int = 1
    key_name: str | None = None
    security_groups: list[str] = field(default_factory=lambda: ["default"])
    availability_zone: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    user_data: str | None = None
    config_drive: bool = False
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    admin_pass: str | None = None
    access_ipv4: str = ""
    access_ipv6: str = ""
    return_reservation_id: bool = False
    requested_security_groups: list[dict[str, str]] | None = None
    """The request's own `security_groups` list, echoed by the create response."""


def parse_boot_request(call: Call) -> BootRequest:
    """Validate the body as Nova does at the negotiated microversion; 400 with Nova's words otherwise."""
    assert call.version is not None
    body = call.body()
    validate_like_nova(body, create_schema(call.version))
    server: dict[str, Any] = body["server"]
    mappings, legacy_bdm = _mappings(server)
    image_ref = server.get("imageRef") or ""
    if not image_ref and not mappings:
        raise ApiError(400, "Missing imageRef attribute")
    min_count = int(server.get("min_count", 1))
    max_count = int(server.get("max_count", min_count))
    if min_count > max_count:
        raise ApiError(400, "min_count must be <= max_count")
    groups = server.get("security_groups")
    return BootRequest(
        name=server["name"],
        flavor_ref=str(server["flavorRef"]),
        image_ref=image_ref,
        networks=server.get("networks"),
        mappings=mappings,
        legacy_bdm=legacy_bdm,
        min_count=min_count,
        max_count=max_count,
        key_name=server.get("key_name"),
        security_groups=[group["name"] for group in groups if "name" in group] if groups else ["default"],
        availability_zone=server.get("availability_zone"),
        metadata=dict(server.get("metadata") or {}),
        user_data=server.get("user_data"),
        config_drive=bdm.bool_from_string(server.get("config_drive", False)),
        description=server.get("description") if call.at_least("2.19") else server["name"],
        tags=list(server.get("tags") or []),
        admin_pass=server.get("adminPass"),
        access_ipv4=server.get("accessIPv4", ""),
        access_ipv6=server.get("accessIPv6", ""),
        return_reservation_id=bdm.bool_from_string(server.get("return_reservation_id", False)),
        requested_security_groups=groups,
    )


def _mappings(server: dict[str, Any]) -> tuple[list[bdm.Mapping], bool]:
    """`_process_bdms_for_create`: v2 entries through `from_api`; legacy ones kept for `from_legacy_mapping`."""
    legacy = server.get("block_device_mapping")
    modern = server.get("block_device_mapping_v2")
    if legacy and modern:
        raise ApiError(400, "Using different block_device_mapping syntaxes is not allowed in the same request.")
    if modern:
        image_given = server.get("imageRef") not in (None, "")
        return [bdm.from_api(dict(entry), image_given) for entry in modern], False
    return [dict(entry) for entry in legacy or []], True
