"""The launch plan (what `POST /servers` will ask for) and its pre-flight checks.

The checks repeat Nova's and Cinder's refusals before the request is sent, in words that say what to change,
and add what Nova would not refuse but a user would regret (a snapshot still creating ends as server ERROR).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .checks import Check, error, warning
from .decode import DecodedImage, decode_image
from .microversions import NETWORK_WORDS, Service, Version
from .models import Flavor, Image, Limits, Snapshot, Volume
from .placeholder import REQUEST_KEY

AUTO_NETWORK = "auto"
NO_NETWORK = "none"


@dataclass(frozen=True)
class LaunchOptions:
    name: str
    flavor: Flavor
    networks: tuple[str, ...]
    """Network ids, or exactly one of Nova's words `auto` / `none`."""
    count: int = 1
    key_name: str | None = None
    security_groups: tuple[str, ...] = ()
    availability_zone: str | None = None


@dataclass(frozen=True)
class LaunchPlan:
    image: Image
    options: LaunchOptions

    @property
    def decoded(self) -> DecodedImage:
        return decode_image(self.image)

    @property
    def network_word(self) -> str | None:
        """Nova's word `auto` or `none` when the plan asks for one instead of networks (needs 2.37)."""
        if self.options.networks in ((AUTO_NETWORK,), (NO_NETWORK,)):
            return self.options.networks[0]
        return None

    def networks_value(self) -> str | list[dict[str, str]]:
        return self.network_word or [{"uuid": network_id} for network_id in self.options.networks]

    def describe(self, snapshots: Mapping[str, Snapshot]) -> list[str]:
        """What launching this plan makes, in words; `snapshots` (by id) size the volumes Nova clones."""
        options = self.options
        sizes = new_volumes_per_server(self.decoded, snapshots)
        return [
            f"{options.count} server(s) named {options.name!r}, flavor {options.flavor.name}",
            f"from image {self.image.label}; each gets {len(sizes)} new volume(s) of {sum(sizes)} GiB in all",
        ]

    def server_body(self, request_id: str) -> dict[str, Any]:
        """The exact body of `POST /servers`: `networks` always given (a list, or a word that needs microversion
        2.37), the reservation id asked for (it finds every server of the batch), and the request id as
        metadata."""
        options = self.options
        server: dict[str, Any] = {
            "name": options.name,
            "imageRef": self.image.id,
            "flavorRef": options.flavor.id,
            "networks": self.networks_value(),
            "min_count": options.count,
            "max_count": options.count,
            "return_reservation_id": True,
            "metadata": {REQUEST_KEY: request_id},
        }
        if options.key_name:
            server["key_name"] = options.key_name
        if options.security_groups:
            server["security_groups"] = [{"name": group} for group in options.security_groups]
        if options.availability_zone:
            server["availability_zone"] = options.availability_zone
        return {"server": server}


def new_volumes_per_server(decoded: DecodedImage, snapshots: Mapping[str, Snapshot]) -> list[int]:
    """The GiB of each volume Nova creates for one server (every entry that is not an existing volume)."""
    sizes = []
    for entry in decoded.entries:
        if entry.destination_type != "volume" or entry.source_type == "volume":
            continue
        snapshot = snapshots.get(entry.snapshot_id or "")
        sizes.append(entry.volume_size or (snapshot.size if snapshot else 0))
    return sizes


