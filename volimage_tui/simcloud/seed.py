"""Demo data that looks like a real project: a few distributions' volumes, data disks, servers and snapshots.

Deterministic for a seed: ids come from the cloud's seeded generator and timestamps from a fixed start, one
step apart in creation order, so that two clouds with the same seed list the same rows in the same order.
`SimConfig.volumes` adds that many data volumes (and a snapshot of every tenth) for scale tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from .compute.snapshot import nova_placeholder_image
from .model import (
    Attachment,
    BlockDevice,
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
from .state import CloudState, Project, RegionState, User
from .volume.blockstore import volume_image_metadata

SEED_EPOCH = datetime(2026, 1, 5, 9, 0, 0)
"""When the seeded project's history starts; each seeded record is a few minutes younger than the last."""


@dataclass(frozen=True)
class Distribution:
    """A public image and the properties Glance and Cinder carry for it."""

    name: str
    size_mib: int
    min_disk: int
    min_ram: int
    properties: dict[str, str]


DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution(
        "ubuntu-24.04",
        600,
        10,
        512,
        {
            "os_distro": "ubuntu",
            "os_version": "24.04",
            "os_type": "linux",
            "os_admin_user": "ubuntu",
            "hw_disk_bus": "virtio",
            "hw_vif_model": "virtio",
            "hw_machine_type": "q35",
            "hw_qemu_guest_agent": "yes",
        },
    ),
    Distribution(
        "debian-12",
        420,
        8,
        512,
        {
            "os_distro": "debian",
            "os_version": "12",
            "os_type": "linux",
            "os_admin_user": "debian",
            "hw_disk_bus": "virtio",
            "hw_vif_model": "virtio",
            "hw_qemu_guest_agent": "yes",
        },
    ),
    Distribution(
        "rocky-9",
        1100,
        10,
        1024,
        {
            "os_distro": "rocky",
            "os_version": "9.5",
            "os_type": "linux",
            "os_admin_user": "rocky",
            "hw_disk_bus": "virtio",
            "hw_machine_type": "q35",
            "hw_firmware_type": "uefi",
        },
    ),
    Distribution(
        "fedora-41",
        500,
        5,
        1024,
        {
            "os_distro": "fedora",
            "os_version": "41",
            "os_type": "linux",
            "os_admin_user": "fedora",
            "hw_disk_bus": "virtio",
            "hw_rng_model": "virtio",
        },
    ),
    Distribution(
        "cirros-0.6.3",
        21,
        1,
        128,
        {
            "os_distro": "cirros",
            "os_version": "0.6.3",
            "os_type": "linux",
            "hw_disk_bus": "virtio",
        },
    ),
    Distribution(
        "windows-server-2022",
        9800,
        40,
        4096,
        {
            "os_distro": "windows",
            "os_version": "2022",
            "os_type": "windows",
            "hw_disk_bus": "scsi",
            "hw_scsi_model": "virtio-scsi",
            "hw_machine_type": "q35",
            "hw_firmware_type": "uefi",
            "os_secure_boot": "required",
            "hw_tpm_version": "2.0",
            "hw_tpm_model": "tpm-crb",
        },
    ),
)

FLAVORS: tuple[tuple[str, str, int, int, int], ...] = (
    ("1", "m1.tiny", 512, 1, 1),
    ("2", "m1.small", 2048, 1, 20),
    ("3", "m1.medium", 4096, 2, 40),
    ("4", "m1.large", 8192, 4, 80),
    ("5", "m1.xlarge", 16384, 8, 160),
)
"""Flavor id, name, RAM MiB, vCPUs, root disk GiB: Nova's classic defaults."""


