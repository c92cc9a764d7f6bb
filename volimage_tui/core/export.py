"""A plan as the exact API requests volimage sends, and as the equivalent `openstack` CLI commands."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any

from .launch import AUTO_NETWORK, NO_NETWORK, LaunchPlan
from .placeholder import REQUEST_KEY, PlaceholderPlan

NEW_IMAGE = "<new image>"
"""Stands for the image id, which volimage chooses itself so that a request whose answer is lost can be undone."""

NEW_REQUEST = "<request id>"
"""Stands for the one-off id volimage puts in the metadata of a snapshot or servers it asks for."""


@dataclass(frozen=True)
class ApiRequest:
    service: str
    """The catalog service type: image, volumev3, compute."""
    method: str
    path: str
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """The request as a reader checks it: method, service path, headers, then the JSON body."""
        lines = [f"{self.method} {self.service}:{self.path}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body is not None:
            lines.append(json.dumps(self.body, indent=2))
        return "\n".join(lines)


def placeholder_requests(plan: PlaceholderPlan) -> list[ApiRequest]:
    """What creating the placeholder sends, in order (section 8 of the fact sheet: create, empty upload, confirm)."""
    requests: list[ApiRequest] = []
    if plan.snapshot_first:
        requests.append(ApiRequest("volumev3", "POST", "/snapshots", snapshot_body(plan, NEW_REQUEST)))
    requests += [
        ApiRequest("image", "POST", "/v2/images", image_body(plan, NEW_IMAGE)),
        ApiRequest(
            "image",
            "PUT",
            f"/v2/images/{NEW_IMAGE}/file",
            headers=(("Content-Type", "application/octet-stream"), ("Content-Length", "0")),
        ),
        ApiRequest("image", "GET", f"/v2/images/{NEW_IMAGE}"),
    ]
    return requests


def snapshot_body(plan: PlaceholderPlan, request_id: str) -> dict[str, Any]:
    """`POST /snapshots` for a snapshot-first plan, at Cinder's base microversion, where an attached volume needs
    `force`."""
    snapshot = {
        "volume_id": plan.source.id,
        "name": f"{plan.options.name} root",
        "description": f"Source of the placeholder image {plan.options.name}",
        "force": plan.source.attached,
        "metadata": {REQUEST_KEY: request_id},
    }
    return {"snapshot": snapshot}


def image_body(plan: PlaceholderPlan, image_id: str) -> dict[str, Any]:
    """`POST /v2/images`: the plan's body with the id volimage chose."""
    return {"id": image_id, **plan.image_body()}


def placeholder_commands(plan: PlaceholderPlan) -> list[str]:
    """The `openstack` commands that make the same image by hand."""
    commands: list[str] = []
    if plan.snapshot_first:
        # OSC drops --force against a Cinder that supports 3.66 while openstacksdk still asks for 3.65, which
        # Cinder refuses for an in-use volume; at 3.66 an in-use volume needs no force at all.
        version = ["--os-volume-api-version", "3.66"] if plan.source.attached else []
        commands.append(
            shlex.join(
                [
                    "openstack",
                    *version,
                    "volume",
                    "snapshot",
                    "create",
                    "--volume",
                    plan.source.id,
                    f"{plan.options.name} root",
                ]
            )
        )
    arguments = [
        "openstack", "image", "create", "--disk-format", "raw", "--container-format", "bare",
        f"--{plan.options.visibility}", "--min-disk", str(plan.min_disk), "--min-ram", str(plan.min_ram),
    ]  # fmt: skip
    for tag in plan.tags:
        arguments += ["--tag", tag]
    for key, value in plan.properties.items():
        arguments += ["--property", f"{key}={value}"]
    arguments += ["--file", "/dev/null", plan.options.name]
    commands.append(shlex.join(arguments))
    return commands


def launch_requests(plan: LaunchPlan) -> list[ApiRequest]:
    return [ApiRequest("compute", "POST", "/servers", plan.server_body(NEW_REQUEST))]


def launch_commands(plan: LaunchPlan) -> list[str]:
    options = plan.options
    arguments = ["openstack", "server", "create", "--image", plan.image.id, "--flavor", options.flavor.id]
    if options.networks in ((AUTO_NETWORK,), (NO_NETWORK,)):
        arguments += ["--nic", options.networks[0]]
    else:
        for network_id in options.networks:
            arguments += ["--network", network_id]
    if options.key_name:
        arguments += ["--key-name", options.key_name]
    for group in options.security_groups:
        arguments += ["--security-group", group]
    if options.availability_zone:
        arguments += ["--availability-zone", options.availability_zone]
    if options.count > 1:
        arguments += ["--min", str(options.count), "--max", str(options.count)]
    arguments += ["--wait", options.name]
    return [shlex.join(arguments)]
