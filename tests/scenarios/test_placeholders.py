"""Placeholders made and booted through volimage's command line, as a user does, on whichever cloud the run has:
the simulated one in `make test`, the real services in `make conformance`. Servers boot with networks `none`
(the real services run Neutron's API without agents, so no port can bind)."""

from __future__ import annotations

import json
from typing import Any

from .world import World, wait_until

FLAVOR = "m1.tiny"


def create(world: World, *arguments: str) -> Any:
    """`volimage create-image ... --yes -f json`: the image and the snapshot it made, as JSON."""
    run = world.volimage("create-image", *arguments, "--yes", "-f", "json")
    assert run.code == 0, run.err
    return run.json()


def launch(world: World, image_id: str, name: str, *more: str) -> Any:
    """`volimage launch ... --network none --wait --yes -f json`: the servers, each ACTIVE or ERROR."""
    run = world.volimage(
        "launch", "--image", image_id, "--flavor", FLAVOR, "--network", "none", "--name", world.name(name),
        "--wait", "--yes", "-f", "json", *more,
    )  # fmt: skip
    assert run.code == 0, run.err
    return run.json()["servers"]


def test_a_snapshot_placeholder_boots_two_servers_each_on_its_own_clone(world: World) -> None:
    snapshot_id = world.make_snapshot(world.make_volume("src"), "snap")
    made = create(world, "--snapshot", snapshot_id, "--name", world.name("image"))
    image_id = made["image"]["id"]

    image = world.image(image_id)
    assert image is not None
    assert (image["status"], image["size"], image["disk_format"], image["container_format"]) == (
        "active", 0, "raw", "bare",
    )  # fmt: skip
    (root,) = json.loads(image["block_device_mapping"])
    assert (root["source_type"], root["destination_type"], root["boot_index"]) == ("snapshot", "volume", 0)
    assert root["snapshot_id"] == snapshot_id and root["delete_on_termination"] is True
    assert (image["bdm_v2"], image["root_device_name"]) == ("True", "/dev/vda")
    assert "volimage" in image["tags"]

    servers = launch(world, image_id, "web", "--count", "2")
    assert [server["status"] for server in servers] == ["ACTIVE", "ACTIVE"]
    clones = [str(volume_id) for server in servers for volume_id in server["volume_ids"]]
    assert len(clones) == len(set(clones)) == 2
    for server in servers:
        read = world.server(str(server["id"]))
        assert read is not None and read["image"]["id"] == image_id
    for clone_id in clones:
        clone = world.volume(clone_id)
        assert clone is not None and clone["snapshot_id"] == snapshot_id and clone["status"] == "in-use"

    for server in servers:
        world.openstack("server", "delete", "--wait", str(server["id"]), output=False)
    world.settle()
    for clone_id in clones:
        world.wait_gone(world.volume, clone_id)


def test_an_available_volume_is_snapshotted_first_with_extra_disks_a_larger_root_and_its_properties(
    world: World,
) -> None:
    source = world.make_volume("root", image_properties={"hw_disk_bus": "virtio", "os_distro": "cirros"})
    data_snapshot = world.make_snapshot(world.make_volume("data"), "data-snap")
    data_volume = world.make_volume("attached-data")
    made = create(
        world, "--volume", source, "--name", world.name("image"), "--size", "2",
        "--data-snapshot", data_snapshot, "--blank-disk", "1",
    )  # fmt: skip
    snapshot = made["snapshot"]
    assert isinstance(snapshot, dict) and snapshot["status"] == "available" and snapshot["volume_id"] == source
    image_id = made["image"]["id"]
    image = world.image(image_id)
    assert image is not None
    assert (image["hw_disk_bus"], image["os_distro"]) == ("virtio", "cirros")
    root, from_snapshot, blank = json.loads(image["block_device_mapping"])
    assert (root["snapshot_id"], root["volume_size"]) == (snapshot["id"], 2)
    assert (from_snapshot["snapshot_id"], from_snapshot["boot_index"]) == (data_snapshot, -1)
    assert (blank["source_type"], blank["volume_size"]) == ("blank", 1)

    (server,) = launch(world, image_id, "big")
    assert server["status"] == "ACTIVE"
    sizes = sorted(int(world.volume(str(v))["size"]) for v in server["volume_ids"])
    assert sizes == [1, 1, 2]

    direct = create(world, "--volume", data_volume, "--direct", "--name", world.name("direct"))
    direct_id = str(direct["image"]["id"])
    (first,) = launch(world, direct_id, "once")
    assert first["status"] == "ACTIVE"
    assert world.volume(data_volume)["status"] == "in-use"
    servers_before = len(world.servers())
    again = world.volimage(
        "launch", "--image", direct_id, "--flavor", FLAVOR, "--network", "none", "--name", world.name("twice"), "--yes"
    )
    assert again.code == 2
    assert f"Volume {world.name('attached-data')} is in-use; it must be available to boot." in again.out
    assert len(world.servers()) == servers_before