class Seeder:
    """Writes the demo records into one region, stamping each a little later than the last."""

    def __init__(self, cloud: CloudState, region: RegionState, project: Project, user: User) -> None:
        self.cloud = cloud
        self.region = region
        self.project = project
        self.user = user
        self._step = 0

    def stamp(self) -> str:
        self._step += 1
        return (SEED_EPOCH + timedelta(minutes=7 * self._step)).strftime("%Y-%m-%dT%H:%M:%S.%f")

    def base(self) -> None:
        for kind_name, description in (
            ("__DEFAULT__", "Default Volume Type"),
            ("ssd", "Replicated SSD"),
            ("hdd", "Bulk HDD"),
        ):
            kind = VolumeType(id=self.cloud.new_id(), name=kind_name, description=description)
            self.region.volume_types.add(kind.id, kind)
        for flavor_id, name, ram, vcpus, disk in FLAVORS:
            self.region.flavors.add(flavor_id, Flavor(id=flavor_id, name=name, ram=ram, vcpus=vcpus, disk=disk))
        for key_name, key_type in (("demo-key", "ssh-rsa"), ("ops-ed25519", "ssh-ed25519")):
            public_key = f"{key_type} AAAA{hashlib.sha256(key_name.encode()).hexdigest()} {key_name}@volimage"
            fingerprint = ":".join(hashlib.md5(public_key.encode()).hexdigest()[i : i + 2] for i in range(0, 32, 2))  # noqa: S324
            self.region.keypairs.add(
                key_name,
                Keypair(
                    name=key_name,
                    public_key=public_key,
                    fingerprint=fingerprint,
                    user_id=self.user.id,
                    created_at=self.stamp(),
                ),
            )
        for name, description in (
            ("default", "Default security group"),
            ("web", "HTTP and HTTPS from anywhere"),
            ("ssh", "SSH from anywhere"),
        ):
            group = SecurityGroup(
                id=self.cloud.new_id(),
                name=name,
                project_id=self.project.id,
                created_at=self.stamp(),
                description=description,
            )
            self.region.security_groups.add(group.id, group)

    def network(self, name: str, cidr: str, *, external: bool = False) -> Network:
        network = Network(
            id=self.cloud.new_id(),
            name=name,
            project_id=self.project.id,
            created_at=self.stamp(),
            shared=external,
            external=external,
        )
        prefix = cidr.rsplit(".", 1)[0]
        subnet = Subnet(
            id=self.cloud.new_id(),
            name=f"{name}-subnet",
            network_id=network.id,
            project_id=self.project.id,
            cidr=cidr,
            gateway_ip=f"{prefix}.1",
            created_at=self.stamp(),
        )
        network.subnet_ids.append(subnet.id)
        self.region.networks.add(network.id, network)
        self.region.subnets.add(subnet.id, subnet)
        return network

    def image(self, distribution: Distribution) -> Image:
        data = distribution.name.encode()
        image = Image(
            id=self.cloud.new_id(),
            name=distribution.name,
            status="active",
            owner=self.project.id,
            created_at=self.stamp(),
            updated_at=self.stamp(),
            visibility="public",
            disk_format="qcow2",
            container_format="bare",
            min_disk=distribution.min_disk,
            min_ram=distribution.min_ram,
            size=distribution.size_mib * 2**20,
            virtual_size=distribution.min_disk * 2**30,
            checksum=hashlib.md5(data).hexdigest(),  # noqa: S324 - Glance's checksum algorithm
            os_hash_algo="sha512",
            os_hash_value=hashlib.sha512(data).hexdigest(),
            properties=dict(distribution.properties),
        )
        self.region.images.add(image.id, image)
        return image

    def volume(
        self,
        name: str,
        size: int,
        *,
        status: str = "available",
        image: Image | None = None,
        volume_type: str = "__DEFAULT__",
        zone: str = "nova",
        description: str | None = None,
    ) -> Volume:
        volume = Volume(
            id=self.cloud.new_id(),
            name=name,
            size=size,
            status=status,
            availability_zone=zone,
            volume_type=volume_type,
            created_at=self.stamp(),
            project_id=self.project.id,
            user_id=self.user.id,
            description=description,
            bootable=image is not None,
            image_metadata=volume_image_metadata(image) if image else None,
        )
        self.region.volumes.add(volume.id, volume)
        return volume

    def snapshot(
        self, name: str, volume: Volume, *, status: str = "available", description: str | None = None
    ) -> Snapshot:
        snapshot = Snapshot(
            id=self.cloud.new_id(),
            name=name,
            volume_id=volume.id,
            size=volume.size,
            status=status,
            created_at=self.stamp(),
            project_id=self.project.id,
            user_id=self.user.id,
            description=description,
            image_metadata=dict(volume.image_metadata) if volume.image_metadata else None,
            progress="100%" if status == "available" else "0%",
        )
        self.region.snapshots.add(snapshot.id, snapshot)
        return snapshot

    def server(self, name: str, flavor_id: str, network: Network, volumes: list[Volume]) -> Server:
        """An ACTIVE server booted from its first volume (no imageRef), the others attached after it."""
        server = Server(
            id=self.cloud.new_id(),
            name=name,
            status="ACTIVE",
            flavor_id=flavor_id,
            image_id="",
            project_id=self.project.id,
            user_id=self.user.id,
            availability_zone="nova",
            created=self.stamp(),
            updated=self.stamp(),
            key_name="demo-key",
            security_groups=["default"],
            task_state=None,
            power_state=1,
            root_device_name="/dev/vda",
        )
        subnet = self.region.subnets.get(network.subnet_ids[0])
        assert subnet is not None
        address = f"{subnet.cidr.rsplit('.', 1)[0]}.{subnet.next_host}"
        subnet.next_host += 1
        server.networks.append({"network_id": network.id, "network_name": network.name, "address": address})
        for index, volume in enumerate(volumes):
            device = f"/dev/vd{chr(ord('a') + index)}"
            attachment = Attachment(
                id=self.cloud.new_id(), server_id=server.id, device=device, attached_at=server.created
            )
            volume.attachments.append(attachment)
            volume.status = "in-use"
            server.block_devices.append(
                BlockDevice(
                    source_type="volume",
                    destination_type="volume",
                    boot_index=0 if index == 0 else None,
                    device_name=device,
                    volume_id=volume.id,
                    volume_size=volume.size,
                    delete_on_termination=False,
                    attachment_id=attachment.id,
                )
            )
        self.region.servers.add(server.id, server)
        return server

    def nova_placeholder(self, name: str, server: Server, root: Volume) -> Image:
        """The image Nova writes when `server`, booted from `root`, is snapshotted (OPENSTACK.md section 1)."""
        snapshot = self.snapshot(f"snapshot for {name}", root, description=root.description or "")
        image = nova_placeholder_image(self.cloud, self.region, server, name, {root.id: snapshot})
        image.created_at = image.updated_at = self.stamp()
        return image


