"""What the demo project is made of: the public images of six distributions and Nova's classic flavors."""

from __future__ import annotations

from dataclasses import dataclass


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
