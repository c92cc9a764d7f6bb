"""What Nova offers to boot with: flavors, availability zones, limits and quota sets.

Flavors list in Nova's default order (flavor id ascending) with a `flavors_links` "next" link on a full page.
The availability zone detail and another project's quotas are admin-only by Nova's default policy: a project
member gets Nova's 403, which the `openstack` CLI expects and handles.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..model import Flavor
from ..wire.http import ApiError, Call, json_response, next_link, page_limit
from ..wire.service import Route
from .boot import instance_usage
from .views import links

FIXED_LIMITS = {"metadata_items": 128, "server_groups": 10, "server_group_members": 10}
"""Quotas the simulation does not track in `RegionState.quotas`: Nova's defaults."""


def _policy_refusal(rule: str) -> ApiError:
    return ApiError(403, f"Policy doesn't allow {rule} to be performed.")


def find_flavor(call: Call, flavor_id: str) -> Flavor:
    flavor = call.region.flavors.get(flavor_id)
    if flavor is None:
        raise ApiError(404, f"Flavor {flavor_id} could not be found.")
    return flavor


def flavor_summary(call: Call, flavor: Flavor) -> dict[str, Any]:
    view: dict[str, Any] = {"id": flavor.id, "links": links(call, "flavors", flavor.id), "name": flavor.name}
    if call.at_least("2.55"):
        view["description"] = flavor.description
    return view


def flavor_detail(call: Call, flavor: Flavor) -> dict[str, Any]:
    """Nova's flavor view: `swap` is "" for none below 2.75, `extra_specs` from 2.61."""
    view = flavor_summary(call, flavor)
    view.update(
        {
            "ram": flavor.ram,
            "disk": flavor.disk,
            "vcpus": flavor.vcpus,
            "swap": flavor.swap if flavor.swap or call.at_least("2.75") else "",
            "OS-FLV-EXT-DATA:ephemeral": flavor.ephemeral,
            "OS-FLV-DISABLED:disabled": False,
            "os-flavor-access:is_public": flavor.is_public,
            "rxtx_factor": 1.0,
        }
    )
    if call.at_least("2.61"):
        view["extra_specs"] = dict(flavor.extra_specs)
    return view


def _flavors_page(call: Call) -> tuple[list[Flavor], int]:
    def number(text: str | None, name: str) -> int:
        try:
            return int(text or 0)
        except ValueError:
            raise ApiError(400, f"Invalid {name} filter [{text}]") from None

    min_disk = number(call.query("minDisk"), "minDisk")
    min_ram = number(call.query("minRam"), "minRam")
    limit = page_limit(call, default=call.cloud.config.max_page, maximum=call.cloud.config.max_page)
    flavors = sorted(call.region.flavors, key=lambda f: f.id)
    marker = call.query("marker")
    if marker:
        position = next((index for index, f in enumerate(flavors) if f.id == marker), None)
        if position is None:
            raise ApiError(400, f"marker [{marker}] not found")
        flavors = flavors[position + 1 :]
    public = _is_public_filter(call.query("is_public"))
    kept = [f for f in flavors if f.disk >= min_disk and f.ram >= min_ram and (public is None or f.is_public == public)]
    return kept[:limit], limit


def _is_public_filter(text: str | None) -> bool | None:
    """Nova's `is_public` filter: absent means public only, `none` means all, else a boolean word (400 if not)."""
    if text is None:
        return True
    if text.strip().lower() == "none":
        return None
    if text.strip().lower() in ("1", "t", "true", "on", "y", "yes"):
        return True
    if text.strip().lower() in ("0", "f", "false", "off", "n", "no"):
        return False
    raise ApiError(400, f"Invalid is_public filter [{text}]")


def _flavor_list(call: Call, path: str, view: Any) -> Response:
    page, limit = _flavors_page(call)
    body: dict[str, Any] = {"flavors": [view(call, flavor) for flavor in page]}
    if page and len(page) == limit:
        body["flavors_links"] = [next_link(call, path, page[-1].id, limit)]
    return json_response(body)


def list_flavors(call: Call) -> Response:
    return _flavor_list(call, "/flavors", flavor_summary)


def list_flavors_detail(call: Call) -> Response:
    return _flavor_list(call, "/flavors/detail", flavor_detail)


def show_flavor(call: Call, flavor_id: str) -> Response:
    return json_response({"flavor": flavor_detail(call, find_flavor(call, flavor_id))})


def list_extra_specs(call: Call, flavor_id: str) -> Response:
    return json_response({"extra_specs": dict(find_flavor(call, flavor_id).extra_specs)})


