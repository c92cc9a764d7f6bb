"""A plan as the exact API requests volimage sends, and as the equivalent `openstack` CLI commands."""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .launch import LaunchPlan
from .microversions import BASE, NETWORK_WORDS, SNAPSHOT_IN_USE, Need, Service, Version, version_for
from .placeholder import REQUEST_KEY, PlaceholderPlan

NEW_IMAGE = "<new image>"
"""Stands for the image id, which volimage chooses itself so that a request whose answer is lost can be undone."""

NEW_REQUEST = "<request id>"
"""Stands for the one-off id volimage puts in the metadata of a snapshot or servers it asks for."""


@dataclass(frozen=True)
class Target:
    """Where a plan's requests go: the clouds.yaml cloud and region that the exported commands name, and the
    newest microversion each of Nova and Cinder offers there (a service missing is taken to offer them all)."""

    cloud: str | None = None
    region: str | None = None
    offered: Mapping[Service, Version] = field(default_factory=dict)

    def supports(self, need: Need) -> bool:
        return self.require(need) is None

    def require(self, need: Need) -> str | None:
        """None when the cloud can take what `need` asks for, else the one line that says why not."""
        return need.refused_by(self.offered)

    def os_options(self) -> list[str]:
        """`--os-cloud` and `--os-region-name`, so a command runs where volimage would, whatever `OS_CLOUD` says."""
        options = ["--os-cloud", self.cloud] if self.cloud else []
        return options + (["--os-region-name", self.region] if self.region else [])


UNKNOWN_TARGET = Target()
"""A cloud not known yet (not connected): no cloud named, every microversion taken as offered."""

DISPLAY: dict[str, tuple[str, str]] = {
    "volume": ("volumev3", ""),
    "image": ("image", "/v2"),
    "compute": ("compute", ""),
}
"""How a request names its service and path for a reader: the catalog type, and the version the path is under."""


@dataclass(frozen=True)
class ApiRequest:
    """One request as volimage sends it and the preview shows it: the cloud layer executes exactly this."""

    service: str
    """The API: volume, image or compute."""
    method: str
    path: str
    """Below the service's versioned endpoint (`/snapshots`, `/images`)."""
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    needs: tuple[Need, ...] = ()
    """What in the request needs a newer microversion than the service's base (`core/microversions.py`)."""

    @property
    def microversion(self) -> Version | None:
        """What the request is sent at: Nova and Cinder requests always carry one, Glance has none."""
        if self.service not in BASE:
            return None
        return version_for(self.service, self.needs)

    def as_data(self) -> dict[str, Any]:
        """The request for a script: what is sent, with the microversion as the header carries it."""
        catalog, prefix = DISPLAY[self.service]
        version = self.microversion
        return {
            "service": catalog,
            "method": self.method,
            "path": prefix + self.path,
            "microversion": f"{self.service} {version}" if version else None,
            "headers": dict(self.headers),
            "body": self.body,
        }

    def describe(self) -> str:
        """The request as a reader checks it: method, service path, headers, then the JSON body."""
        catalog, prefix = DISPLAY[self.service]
        lines = [f"{self.method} {catalog}:{prefix}{self.path}"]
        if self.microversion is not None:
            lines.append(f"OpenStack-API-Version: {self.service} {self.microversion}")
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body is not None:
            lines.append(json.dumps(self.body, indent=2))
        return "\n".join(lines)


def placeholder_requests(plan: PlaceholderPlan, target: Target = UNKNOWN_TARGET) -> list[ApiRequest]:
    """What creating the placeholder sends, in order (section 8 of the fact sheet: create, empty upload, confirm)."""
    requests: list[ApiRequest] = []
    if plan.snapshot_first:
        requests.append(snapshot_request(plan, NEW_REQUEST, target))
    requests += [
        image_request(plan, NEW_IMAGE),
        upload_request(NEW_IMAGE),
        ApiRequest("image", "GET", f"/images/{NEW_IMAGE}"),
    ]
    return requests


def image_request(plan: PlaceholderPlan, image_id: str) -> ApiRequest:
    """`POST /v2/images`: the plan's body with the id volimage chose."""
    return ApiRequest("image", "POST", "/images", {"id": image_id, **plan.image_body()})


def upload_request(image_id: str) -> ApiRequest:
    """The zero-byte `PUT .../file` that makes the queued image active with size 0."""
    headers = (("Content-Type", "application/octet-stream"), ("Content-Length", "0"))
    return ApiRequest("image", "PUT", f"/images/{image_id}/file", headers=headers)


