"""The simulated cloud's memory: one `RegionState` per region, identity and the clock shared above them.

Everything a request touches lives here, behind one lock, so that a test can read the state at any moment and
see what a client would see. Status changes that take time on a real cloud (creating -> available,
BUILD -> ACTIVE) are scheduled on the cloud's clock and applied before the next request is answered.
"""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .model import (
    Flavor,
    Image,
    Keypair,
    Network,
    SecurityGroup,
    Server,
    Snapshot,
    Subnet,
    Volume,
    VolumeType,
)
from .table import Table

DEFAULT_QUOTAS: dict[str, int] = {
    "instances": 10,
    "cores": 40,
    "ram": 102400,
    "key_pairs": 100,
    "volumes": 100,
    "snapshots": 100,
    "gigabytes": 5000,
    "image_properties": 128,
}
"""Quota per project; Cinder, Nova and Glance each enforce theirs with their own status code."""


@dataclass
class SimConfig:
    """How a simulated cloud behaves: seed, scale, speed and credentials."""

    seed: int = 42
    volumes: int = 0
    """Extra data volumes beyond the demo set (with proportionate snapshots), for scale tests."""
    delay: float = 0.0
    """Seconds a status change takes (creating -> available, BUILD -> ACTIVE); 0 applies it at the next request."""
    token_ttl: float = 3600.0
    regions: tuple[str, ...] = ("RegionOne", "RegionTwo")
    username: str = "demo"
    password: str = "demo-password"  # noqa: S105 - the simulated cloud's own, documented credential
    project_name: str = "demo"
    domain: str = "Default"
    max_page: int = 1000
    """The server's page size limit (Cinder's osapi_max_limit, Nova's max_limit, Glance's api_limit_max)."""
    frozen_time: datetime | None = None
    """A fixed wall clock for timestamps, so that screens are the same in every run."""
    max_microversions: dict[str, str] = field(default_factory=dict)
    """The highest microversion a service offers, by service type (`{"compute": "2.36"}`), to play an older
    cloud; a service not named offers its whole range."""


@dataclass
class RegionState:
    """Everything one region's services hold."""

    name: str
    volumes: Table[Volume] = field(default_factory=Table)
    snapshots: Table[Snapshot] = field(default_factory=Table)
    volume_types: Table[VolumeType] = field(default_factory=Table)
    images: Table[Image] = field(default_factory=Table)
    flavors: Table[Flavor] = field(default_factory=Table)
    keypairs: Table[Keypair] = field(default_factory=Table)
    servers: Table[Server] = field(default_factory=Table)
    networks: Table[Network] = field(default_factory=Table)
    subnets: Table[Subnet] = field(default_factory=Table)
    security_groups: Table[SecurityGroup] = field(default_factory=Table)
    availability_zones: tuple[str, ...] = ("nova",)
    quotas: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_QUOTAS))

    def tables(self) -> dict[str, Table[object]]:
        """The tables a state audit compares, by resource kind."""
        return {
            "volumes": self.volumes,  # type: ignore[dict-item]
            "snapshots": self.snapshots,  # type: ignore[dict-item]
            "images": self.images,  # type: ignore[dict-item]
            "servers": self.servers,  # type: ignore[dict-item]
            "keypairs": self.keypairs,  # type: ignore[dict-item]
            "networks": self.networks,  # type: ignore[dict-item]
        }

    def volume_type_named(self, name_or_id: str) -> VolumeType | None:
        found = self.volume_types.get(name_or_id)
        return found or next((kind for kind in self.volume_types if kind.name == name_or_id), None)


@dataclass
class User:
    id: str
    name: str
    domain_id: str
    password: str
    project_ids: list[str]
    app_credentials: dict[str, str] = field(default_factory=dict)
    """Application credential id -> secret."""


@dataclass
class Project:
    id: str
    name: str
    domain_id: str


@dataclass
class Token:
    """A Keystone token: who it speaks for, in which project, until when (Keystone keeps the live ones)."""

    id: str
    user_id: str
    project_id: str
    methods: list[str]
    issued_at: datetime
    expires_at: datetime

    def expired(self) -> bool:
        return datetime.now(UTC) >= self.expires_at


class CloudState:
    """The whole simulated cloud: identity, regions, ids, clock and pending status changes."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.domain_id = "default"
        self.clear()

    def clear(self) -> None:
        """Forget every record and pending change, and restart the id generator and the clock from the seed.

        The cloud is then as `CloudState(config)` made it, in place: whoever holds this object sees the change.
        """
        with self.lock:
            self._random = random.Random(self.config.seed)  # noqa: S311 - reproducible ids, not secrets
            self._started = time.monotonic()
            self._pending: list[tuple[float, int, Callable[[], object]]] = []
            self._sequence = itertools.count()
            self.regions = {name: RegionState(name) for name in self.config.regions}
            self.users: dict[str, User] = {}
            self.projects: dict[str, Project] = {}

    # ids and time

    def new_id(self) -> str:
        """A UUID drawn from the seeded generator, so that a replay makes the same ids."""
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def random(self) -> random.Random:
        return self._random

    def seconds(self) -> float:
        """Seconds on the simulation's clock (monotonic; status changes are scheduled on it)."""
        return time.monotonic() - self._started

    def now(self) -> datetime:
        if self.config.frozen_time is not None:
            return self.config.frozen_time
        return datetime.now(UTC)

    def timestamp(self) -> str:
        """A timestamp in the services' usual form (`2026-11-26T10:00:00.000000`)."""
        return self.now().strftime("%Y-%m-%dT%H:%M:%S.%f")

    # status changes over time

    def later(self, action: Callable[[], object], *, steps: float = 1.0) -> None:
        """Run `action` after `steps` times the configured delay, at the latest before the next request."""
        due = self.seconds() + self.config.delay * steps
        heapq.heappush(self._pending, (due, next(self._sequence), action))

    def advance(self) -> None:
        """Apply every status change that is due; the dispatcher calls this before each request."""
        with self.lock:
            now = self.seconds()
            while self._pending and self._pending[0][0] <= now:
                _, _, action = heapq.heappop(self._pending)
                action()

    def settle(self) -> None:
        """Apply every pending change now, due or not (tests that must not wait call this)."""
        with self.lock:
            while self._pending:
                _, _, action = heapq.heappop(self._pending)
                action()

    # identity

    def project_named(self, name: str, domain_id: str) -> Project | None:
        return next((p for p in self.projects.values() if p.name == name and p.domain_id == domain_id), None)

    def region(self, name: str) -> RegionState:
        return self.regions[name]