def show_extra_spec(call: Call, flavor_id: str, key: str) -> Response:
    flavor = find_flavor(call, flavor_id)
    if key not in flavor.extra_specs:
        raise ApiError(404, f"Flavor {flavor_id} has no extra specs with key {key}.")
    return json_response({key: flavor.extra_specs[key]})


def list_zones(call: Call) -> Response:
    zones = [
        {"zoneName": zone, "zoneState": {"available": True}, "hosts": None} for zone in call.region.availability_zones
    ]
    return json_response({"availabilityZoneInfo": zones})


def list_zones_detail(call: Call) -> Response:
    raise _policy_refusal("os_compute_api:os-availability-zone:detail")


def show_limits(call: Call) -> Response:
    """The project's absolute limits and usage; the fields Nova dropped at 2.36, 2.39 and 2.57 go with them."""
    quotas = call.region.quotas
    used = instance_usage(call)
    absolute: dict[str, int] = {
        "maxServerMeta": FIXED_LIMITS["metadata_items"],
        "maxTotalCores": quotas["cores"],
        "maxTotalInstances": quotas["instances"],
        "maxTotalKeypairs": quotas["key_pairs"],
        "maxTotalRAMSize": quotas["ram"],
        "maxServerGroups": FIXED_LIMITS["server_groups"],
        "maxServerGroupMembers": FIXED_LIMITS["server_group_members"],
        "totalCoresUsed": used["cores"],
        "totalInstancesUsed": used["instances"],
        "totalRAMUsed": used["ram"],
        "totalServerGroupsUsed": 0,
    }
    if not call.at_least("2.36"):
        absolute.update(
            maxSecurityGroupRules=20,
            maxSecurityGroups=10,
            maxTotalFloatingIps=10,
            totalFloatingIpsUsed=0,
            totalSecurityGroupsUsed=len([g for g in call.region.security_groups if g.project_id == call.project_id]),
        )
    if not call.at_least("2.39"):
        absolute["maxImageMeta"] = FIXED_LIMITS["metadata_items"]
    if not call.at_least("2.57"):
        absolute.update(maxPersonality=5, maxPersonalitySize=10240)
    return json_response({"limits": {"rate": [], "absolute": absolute}})


def _quota_limits(call: Call) -> dict[str, int]:
    quotas = call.region.quotas
    limits = {
        "cores": quotas["cores"],
        "instances": quotas["instances"],
        "key_pairs": quotas["key_pairs"],
        "ram": quotas["ram"],
        **FIXED_LIMITS,
    }
    if not call.at_least("2.36"):
        limits.update(fixed_ips=-1, floating_ips=10, security_group_rules=20, security_groups=10)
    if not call.at_least("2.57"):
        limits.update(injected_file_content_bytes=10240, injected_file_path_bytes=255, injected_files=5)
    return limits


def _own_project(call: Call, project_id: str) -> None:
    if project_id != call.project_id:
        raise _policy_refusal("os_compute_api:os-quota-sets:show")


def show_quota_set(call: Call, project_id: str) -> Response:
    _own_project(call, project_id)
    return json_response({"quota_set": {"id": project_id, **_quota_limits(call)}})


def show_default_quota_set(call: Call, project_id: str) -> Response:
    return json_response({"quota_set": {"id": project_id, **_quota_limits(call)}})


def show_quota_set_detail(call: Call, project_id: str) -> Response:
    _own_project(call, project_id)
    used = instance_usage(call)
    used["key_pairs"] = len([k for k in call.region.keypairs if k.user_id == call.user_id])
    detail = {
        name: {"in_use": used.get(name, 0), "limit": limit, "reserved": 0}
        for name, limit in _quota_limits(call).items()
    }
    return json_response({"quota_set": {"id": project_id, **detail}})


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/flavors", list_flavors),
        Route("GET", "/flavors/detail", list_flavors_detail),
        Route("GET", "/flavors/<flavor_id>", show_flavor),
        Route("GET", "/flavors/<flavor_id>/os-extra_specs", list_extra_specs),
        Route("GET", "/flavors/<flavor_id>/os-extra_specs/<key>", show_extra_spec),
        Route("GET", "/os-availability-zone", list_zones),
        Route("GET", "/os-availability-zone/detail", list_zones_detail),
        Route("GET", "/limits", show_limits),
        Route("GET", "/os-quota-sets/<project_id>", show_quota_set),
        Route("GET", "/os-quota-sets/<project_id>/defaults", show_default_quota_set),
        Route("GET", "/os-quota-sets/<project_id>/detail", show_quota_set_detail),
    ]