def check_launch(
    plan: LaunchPlan,
    *,
    snapshots: Mapping[str, Snapshot],
    volumes: Mapping[str, Volume],
    limits: Limits | None = None,
    availability_zones: Collection[str] | None = None,
    offered: Mapping[Service, Version] | None = None,
) -> list[Check]:
    """Every reason the launch would fail or surprise; `snapshots`/`volumes` are the project's, by id, and
    `offered` the newest microversion of each service (None: not known)."""
    image, options, decoded = plan.image, plan.options, plan.decoded
    found: list[Check] = []
    if not options.name.strip():
        found.append(error("name-empty", "The servers need a name."))
    if options.count < 1:
        found.append(error("count", f"The number of servers must be at least 1; got {options.count}."))
    if not options.networks:
        found.append(error("network", "Choose a network (or 'none' or 'auto'): Nova requires one."))
    refusal = NETWORK_WORDS.refused_by(offered or {}) if plan.network_word else None
    if refusal:
        found.append(error("microversion", refusal))
    if image.status != "active":
        found.append(error("image-inactive", f"Image {image.label} is {image.status}; Nova boots only active images."))
    if options.flavor.ram < image.min_ram:
        found.append(
            error(
                "min-ram",
                f"Flavor {options.flavor.name} has {options.flavor.ram} MiB of RAM; the image needs at least "
                f"{image.min_ram} MiB.",
            )
        )
    if not decoded.is_placeholder:
        found.append(warning("not-placeholder", f"Image {image.label} carries no block device mapping."))
    found += [problem for problem in decoded.problems if problem.blocks]
    found += _source_checks(plan, snapshots, volumes)
    if limits is not None:
        found += _quota_checks(plan, snapshots, limits)
    if (
        options.availability_zone
        and availability_zones is not None
        and options.availability_zone not in availability_zones
    ):
        found.append(error("zone", f"There is no availability zone {options.availability_zone!r}."))
    return found


def _source_checks(plan: LaunchPlan, snapshots: Mapping[str, Snapshot], volumes: Mapping[str, Volume]) -> list[Check]:
    found: list[Check] = []
    zone = plan.options.availability_zone
    for entry in plan.decoded.entries:
        if entry.snapshot_id:
            snapshot = snapshots.get(entry.snapshot_id)
            if snapshot is None:
                found.append(error("dangling", f"Snapshot {entry.snapshot_id} no longer exists."))
                continue
            if snapshot.status != "available":
                found.append(
                    error(
                        "snapshot-unavailable",
                        f"Snapshot {snapshot.label} is {snapshot.status}: a server booted now would end in ERROR.",
                    )
                )
            source = volumes.get(snapshot.volume_id)
            if zone and source is not None and source.availability_zone and source.availability_zone != zone:
                found.append(
                    warning(
                        "zone-mismatch",
                        f"Cinder makes the volume from {snapshot.label} in zone {source.availability_zone}, "
                        f"not {zone}; clouds that forbid cross-zone attachment refuse the boot.",
                    )
                )
        elif entry.volume_id:
            volume = volumes.get(entry.volume_id)
            if volume is None:
                found.append(error("dangling", f"Volume {entry.volume_id} no longer exists."))
                continue
            if plan.options.count > 1:
                found.append(
                    error("count-volume", f"Volume {volume.label} can be attached to one server only; launch one.")
                )
            if volume.status != "available":
                found.append(
                    error("volume-in-use", f"Volume {volume.label} is {volume.status}; it must be available to boot.")
                )
    return found


def _quota_checks(plan: LaunchPlan, snapshots: Mapping[str, Snapshot], limits: Limits) -> list[Check]:
    count, flavor = max(plan.options.count, 0), plan.options.flavor
    sizes = new_volumes_per_server(plan.decoded, snapshots)
    wanted = (
        ("instances", "servers", count, limits.max_instances, limits.used_instances),
        ("cores", "vCPUs", count * flavor.vcpus, limits.max_cores, limits.used_cores),
        ("ram", "MiB of RAM", count * flavor.ram, limits.max_ram, limits.used_ram),
        ("volumes", "volumes", count * len(sizes), limits.max_volumes, limits.used_volumes),
        ("gigabytes", "GiB of volumes", count * sum(sizes), limits.max_gigabytes, limits.used_gigabytes),
    )
    found = []
    for code, unit, asked, maximum, used in wanted:
        if maximum is not None and maximum >= 0 and asked and used + asked > maximum:
            found.append(
                error(
                    f"quota-{code}",
                    f"Quota: this needs {asked} {unit}, but only {max(maximum - used, 0)} of {maximum} are left.",
                )
            )
    return found
