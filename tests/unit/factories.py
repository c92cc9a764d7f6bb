"""Small builders of core models for unit tests."""

from __future__ import annotations

from volimage_tui.core.models import Image, Snapshot, Volume, VolumeAttachment
from volimage_tui.core.placeholder import PlaceholderPlan

UBUNTU_METADATA = {
    "image_id": "5e0c0a57-2f3b-4b7e-9a53-1d3f0b9f2c11",
    "image_name": "ubuntu-24.04",
    "checksum": "0d599f0ec05c3bda8c3b8a68c32a1b47",
    "container_format": "bare",
    "disk_format": "qcow2",
    "min_disk": "10",
    "min_ram": "512",
    "size": "629145600",
    "os_distro": "ubuntu",
    "hw_disk_bus": "virtio",
    "hw_machine_type": "q35",
    "signature_verified": "False",
    "os_glance_importing_to_stores": "",
    "cinder_encryption_key_id": "1b1e",
    "img_signature": "abc",
}


def volume(**overrides: object) -> Volume:
    fields: dict[str, object] = {
        "id": "9a1f6a43-0a0e-4a8e-8d0c-1c5b3d7f9e21",
        "name": "web-01-root",
        "status": "available",
        "size": 20,
        "bootable": True,
        "availability_zone": "nova",
        "volume_type": "__DEFAULT__",
        "image_metadata": UBUNTU_METADATA,
    }
    fields.update(overrides)
    return Volume(**fields)  # type: ignore[arg-type]


def in_use_volume() -> Volume:
    return volume(status="in-use", attachments=(VolumeAttachment(server_id="s1", device="/dev/vda"),))


def snapshot(**overrides: object) -> Snapshot:
    fields: dict[str, object] = {
        "id": "4c2d8f7e-5b1a-4e3c-9d2f-6a7b8c9d0e1f",
        "name": "web-golden",
        "status": "available",
        "size": 20,
        "volume_id": volume().id,
    }
    fields.update(overrides)
    return Snapshot(**fields)  # type: ignore[arg-type]


def image_from_plan(plan: PlaceholderPlan, image_id: str = "7d1b8e2a-3c4f-4a5b-8c6d-9e0f1a2b3c4d") -> Image:
    """The image Glance would hold after creating `plan`."""
    return Image(
        id=image_id, name=plan.options.name, status="active", size=0, tags=plan.tags, properties=dict(plan.properties)
    )
