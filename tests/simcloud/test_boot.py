"""Booting servers from placeholder images on the simulated Nova: every Nova row of OPENSTACK.md section 10.

Placeholders are made the way the app makes them, with exact Glance requests (POST then an empty PUT), and the
servers are booted and inspected through openstacksdk over HTTP.
"""

from __future__ import annotations

import json
from typing import Any

import openstack
import pytest
from openstack import exceptions

from volimage_tui.simcloud import SimCloud

SNAPSHOT_FIELDS = {"source_type": "snapshot", "destination_type": "volume", "boot_index": 0}


def snapshot_id(conn: openstack.connection.Connection, name: str) -> str:
    return str(conn.block_storage.find_snapshot(name, ignore_missing=False).id)


def root_entry(snapshot: str, **changes: Any) -> dict[str, Any]:
    """A valid root entry of a placeholder's mapping (snapshot->volume, boot index 0)."""
    return {**SNAPSHOT_FIELDS, "snapshot_id": snapshot, "delete_on_termination": True, **changes}


def make_placeholder(
    conn: openstack.connection.Connection,
    mapping: Any,
    *,
    name: str = "placeholder",
    bdm_v2: str | None = "True",
    root_device_name: str | None = "/dev/vda",
    upload: bool = True,
    **attributes: Any,
) -> str:
    """Create a placeholder with raw Glance requests; `mapping` is JSON-encoded unless it is already text."""
    body: dict[str, Any] = {
        "name": name,
        "disk_format": "raw",
        "container_format": "bare",
        "visibility": "private",
        "block_device_mapping": mapping if isinstance(mapping, str) else json.dumps(mapping),
        **attributes,
    }
    if bdm_v2 is not None:
        body["bdm_v2"] = bdm_v2
    if root_device_name is not None:
        body["root_device_name"] = root_device_name
    created = conn.image.post("/images", json=body)
    assert created.status_code == 201, created.text
    image_id = str(created.json()["id"])
    if upload:
        uploaded = conn.image.put(
            f"/images/{image_id}/file", data=b"", headers={"Content-Type": "application/octet-stream"}
        )
        assert uploaded.status_code == 204, uploaded.text
    return image_id


def boot(conn: openstack.connection.Connection, image_id: str, **attributes: Any) -> Any:
    attributes.setdefault("networks", "none")
    attributes.setdefault("flavor_id", "2")
    return conn.compute.create_server(name="booted", image_id=image_id, **attributes)


def built(sim: SimCloud, conn: openstack.connection.Connection, server: Any) -> Any:
    """The server after its build has run to the end."""
    sim.settle()
    return conn.compute.get_server(server.id)


def devices(conn: openstack.connection.Connection, server: Any) -> dict[str, str]:
    """Device name -> volume id of the server's volume attachments."""
    return {a.device: a.volume_id for a in conn.compute.volume_attachments(server)}


def refusal(conn: openstack.connection.Connection, image_id: str, **attributes: Any) -> exceptions.HttpException:
    with pytest.raises(exceptions.HttpException) as caught:
        boot(conn, image_id, **attributes)
    return caught.value


def test_a_valid_placeholder_boots_a_new_volume_from_its_snapshot_at_vda(sim: SimCloud, conn: Any) -> None:
    golden = snapshot_id(conn, "web-golden")
    image_id = make_placeholder(conn, [root_entry(golden)])
    server = built(sim, conn, boot(conn, image_id))
    assert server.status == "ACTIVE"
    assert server.image.id == image_id
    attached = devices(conn, server)
    assert list(attached) == ["/dev/vda"]
    volume = conn.block_storage.get_volume(attached["/dev/vda"])
    assert (volume.name, volume.snapshot_id, volume.size, volume.status) == ("", golden, 20, "in-use")
    assert volume.is_bootable


def test_a_placeholder_volume_with_delete_on_termination_goes_with_the_server(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))])
    mark = sim.mark()
    server = built(sim, conn, boot(conn, image_id))
    volume_id = devices(conn, server)["/dev/vda"]
    conn.compute.delete_server(server)
    sim.settle()
    assert conn.compute.find_server(server.id) is None
    assert conn.block_storage.find_volume(volume_id) is None
    assert sim.audit(mark).clean