def test_an_in_use_volume_is_snapshotted_with_a_warning(world: World) -> None:
    busy = world.make_volume("busy")
    direct = create(world, "--volume", busy, "--direct", "--name", world.name("direct"))
    launch(world, str(direct["image"]["id"]), "host")
    world.wait_volume(busy, "in-use")
    run = world.volimage("create-image", "--volume", busy, "--name", world.name("hot"), "--yes", "-f", "json")
    assert run.code == 0, run.err
    assert "crash-consistent" in run.err
    snapshot = run.json()["snapshot"]
    assert (snapshot["status"], snapshot["volume_id"]) == ("available", busy)


def test_a_dangling_placeholder_is_listed_and_refused(world: World) -> None:
    volume_id = world.make_volume("src")
    snapshot_id = world.make_snapshot(volume_id, "snap")
    image_id = str(create(world, "--snapshot", snapshot_id, "--name", world.name("image"))["image"]["id"])
    world.conn.block_storage.delete(f"/snapshots/{snapshot_id}", microversion="3.0")
    world.wait_gone(world.snapshot, snapshot_id)
    dangling = world.volimage("images", "--dangling", "-f", "json")
    assert dangling.code == 0, dangling.err
    assert image_id in {entry["image"]["id"] for entry in dangling.json()}
    refused = world.volimage(
        "launch", "--image", image_id, "--flavor", FLAVOR, "--network", "none", "--name", world.name("x"), "--yes"
    )
    assert refused.code == 2
    assert f"Snapshot {snapshot_id} no longer exists." in refused.out


def test_delete_with_snapshots_keeps_a_snapshot_another_image_maps(world: World) -> None:
    volume_id = world.make_volume("src")
    made = create(world, "--volume", volume_id, "--name", world.name("first"))
    own = made["snapshot"]["id"]
    second = create(world, "--snapshot", str(own), "--name", world.name("second"))
    kept = world.volimage("delete-image", world.name("first"), "--with-snapshots", "--yes", "-f", "json")
    assert kept.code == 0, kept.err
    assert kept.json()["plan"][1:] == [f"keep snapshot {own}: image {world.name('second')} also uses it"]
    assert world.snapshot(str(own)) is not None
    gone = world.volimage("delete-image", str(second["image"]["id"]), "--with-snapshots", "--yes", "-f", "json")
    assert gone.json()["done"] == [
        f"deleted image {world.name('second')}",
        f"deleted snapshot {world.name('first')} root",
    ]
    world.settle()
    assert world.snapshot(str(own)) is None


def test_a_placeholder_nova_made_is_recognised_decoded_and_boots(world: World) -> None:
    snapshot_id = world.make_snapshot(world.make_volume("src"), "snap")
    image_id = str(create(world, "--snapshot", snapshot_id, "--name", world.name("image"))["image"]["id"])
    (server,) = launch(world, image_id, "origin")
    novas = world.openstack("server", "image", "create", "--name", world.name("by-nova"), "--wait", str(server["id"]))
    listed = world.volimage("images", "--placeholders", "-f", "json")
    assert listed.code == 0, listed.err
    (entry,) = [e for e in listed.json() if e["image"]["id"] == novas["id"]]
    assert entry["placeholder"] == "nova"
    (root,) = entry["mapping"]
    nova_snapshot = str(root["snapshot_id"])
    wait = world.snapshot(nova_snapshot)
    assert wait is not None and wait["volume_id"] in server["volume_ids"]
    wait_until("Nova's snapshot", lambda: (world.snapshot(nova_snapshot) or {}).get("status"), "available".__eq__)
    world.conn.block_storage.put(
        f"/snapshots/{nova_snapshot}", json={"snapshot": {"name": world.name("nova-snap")}}, microversion="3.0"
    )
    (again,) = launch(world, novas["id"], "from-nova")
    assert again["status"] == "ACTIVE"