def seed_cloud(cloud: CloudState) -> None:
    """Write the demo project into every region of `cloud`."""
    config = cloud.config
    project = Project(id=cloud.new_id().replace("-", ""), name=config.project_name, domain_id=cloud.domain_id)
    user = User(
        id=cloud.new_id().replace("-", ""),
        name=config.username,
        domain_id=cloud.domain_id,
        password=config.password,
        project_ids=[project.id],
    )
    cloud.projects[project.id] = project
    cloud.users[user.id] = user
    for index, region in enumerate(cloud.regions.values()):
        region.availability_zones = ("nova", "az2")
        seeder = Seeder(cloud, region, project, user)
        seeder.base()
        if index == 0:
            _seed_main_region(seeder)
            _seed_scale(seeder, config.volumes)
        else:
            _seed_edge_region(seeder)


def _seed_main_region(seed: Seeder) -> None:
    images = {distribution.name: seed.image(distribution) for distribution in DISTRIBUTIONS}
    private = seed.network("private", "10.0.0.0/24")
    db_net = seed.network("db-net", "10.0.1.0/24")
    seed.network("public", "172.24.4.0/24", external=True)
    ubuntu, debian = images["ubuntu-24.04"], images["debian-12"]
    web_01_root = seed.volume("web-01-root", 20, image=ubuntu, description="Root disk of web-01")
    web_02_root = seed.volume("web-02-root", 20, image=ubuntu, description="Root disk of web-02")
    db_01_root = seed.volume("db-01-root", 20, image=debian, description="Root disk of db-01")
    db_01_data = seed.volume("db-01-data", 200, volume_type="ssd", description="PostgreSQL data")
    build_root = seed.volume("build-root", 30, image=images["rocky-9"], description="Golden Rocky build")
    seed.volume("fedora-dev", 15, image=images["fedora-41"])
    win_root = seed.volume("win-2022-root", 60, image=images["windows-server-2022"], volume_type="ssd")
    cirros = seed.volume("cirros-test", 1, image=images["cirros-0.6.3"])
    old_root = seed.volume("old-root", 10, image=debian, status="error")
    seed.volume("scratch", 50)
    seed.volume("backups", 500, volume_type="hdd", description="Nightly backups")
    seed.volume("logs", 10, zone="az2")
    seed.volume("reports", 5, status="creating")
    seed.volume("broken-data", 20, status="error")
    web_01 = seed.server("web-01", "2", private, [web_01_root])
    seed.server("web-02", "2", private, [web_02_root])
    seed.server("db-01", "3", db_net, [db_01_root, db_01_data])
    seed.snapshot("web-golden", web_01_root, description="web-01 after the 2026-01 hardening")
    seed.snapshot("rocky-base", build_root)
    seed.snapshot("cirros-base", cirros)
    seed.snapshot("win-2022-base", win_root, description="Sysprepped")
    seed.snapshot("db-data-daily", db_01_data)
    seed.snapshot("fedora-nightly", build_root, status="creating")
    seed.snapshot("old-root-snap", old_root, status="error")
    seed.nova_placeholder("web-01-backup", web_01, web_01_root)


def _seed_edge_region(seed: Seeder) -> None:
    ubuntu = seed.image(DISTRIBUTIONS[0])
    seed.image(DISTRIBUTIONS[4])
    seed.network("private", "10.20.0.0/24")
    root = seed.volume("edge-root", 20, image=ubuntu, description="Edge gateway root disk")
    seed.volume("edge-data", 100, volume_type="hdd")
    seed.snapshot("edge-golden", root)


def _seed_scale(seed: Seeder, count: int) -> None:
    """Add `count` data volumes and a snapshot of every tenth, with quotas raised to leave headroom."""
    rng = seed.cloud.random()
    sizes = 0
    for number in range(1, count + 1):
        status = "error" if number % 97 == 0 else "available"
        volume = seed.volume(
            f"data-{number:05d}", rng.randint(1, 100), status=status, volume_type=("ssd", "hdd")[number % 2]
        )
        sizes += volume.size
        if number % 10 == 0 and status == "available":
            seed.snapshot(f"data-{number:05d}-snap", volume)
            sizes += volume.size
    quotas = seed.region.quotas
    quotas["volumes"] += count
    quotas["snapshots"] += count // 10
    quotas["gigabytes"] += sizes
