"""Booting from placeholders, continued: the placeholders Nova makes of a volume-backed server, and how the
entries a user gives at boot are merged with the image's mapping (OPENSTACK.md section 10).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from volimage_tui.simcloud import SimCloud

from .test_boot import boot, built, devices, make_placeholder, refusal, root_entry, snapshot_id


def test_the_snapshot_of_a_volume_backed_server_is_a_bootable_nova_placeholder(sim: SimCloud, conn: Any) -> None:
    web_01 = conn.compute.find_server("web-01", ignore_missing=False)
    image = conn.compute.create_server_image(web_01, "web-01-again")
    raw = conn.image.get(f"/images/{image.id}").json()
    assert (raw["status"], raw["disk_format"], raw["container_format"], raw["size"]) == ("active", "raw", "bare", 0)
    assert (raw["min_disk"], raw["min_ram"], raw["visibility"]) == (20, 512, "private")
    assert (raw["bdm_v2"], raw["root_device_name"], raw["os_distro"]) == ("True", "/dev/vda", "ubuntu")
    assert raw["owner_user_name"] == "demo"
    (entry,) = json.loads(raw["block_device_mapping"])
    assert len(entry) == 19
    snapshot = conn.block_storage.get_snapshot(entry["snapshot_id"])
    assert snapshot.name == "snapshot for web-01-again"
    assert (entry["boot_index"], entry["device_name"], entry["volume_size"]) == (0, "/dev/vda", 20)
    sim.settle()
    server = built(sim, conn, boot(conn, image.id))
    assert server.status == "ACTIVE"
    assert conn.block_storage.get_volume(devices(conn, server)["/dev/vda"]).snapshot_id == snapshot.id


def test_a_server_booted_from_a_placeholder_snapshots_into_a_placeholder_that_names_it(
    sim: SimCloud, conn: Any
) -> None:
    first = make_placeholder(conn, [root_entry(snapshot_id(conn, "cirros-base"), device_name="/dev/vda")])
    server = built(sim, conn, boot(conn, first, flavor_id="1"))
    image = conn.compute.create_server_image(server, "second-generation")
    raw = conn.image.get(f"/images/{image.id}").json()
    assert (raw["base_image_ref"], raw["min_disk"]) == (first, 1)
    sim.settle()
    assert built(sim, conn, boot(conn, image.id, flavor_id="1")).status == "ACTIVE"


def test_a_snapshot_inherits_the_flavor_disk_as_min_disk_and_refuses_its_own_smaller_volume(
    sim: SimCloud, conn: Any
) -> None:
    first = make_placeholder(conn, [root_entry(snapshot_id(conn, "cirros-base"))])
    server = built(sim, conn, boot(conn, first))
    image = conn.compute.create_server_image(server, "second-generation")
    assert conn.image.get(f"/images/{image.id}").json()["min_disk"] == 20
    sim.settle()
    error = refusal(conn, image.id)
    assert error.status_code == 400
    assert "Volume is smaller than the minimum size specified in image metadata" in str(error.details)


def test_a_user_root_beside_the_image_root_makes_two_roots(conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"), device_name="/dev/vda")])
    extra = {
        "uuid": snapshot_id(conn, "rocky-base"),
        "source_type": "snapshot",
        "destination_type": "volume",
        "boot_index": 0,
        "device_name": "/dev/vdc",
    }
    error = refusal(conn, image_id, block_device_mapping=[extra])
    assert error.status_code == 400
    assert "Boot sequence" in str(error.details)


def test_a_user_entry_with_the_same_device_name_overrides_the_image_entry(sim: SimCloud, conn: Any) -> None:
    rocky = snapshot_id(conn, "rocky-base")
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"), device_name="/dev/vda")])
    override = {
        "uuid": rocky,
        "source_type": "snapshot",
        "destination_type": "volume",
        "boot_index": 0,
        "device_name": "/dev/vda",
        "delete_on_termination": True,
    }
    server = built(sim, conn, boot(conn, image_id, block_device_mapping=[override]))
    assert conn.block_storage.get_volume(devices(conn, server)["/dev/vda"]).snapshot_id == rocky


def test_an_extra_blank_volume_is_named_after_the_server_and_takes_the_next_device(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))])
    blank = {
        "source_type": "blank",
        "destination_type": "volume",
        "volume_size": 5,
        "boot_index": -1,
        "delete_on_termination": True,
    }
    server = built(sim, conn, boot(conn, image_id, block_device_mapping=[blank]))
    attached = devices(conn, server)
    assert sorted(attached) == ["/dev/vda", "/dev/vdb"]
    data = conn.block_storage.get_volume(attached["/dev/vdb"])
    assert (data.name, data.size) == (f"{server.id}-blank-vol", 5)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"source_type": "blank", "destination_type": "volume", "boot_index": -1},
            "Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size",
        ),
        (
            {
                "source_type": "blank",
                "destination_type": "volume",
                "boot_index": -1,
                "volume_size": 1,
                "volume_type": "platinum",
            },
            "Volume type platinum could not be found.",
        ),
        (
            {
                "source_type": "blank",
                "destination_type": "volume",
                "boot_index": -1,
                "volume_size": 1,
                "disk_bus": "floppy-bus",
            },
            "Block Device Mapping is Invalid.",
        ),
        (
            {"source_type": "blank", "destination_type": "local", "boot_index": -1, "volume_type": "ssd"},
            "Specifying a volume_type with destination_type=local is not supported.",
        ),
    ],
    ids=["blank-without-size", "unknown-volume-type", "unknown-disk-bus", "volume-type-on-local"],
)
def test_bad_extra_mappings_are_refused_in_nova_words(conn: Any, extra: dict[str, Any], message: str) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))])
    error = refusal(conn, image_id, block_device_mapping=[extra])
    assert error.status_code == 400
    assert str(error.details).endswith(message)


def test_an_image_uploaded_from_an_encrypted_volume_cannot_be_booted_directly(conn: Any) -> None:
    key_id = "9d1b6f1a-0c3e-4c53-9b8e-2f1d5a7c3e10"
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))], cinder_encryption_key_id=key_id)
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert "Direct booting of an image uploaded from an encrypted volume is unsupported." in str(error.details)


def test_boot_from_an_image_into_a_new_volume_makes_a_bootable_volume(sim: SimCloud, conn: Any) -> None:
    cirros = conn.image.find_image("cirros-0.6.3", ignore_missing=False)
    entry = {
        "uuid": cirros.id,
        "source_type": "image",
        "destination_type": "volume",
        "boot_index": 0,
        "volume_size": 2,
        "delete_on_termination": True,
    }
    server = built(sim, conn, boot(conn, "", block_device_mapping=[entry]))
    volume = conn.block_storage.get_volume(devices(conn, server)["/dev/sda"])
    assert (volume.size, volume.is_bootable, volume.volume_image_metadata["image_id"]) == (2, True, cirros.id)
