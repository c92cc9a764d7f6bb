"""The records the simulated cloud keeps, one dataclass per OpenStack resource.

Fields hold what the real services store; each service module turns them into its own API view, so the same
volume can be shown by Cinder and referred to by Nova without the two sharing a response shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Attachment:
    """A volume attached to a server (Cinder's attachment record)."""

    id: str
    server_id: str
    device: str
    attached_at: str


@dataclass
class Volume:
    id: str
    name: str
    size: int
    status: str
    availability_zone: str
    volume_type: str
    created_at: str
    project_id: str
    user_id: str
    description: str | None = None
    bootable: bool = False
    snapshot_id: str | None = None
    source_volid: str | None = None
    image_metadata: dict[str, str] | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    multiattach: bool = False
    encrypted: bool = False
    updated_at: str | None = None


@dataclass
class Snapshot:
    id: str
    name: str
    volume_id: str
    size: int
    status: str
    created_at: str
    project_id: str
    user_id: str
    description: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    image_metadata: dict[str, str] | None = None
    """Glance metadata copied from the volume when the snapshot was taken (Cinder keeps it per snapshot)."""
    progress: str = "100%"
    updated_at: str | None = None


@dataclass
class VolumeType:
    id: str
    name: str
    description: str | None = None
    is_public: bool = True
    extra_specs: dict[str, str] = field(default_factory=dict)


@dataclass
class Image:
    id: str
    name: str | None
    status: str
    owner: str
    created_at: str
    updated_at: str
    visibility: str = "shared"
    disk_format: str | None = None
    container_format: str | None = None
    min_disk: int = 0
    min_ram: int = 0
    protected: bool = False
    os_hidden: bool = False
    size: int | None = None
    virtual_size: int | None = None
    checksum: str | None = None
    os_hash_algo: str | None = None
    os_hash_value: str | None = None
    tags: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    """Extra properties: always strings, as Glance's schema requires."""
    data: bytes | None = field(default=None, repr=False)
    """The uploaded bytes, kept only for small uploads (a simulation stores no real disks)."""


@dataclass
class Flavor:
    id: str
    name: str
    ram: int
    vcpus: int
    disk: int
    ephemeral: int = 0
    swap: int = 0
    is_public: bool = True
    description: str | None = None
    extra_specs: dict[str, str] = field(default_factory=dict)


@dataclass
class Keypair:
    name: str
    public_key: str
    fingerprint: str
    user_id: str
    created_at: str
    type: str = "ssh"


@dataclass
class BlockDevice:
    """One of a server's block device mappings after Nova merged the image's and the request's."""

    source_type: str
    destination_type: str
    boot_index: int | None
    device_name: str | None = None
    delete_on_termination: bool = False
    snapshot_id: str | None = None
    volume_id: str | None = None
    image_id: str | None = None
    volume_size: int | None = None
    volume_type: str | None = None
    disk_bus: str | None = None
    device_type: str | None = None
    guest_format: str | None = None
    tag: str | None = None
    attachment_id: str | None = None
    uuid: str | None = None


@dataclass
class Server:
    id: str
    name: str
    status: str
    flavor_id: str
    image_id: str
    project_id: str
    user_id: str
    availability_zone: str
    created: str
    updated: str
    networks: list[dict[str, str]] = field(default_factory=list)
    """The ports Nova made: network id, network name and fixed address."""
    block_devices: list[BlockDevice] = field(default_factory=list)
    key_name: str | None = None
    security_groups: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    fault: dict[str, Any] | None = None
    task_state: str | None = "scheduling"
    power_state: int = 0
    root_device_name: str | None = None
    description: str | None = None
    admin_pass: str = ""
    reservation_id: str = ""
    launch_index: int = 0
    system_metadata: dict[str, str] = field(default_factory=dict)
    """What Nova stores at boot from the image (`image_*` keys) and the caller (`owner_*`); snapshots inherit it."""
    tags: list[str] = field(default_factory=list)
    config_drive: bool = False
    user_data: str | None = None
    access_ipv4: str = ""
    access_ipv6: str = ""
    locked: bool = False
    launched_at: str | None = None
    pinned_availability_zone: str | None = None
    """The zone the request asked for (None: Nova chose one)."""


@dataclass
class Network:
    id: str
    name: str
    project_id: str
    created_at: str
    shared: bool = False
    external: bool = False
    status: str = "ACTIVE"
    mtu: int = 1450
    subnet_ids: list[str] = field(default_factory=list)
    availability_zones: list[str] = field(default_factory=lambda: ["nova"])
    description: str = ""


@dataclass
class Subnet:
    id: str
    name: str
    network_id: str
    project_id: str
    cidr: str
    gateway_ip: str
    created_at: str
    ip_version: int = 4
    enable_dhcp: bool = True
    next_host: int = 10
    """The host number the next address is taken from (a plain counter is enough for a simulation)."""


@dataclass
class SecurityGroup:
    id: str
    name: str
    project_id: str
    created_at: str
    description: str = ""
    rules: list[dict[str, Any]] = field(default_factory=list)
