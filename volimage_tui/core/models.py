"""Plain, typed models of what volimage shows and acts on, filled by `cloud/` and read by the UI and the CLI.

They hold only what a user sees or a rule needs; the raw API object stays with the cloud layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CloudProfile:
    """A cloud of clouds.yaml (or the built-in demo cloud), as the cloud picker lists it."""

    name: str
    regions: tuple[str, ...] = ()
    auth_type: str = "password"
    source: str = ""
    """Where it was defined: the clouds.yaml path, or "built-in" for the demo cloud."""
    is_demo: bool = False


DEMO_PROFILE = CloudProfile(
    name="demo", regions=("RegionOne", "RegionTwo"), auth_type="password", source="built-in", is_demo=True
)
"""The built-in simulated cloud, offered after the clouds of clouds.yaml."""


@dataclass(frozen=True)
class VolumeAttachment:
    server_id: str
    device: str
    attachment_id: str = ""


@dataclass(frozen=True)
class Volume:
    id: str
    name: str
    status: str
    size: int
    """GiB."""
    bootable: bool = False
    availability_zone: str = ""
    volume_type: str = ""
    attachments: tuple[VolumeAttachment, ...] = ()
    image_metadata: Mapping[str, str] = field(default_factory=dict)
    """Cinder's `volume_image_metadata`: present when the volume was made from an image (or its snapshot)."""
    snapshot_id: str | None = None
    source_volume_id: str | None = None
    description: str = ""
    created_at: str = ""
    multiattach: bool = False
    encrypted: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def source_image_name(self) -> str:
        return self.image_metadata.get("image_name", "")


@dataclass(frozen=True)
class Snapshot:
    id: str
    name: str
    status: str
    size: int
    """GiB: the source volume's size when the snapshot was taken."""
    volume_id: str
    description: str = ""
    created_at: str = ""
    progress: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    """Cinder's snapshot metadata: where volimage's request id proves the snapshot is one it asked for."""

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Image:
    id: str
    name: str
    status: str
    visibility: str = "private"
    size: int | None = None
    disk_format: str | None = None
    container_format: str | None = None
    min_disk: int = 0
    min_ram: int = 0
    protected: bool = False
    owner: str = ""
    tags: tuple[str, ...] = ()
    properties: Mapping[str, str] = field(default_factory=dict)
    """Every extra property, as the strings Glance stores."""
    created_at: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Flavor:
    id: str
    name: str
    ram: int
    """MiB."""
    vcpus: int
    disk: int
    """GiB of root disk (unused when the root is a volume)."""
    ephemeral: int = 0
    swap: int = 0


@dataclass(frozen=True)
class Network:
    id: str
    name: str
    status: str = "ACTIVE"
    shared: bool = False
    external: bool = False
    subnet_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyPair:
    name: str
    type: str = "ssh"
    fingerprint: str = ""


@dataclass(frozen=True)
class SecurityGroup:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Server:
    id: str
    name: str
    status: str
    flavor_id: str = ""
    image_id: str = ""
    """The image it was booted from; empty for a plain boot from volume."""
    availability_zone: str = ""
    fault: str = ""
    """Nova's fault message when the server is in ERROR."""
    volume_ids: tuple[str, ...] = ()
    addresses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    created_at: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    """Nova's server metadata: where volimage's request id proves the server is one it launched."""


@dataclass(frozen=True)
class Limits:
    """Quota limits and usage that launch and create checks compare against; None where the cloud did not say."""

    max_instances: int | None = None
    used_instances: int = 0
    max_cores: int | None = None
    used_cores: int = 0
    max_ram: int | None = None
    used_ram: int = 0
    max_volumes: int | None = None
    used_volumes: int = 0
    max_gigabytes: int | None = None
    used_gigabytes: int = 0
    max_snapshots: int | None = None
    used_snapshots: int = 0