def snapshot_request(plan: PlaceholderPlan, request_id: str, target: Target) -> ApiRequest:
    """`POST /snapshots` for a snapshot-first plan. An in-use volume is snapshotted at 3.66, which needs no
    `force` (and refuses `force: false`); an older Cinder gets `force: true`, which it requires for in-use."""
    snapshot: dict[str, Any] = {
        "volume_id": plan.source.id,
        "name": f"{plan.options.name} root",
        "description": f"Source of the placeholder image {plan.options.name}",
        "metadata": {REQUEST_KEY: request_id},
    }
    needs: tuple[Need, ...] = ()
    if plan.source.attached and target.supports(SNAPSHOT_IN_USE):
        needs = (SNAPSHOT_IN_USE,)
    elif plan.source.attached:
        snapshot["force"] = True
    return ApiRequest("volume", "POST", "/snapshots", {"snapshot": snapshot}, needs=needs)


SNAPSHOT_VARIABLE = "snapshot_id"
"""The shell variable the exported commands keep the new snapshot's id in."""

_SNAPSHOT_TOKEN = "@@new-snapshot-id@@"  # noqa: S105 - a placeholder, not a secret
"""Stands for the new snapshot's id while the commands are built; becomes `"$snapshot_id"` in the shell text."""


def placeholder_commands(plan: PlaceholderPlan, target: Target = UNKNOWN_TARGET) -> list[str]:
    """The `openstack` commands that make the same image by hand, runnable as printed (one shell line each).

    For a volume source they snapshot it, keep the snapshot's id, wait until it is available, and make the image
    of that snapshot, as volimage does; every command names the cloud and region volimage was pointed at.
    """
    openstack = ["openstack", *target.os_options()]
    commands: list[str] = []
    if plan.snapshot_first:
        volume_version = ["--os-volume-api-version", str(SNAPSHOT_IN_USE.version)]
        in_use = plan.source.attached
        version = volume_version if in_use and target.supports(SNAPSHOT_IN_USE) else []
        force = ["--force"] if in_use and not version else []
        create = [*openstack, *version, "volume", "snapshot", "create", "--volume", plan.source.id, *force]
        create += ["-f", "value", "-c", "id", f"{plan.options.name} root"]
        show = [*openstack, "volume", "snapshot", "show", "-f", "value", "-c", "status"]
        commands.append(f"{SNAPSHOT_VARIABLE}=$({shlex.join(create)})")
        commands.append(
            f'while :; do case $({shlex.join(show)} "${SNAPSHOT_VARIABLE}") in '
            "available) break;; error|'') exit 1;; esac; sleep 2; done"
        )
        plan = plan.with_snapshot(_SNAPSHOT_TOKEN)
    arguments = [
        *openstack, "image", "create", "--disk-format", "raw", "--container-format", "bare",
        f"--{plan.options.visibility}", "--min-disk", str(plan.min_disk), "--min-ram", str(plan.min_ram),
    ]  # fmt: skip
    for tag in plan.tags:
        arguments += ["--tag", tag]
    for key, value in plan.properties.items():
        arguments += ["--property", f"{key}={value}"]
    arguments += ["--file", "/dev/null", plan.options.name]
    commands.append(_shell_words(arguments))
    return commands


def _shell_words(arguments: list[str]) -> str:
    """`shlex.join`, with the snapshot token spliced in as the shell variable (outside the single quotes)."""
    words = []
    for argument in arguments:
        parts = argument.split(_SNAPSHOT_TOKEN)
        words.append(f'"${SNAPSHOT_VARIABLE}"'.join(shlex.quote(part) if part else "" for part in parts))
    return " ".join(words)


def launch_request(plan: LaunchPlan, request_id: str) -> ApiRequest:
    """`POST /servers` at the microversion its `networks` needs (2.37 for Nova's words `none` and `auto`)."""
    needs = (NETWORK_WORDS,) if plan.network_word else ()
    return ApiRequest("compute", "POST", "/servers", plan.server_body(request_id), needs=needs)


def launch_requests(plan: LaunchPlan) -> list[ApiRequest]:
    return [launch_request(plan, NEW_REQUEST)]


def launch_commands(plan: LaunchPlan, target: Target = UNKNOWN_TARGET) -> list[str]:
    options = plan.options
    arguments = ["openstack", *target.os_options()]
    if plan.network_word:
        arguments += ["--os-compute-api-version", str(NETWORK_WORDS.version)]
    arguments += ["server", "create", "--image", plan.image.id, "--flavor", options.flavor.id]
    if plan.network_word:
        arguments += ["--nic", plan.network_word]
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
