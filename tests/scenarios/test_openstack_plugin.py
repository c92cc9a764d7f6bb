"""`openstack placeholder ...` through the real `openstack` binary, as a user of python-openstackclient runs it:
on the simulated cloud in `make test`, on the real services in `make conformance`."""

from __future__ import annotations

from .world import World


def test_the_openstack_command_makes_lists_shows_launches_follows_and_plans_the_deletion_of_a_placeholder(
    world: World,
) -> None:
    volume_id = world.make_volume("plugged", image_properties={"os_distro": "cirros"})
    name = world.name("plugged")

    made = world.openstack("placeholder", "create", "--volume", volume_id, name)
    assert (made["Name"], made["Status"], made["Size"]) == (name, "active", 0)
    (snapshot,) = [s for s in world.snapshots() if s["name"] == f"{name} root"]
    assert (made["Snapshot"], snapshot["volume_id"], snapshot["status"]) == (snapshot["id"], volume_id, "available")

    listed = {row["Name"]: row for row in world.openstack("placeholder", "list")}
    assert listed[name]["Made By"] == "volimage" and listed[name]["Problems"] == []
    shown = world.openstack("placeholder", "show", name)
    (root,) = shown["Mapping"]
    assert (root["snapshot_id"], root["boot_index"], shown["Root Device"]) == (snapshot["id"], 0, "/dev/vda")

    launched = world.openstack(
        "placeholder", "launch", name, "--flavor", "m1.tiny", "--network", "none", "--count", "1", "--wait",
    )  # fmt: skip
    (server,) = launched
    assert (server["Name"], server["Status"]) == (name, "ACTIVE"), server
    (clone_id,) = server["Volumes"]
    assert world.volume(clone_id)["snapshot_id"] == snapshot["id"]

    chain = world.openstack("placeholder", "lineage", made["ID"])  # the volume has the same name
    rows = {(row["Kind"].strip(), row["ID"]) for row in chain}
    assert {("volume", volume_id), ("snapshot", snapshot["id"]), ("server", server["ID"]), ("clone", clone_id)} <= rows

    usage = {row["Name"]: row for row in world.openstack("placeholder", "list", "--usage")}
    assert (usage[name]["Servers"], usage[name]["Server Statuses"]) == (1, "1 ACTIVE")

    plan = world.openstack("placeholder", "delete", name, "--with-snapshots", "--dry-run", output=False)
    assert plan.splitlines() == [
        f"delete image {name} ({made['ID']})",
        f"keep snapshot {snapshot['id']}: volume {clone_id} was made from it",
    ]
