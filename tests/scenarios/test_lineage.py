"""The lineage of a placeholder on whichever cloud the run has: its servers, the clones Nova made for them, and the
clone a deleted server leaves behind; prune, as a plan, and deleting the one snapshot a scenario left on purpose
(the real project is shared by the whole run, so nothing else is asked of it); and a member asking for every
project's servers."""

from __future__ import annotations

from typing import Any

from .test_placeholders import create, launch
from .world import World


def test_the_lineage_follows_a_placeholder_to_its_servers_and_finds_the_clone_one_left(world: World) -> None:
    volume_id = world.make_volume("src")
    snapshot_id = world.make_snapshot(volume_id, "snap")
    made = create(world, "--snapshot", snapshot_id, "--name", world.name("image"), "--no-delete-on-termination")
    image_id = str(made["image"]["id"])
    servers = launch(world, image_id, "web", "--count", "2")
    assert [server["status"] for server in servers] == ["ACTIVE", "ACTIVE"]

    usage = world.volimage("images", "--usage", "-f", "json")
    assert usage.code == 0, usage.err
    (entry,) = [item for item in usage.json() if item["image"]["id"] == image_id]
    assert sorted(s["id"] for s in entry["servers"]) == sorted(s["id"] for s in servers)
    assert (entry["statuses"], entry["provisioned_gib"]) == ({"ACTIVE": 2}, 2)

    golden = snapshot_of(world, image_id, volume_id)
    assert golden["id"] == snapshot_id
    clones = {clone["id"]: clone for clone in golden["clones"]}
    assert set(clones) == {str(v) for server in servers for v in server["volume_ids"]}
    assert not any(clone["orphaned"] for clone in clones.values())

    first, second = servers
    world.openstack("server", "delete", "--wait", str(first["id"]), output=False)
    world.settle()
    (left,) = first["volume_ids"]
    world.wait_volume(str(left), "available")
    after = {clone["id"]: clone for clone in snapshot_of(world, image_id, volume_id)["clones"]}
    assert after[str(left)]["orphaned"] is True and after[str(left)]["attached_to"] == []
    (still,) = second["volume_ids"]
    assert [s["id"] for s in after[str(still)]["attached_to"]] == [second["id"]]

    plan = world.volimage("prune", "--clones", "--dry-run", "-f", "json")
    assert plan.code == 0, plan.err
    (listed,) = [item for item in plan.json()["plan"] if item["id"] == str(left)]
    assert (listed["action"], listed["kind"], listed["gib"]) == ("delete", "volume", 1)
    assert (
        listed["why"]
        == f"cloned from snapshot {world.name('snap')} of placeholder {world.name('image')}, attached to nothing"
    )
    assert world.volume(str(left))["status"] == "available"


def snapshot_of(world: World, image_id: str, volume_id: str) -> dict[str, Any]:
    """The one snapshot of the placeholder's chain, checked to descend from `volume_id`."""
    run = world.volimage("lineage", image_id, "-f", "json")
    assert run.code == 0, run.err
    (source,) = run.json()["volumes"]
    assert source["id"] == volume_id
    (snapshot,) = source["snapshots"]
    assert [p["id"] for p in snapshot["placeholders"]] == [image_id]
    found: dict[str, Any] = snapshot
    return found


def test_a_community_placeholder_is_previewed_with_the_warning_that_other_projects_cannot_boot_it(
    world: World,
) -> None:
    snapshot_id = world.make_snapshot(world.make_volume("src"), "snap")
    run = world.volimage(
        "preview", "--snapshot", snapshot_id, "--name", world.name("open"), "--visibility", "community", "-f", "json"
    )
    assert run.code == 0, run.err
    (shared,) = [check for check in run.json()["checks"] if check["code"] == "shared-unbootable"]
    assert shared["level"] == "warning"
    assert "failed to get snapshot" in shared["message"]


def test_prune_deletes_the_snapshot_a_deleted_placeholder_left_and_a_member_cannot_see_all_projects(
    world: World,
) -> None:
    """The one prune that really deletes on whichever cloud the run has: only what this scenario left (the
    scenarios run one at a time and clean up after themselves, and prune touches only what volimage made)."""
    volume_id = world.make_volume("left")
    made = create(world, "--volume", volume_id, "--name", world.name("gone"))
    snapshot_id = str(made["snapshot"]["id"])
    world.openstack("image", "delete", str(made["image"]["id"]), output=False)

    pruned = world.volimage("prune", "--yes", "-f", "json")
    assert pruned.code == 0, pruned.err
    (listed,) = [item for item in pruned.json()["plan"] if item["id"] == snapshot_id]
    assert (listed["action"], listed["kind"]) == ("delete", "snapshot")
    assert any(snapshot_id in line for line in pruned.json()["deleted"])
    world.wait_gone(world.snapshot, snapshot_id)
    assert world.volume(volume_id)["status"] == "available", "the user's own volume stays"

    refused = world.volimage("lineage", volume_id, "--all-projects")
    assert refused.code == 3
    (line,) = refused.err.strip().splitlines()
    assert "get_all_tenants" in line and "403" in line, line