def test_a_second_boot_of_the_same_placeholder_makes_another_volume(sim: SimCloud, conn: Any) -> None:
    golden = snapshot_id(conn, "web-golden")
    image_id = make_placeholder(conn, [root_entry(golden)])
    first = built(sim, conn, boot(conn, image_id))
    second = built(sim, conn, boot(conn, image_id))
    first_volume, second_volume = devices(conn, first)["/dev/vda"], devices(conn, second)["/dev/vda"]
    assert first_volume != second_volume
    assert conn.block_storage.get_volume(second_volume).snapshot_id == golden


def test_a_mapping_written_as_a_python_repr_is_a_server_error(conn: Any) -> None:
    mapping = str([root_entry(snapshot_id(conn, "web-golden"))])
    error = refusal(conn, make_placeholder(conn, mapping))
    assert error.status_code == 500
    assert "JSONDecodeError" in str(error.details)


def test_a_misspelt_source_type_is_a_server_error(conn: Any) -> None:
    entry = root_entry(snapshot_id(conn, "web-golden"), source_type="snapshott")
    assert refusal(conn, make_placeholder(conn, [entry])).status_code == 500


def test_a_single_object_instead_of_a_list_is_refused(conn: Any) -> None:
    error = refusal(conn, make_placeholder(conn, root_entry(snapshot_id(conn, "web-golden"))))
    assert error.status_code == 400
    assert "A list is required in field img_block_device_mapping, not a dict" in str(error.details)


def test_an_unknown_key_in_an_entry_is_refused(conn: Any) -> None:
    entry = root_entry(snapshot_id(conn, "web-golden"), colour="blue")
    error = refusal(conn, make_placeholder(conn, [entry]))
    assert error.status_code == 400
    assert "Following fields are invalid: colour" in str(error.details)


def test_a_placeholder_with_two_roots_is_refused(sim: SimCloud, conn: Any) -> None:
    golden, rocky = snapshot_id(conn, "web-golden"), snapshot_id(conn, "rocky-base")
    image_id = make_placeholder(conn, [root_entry(golden), root_entry(rocky, device_name="/dev/vdb")])
    mark = sim.mark()
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert "Boot sequence for the instance and image/block device mapping combination is not valid" in str(
        error.details
    )
    assert sim.audit(mark).clean


@pytest.mark.parametrize("missing", ["0b1e5a3c-9d7f-4e2a-8c6b-5f4d3e2a1b0c", "not-a-uuid"])
def test_an_unknown_snapshot_is_refused_before_the_server_exists(sim: SimCloud, conn: Any, missing: str) -> None:
    image_id = make_placeholder(conn, [root_entry(missing)])
    mark = sim.mark()
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert f"failed to get snapshot {missing}" in str(error.details)
    assert sim.audit(mark).clean


@pytest.mark.parametrize("key", ["uuid", None])
def test_a_uuid_key_instead_of_snapshot_id_fails_the_build(sim: SimCloud, conn: Any, key: str | None) -> None:
    entry: dict[str, Any] = {**SNAPSHOT_FIELDS, "delete_on_termination": True}
    if key is not None:
        entry[key] = snapshot_id(conn, "web-golden")
    server = built(sim, conn, boot(conn, make_placeholder(conn, [entry])))
    assert server.status == "ERROR"
    assert server.fault["code"] == 500
    assert server.fault["message"] == f"Build of instance {server.id} aborted: Snapshot None could not be found."


def test_bdm_v2_false_still_reads_the_mapping_as_v2(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))], bdm_v2="False")
    server = built(sim, conn, boot(conn, image_id))
    assert server.status == "ACTIVE"
    assert list(devices(conn, server)) == ["/dev/vda"]


@pytest.mark.parametrize(("bdm_v2", "boot_index"), [(None, 0), ("True", -1)], ids=["bdm_v2-absent", "no-root-entry"])
def test_a_placeholder_without_a_usable_root_silently_boots_the_empty_image(
    sim: SimCloud, conn: Any, bdm_v2: str | None, boot_index: int
) -> None:
    entry = root_entry(snapshot_id(conn, "web-golden"), boot_index=boot_index)
    server = built(sim, conn, boot(conn, make_placeholder(conn, [entry], bdm_v2=bdm_v2)))
    assert server.status == "ACTIVE"
    assert list(devices(conn, server)) == ["/dev/vdb"]


