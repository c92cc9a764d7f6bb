"""Writes demo records into a region, each stamped a few minutes after the last, with ids from the seeded generator."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from ..compute.snapshot import nova_placeholder_image
from ..model import (
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
from ..state import CloudState, Project, RegionState, User
from ..volume.blockstore import volume_image_metadata
from .catalog import FLAVORS, Distribution

SEED_EPOCH = datetime(2026, 1, 5, 9, 0, 0)
"""When the seeded project's history starts; each seeded record is a few minutes younger than the last."""


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
