"""Reads that combine listings into what a screen or a command shows: one home for each, used by both.

Each answers with a fixed number of requests, however many images or sources are asked about.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ..core.checks import Check
from ..core.decode import decode_image
from ..core.export import UNKNOWN_TARGET, Target
from ..core.launch import LaunchPlan, check_launch
from ..core.models import Flavor, Image, KeyPair, Limits, Network, SecurityGroup, Snapshot, Volume
from ..errors import NotFoundError, VolimageError
from .session import Session

T = TypeVar("T")


@dataclass(frozen=True)
class ExistingSources:
    """Every snapshot and volume id of the project: a placeholder mapping another id is dangling."""

    snapshot_ids: frozenset[str]
    volume_ids: frozenset[str]


def existing_sources(session: Session) -> ExistingSources:
    return ExistingSources(
        frozenset(snapshot.id for snapshot in session.snapshots()),
        frozenset(volume.id for volume in session.volumes()),
    )


@dataclass(frozen=True)
class Preflight:
    """What `check_launch` compares a launch against: the image's snapshots and volumes as they are now (and the
    volumes those snapshots came from), the quotas, the zones and the microversions offered."""

    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    volumes: dict[str, Volume] = field(default_factory=dict)
    limits: Limits | None = None
    zones: list[str] = field(default_factory=list)
    target: Target = UNKNOWN_TARGET

    def checks(self, plan: LaunchPlan) -> list[Check]:
        """Every reason `plan` would fail or surprise on this cloud now."""
        return check_launch(
            plan,
            snapshots=self.snapshots,
            volumes=self.volumes,
            limits=self.limits,
            availability_zones=self.zones,
            offered=self.target.offered,
        )

    def describe(self, plan: LaunchPlan) -> list[str]:
        return plan.describe(self.snapshots)


def preflight(session: Session, image: Image) -> Preflight:
    """Read by id: an image maps a handful of sources, and a project may hold tens of thousands of volumes, so
    listing them all to find two would make opening the launch screen as slow as the volumes view."""
    decoded = decode_image(image)
    snapshots = _by_id(session.snapshot, decoded.snapshot_ids)
    wanted_volumes = [*decoded.volume_ids, *(snapshot.volume_id for snapshot in snapshots.values())]
    volumes = _by_id(session.volume, wanted_volumes)
    return Preflight(
        snapshots=snapshots,
        volumes=volumes,
        limits=session.limits(),
        zones=session.availability_zones(),
        target=session.target(),
    )


def _by_id(read: Callable[[str], T], ids: Iterable[str]) -> dict[str, T]:
    """Each of `ids` that still exists, read once; a missing one is left out (the checks say it is gone)."""
    found: dict[str, T] = {}
    for item_id in dict.fromkeys(ids):
        with contextlib.suppress(NotFoundError):
            found[item_id] = read(item_id)
    return found


@dataclass(frozen=True)
class LaunchChoices:
    """What the launch form offers to pick from."""

    flavors: list[Flavor]
    networks: list[Network]
    keypairs: list[KeyPair]
    groups: list[SecurityGroup]


def launch_choices(session: Session) -> LaunchChoices:
    return LaunchChoices(session.flavors(), session.networks(), session.keypairs(), session.security_groups())


def related_names(session: Session, kind: str) -> dict[str, str]:
    """Names shown beside ids: the servers volumes are attached to, the flavors of servers.

    Only cosmetic, so a failure is not reported: the ids still show.
    """
    try:
        if kind == "volumes":
            return {server.id: server.name for server in session.servers()}
        if kind == "servers":
            return {flavor.id: flavor.name for flavor in session.flavors()}
    except VolimageError:
        pass
    return {}