@pytest.mark.parametrize("mapping", ["empty", "local"])
def test_a_mapping_without_a_volume_boots_with_no_volume_at_all(sim: SimCloud, conn: Any, mapping: str) -> None:
    entries = [] if mapping == "empty" else [root_entry(snapshot_id(conn, "web-golden"), destination_type="local")]
    mark = sim.mark()
    server = built(sim, conn, boot(conn, make_placeholder(conn, entries)))
    assert server.status == "ACTIVE"
    assert devices(conn, server) == {}
    assert "RegionOne/volumes" not in sim.audit(mark).created


def test_without_root_device_name_the_volume_lands_at_the_default_root(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))], root_device_name=None)
    server = built(sim, conn, boot(conn, image_id))
    assert list(devices(conn, server)) == ["/dev/sda"]


@pytest.mark.parametrize(
    "changes",
    [{"boot_index": "0"}, {"delete_on_termination": "true"}, {"volume_size": 0}, {}],
    ids=["boot_index-string", "delete-string", "size-zero", "size-omitted"],
)
def test_loose_values_are_accepted_and_the_size_comes_from_the_snapshot(
    sim: SimCloud, conn: Any, changes: dict[str, Any]
) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "rocky-base"), **changes)])
    server = built(sim, conn, boot(conn, image_id))
    assert server.status == "ACTIVE"
    assert conn.block_storage.get_volume(devices(conn, server)["/dev/vda"]).size == 30


def test_a_volume_source_cannot_boot_a_second_server_while_the_first_runs(sim: SimCloud, conn: Any) -> None:
    volume = conn.block_storage.find_volume("build-root", ignore_missing=False)
    entry = {"source_type": "volume", "destination_type": "volume", "boot_index": 0, "volume_id": volume.id}
    image_id = make_placeholder(conn, [entry])
    first = built(sim, conn, boot(conn, image_id))
    assert devices(conn, first) == {"/dev/vda": volume.id}
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert "status must be available or downloading to reserve, but the current status is in-use" in str(error.details)


def test_two_servers_from_one_placeholder_get_a_volume_each(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "cirros-base"))])
    boot(conn, image_id, min_count=2, max_count=2)
    sim.settle()
    servers = list(conn.compute.servers(name="^booted"))
    assert sorted(s.name for s in servers) == ["booted-1", "booted-2"]
    volumes = {devices(conn, s)["/dev/vda"] for s in servers}
    assert len(volumes) == 2


def test_a_volume_source_cannot_boot_two_servers_at_once(conn: Any) -> None:
    volume = conn.block_storage.find_volume("build-root", ignore_missing=False)
    entry = {"source_type": "volume", "destination_type": "volume", "boot_index": 0, "volume_id": volume.id}
    error = refusal(conn, make_placeholder(conn, [entry]), min_count=2, max_count=2)
    assert error.status_code == 400
    assert "Cannot attach one or more volumes to multiple instances" in str(error.details)
    assert conn.block_storage.get_volume(volume.id).status == "available"


def test_min_ram_above_the_flavor_is_refused(conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))], min_ram=4096)
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert "Flavor's memory is too small for requested image." in str(error.details)


def test_a_placeholder_never_uploaded_to_is_not_active(conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "web-golden"))], upload=False)
    error = refusal(conn, image_id)
    assert error.status_code == 400
    assert f"Image {image_id} is not active." in str(error.details)


def test_a_snapshot_still_creating_puts_the_server_in_error(sim: SimCloud, conn: Any) -> None:
    mark = sim.mark()
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "fedora-nightly"))])
    server = built(sim, conn, boot(conn, image_id))
    assert server.status == "ERROR"
    assert server.fault["message"].startswith(f"Build of instance {server.id} aborted: ")
    assert "Originating snapshot status must be one of 'available' values" in server.fault["message"]
    assert sim.audit(mark).created.keys() <= {"RegionOne/images", "RegionOne/servers"}


def test_a_delete_on_termination_volume_with_its_own_snapshot_is_left_available(sim: SimCloud, conn: Any) -> None:
    image_id = make_placeholder(conn, [root_entry(snapshot_id(conn, "cirros-base"))])
    server = built(sim, conn, boot(conn, image_id))
    volume_id = devices(conn, server)["/dev/vda"]
    conn.block_storage.create_snapshot(volume_id=volume_id, name="keep", is_forced=True)
    conn.compute.delete_server(server)
    sim.settle()
    assert conn.compute.find_server(server.id) is None
    volume = conn.block_storage.get_volume(volume_id)
    assert (volume.status, volume.attachments) == ("available", [])
