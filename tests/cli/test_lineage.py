"""`lineage` and `images --usage` end to end: who boots from each placeholder, what it holds, what it left behind."""

from __future__ import annotations

from typing import Any

from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage


def make(volimage: Volimage, *arguments: str) -> dict[str, Any]:
    run = volimage("create-image", *arguments, "--yes", "-f", "json")
    assert run.code == 0, run.err
    image: dict[str, Any] = run.json()["image"]
    return image


def launch(volimage: Volimage, image: str, name: str, count: int = 1) -> list[dict[str, Any]]:
    run = volimage(
        "launch", "--image", image, "--flavor", "m1.small", "--network", "private", "--count", str(count),
        "--name", name, "--wait", "--yes", "-f", "json",
    )  # fmt: skip
    assert run.code == 0, run.err
    servers: list[dict[str, Any]] = run.json()["servers"]
    return servers


def usage_of(volimage: Volimage, name: str) -> dict[str, Any]:
    run = volimage("images", "--usage", "-f", "json")
    assert run.code == 0, run.err
    return next(item for item in run.json() if item["image"]["name"] == name)


def test_images_usage_counts_the_servers_of_each_placeholder_their_statuses_and_gib(
    volimage: Volimage, conn: Connection
) -> None:
    make(volimage, "--snapshot", "web-golden", "--name", "web", "--size", "25")
    web_1, _ = launch(volimage, "web", "web", count=2)
    conn.compute.stop_server(web_1["id"])
    conn.compute.wait_for_server(conn.compute.get_server(web_1["id"]), status="SHUTOFF", interval=0.05)

    web = usage_of(volimage, "web")
    assert sorted(s["name"] for s in web["servers"]) == ["web-1", "web-2"]
    assert web["statuses"] == {"SHUTOFF": 1, "ACTIVE": 1} or web["statuses"] == {"ACTIVE": 1, "SHUTOFF": 1}
    assert web["provisioned_gib"] == 2 * 25
    assert usage_of(volimage, "web-01-backup")["servers"] == []
    table = volimage("images", "--usage")
    (row,) = [line for line in table.out.splitlines() if line.startswith("web ")]
    assert " 2 " in row and "SHUTOFF" in row and " 50 " in row


def test_the_lineage_of_a_placeholder_runs_from_its_source_volume_to_its_servers_and_their_clones(
    volimage: Volimage, sim: SimCloud
) -> None:
    make(volimage, "--snapshot", "web-golden", "--name", "web")
    servers = {s["id"]: s["name"] for s in launch(volimage, "web", "web", count=2)}
    run = volimage("lineage", "web", "-f", "json")
    assert run.code == 0, run.err
    chain = run.json()
    (source,) = chain["volumes"]
    assert source["name"] == "web-01-root"
    (golden,) = source["snapshots"]
    assert golden["name"] == "web-golden" and golden["made_by_volimage"] is False
    (web,) = [p for p in golden["placeholders"] if p["name"] == "web"]
    assert {s["id"] for s in web["servers"]} == set(servers) and web["provisioned_gib"] == 40
    clones = {c["attached_to"][0]["name"]: c for c in golden["clones"]}
    assert sorted(clones) == ["web-1", "web-2"] and not any(c["orphaned"] for c in clones.values())
    roots = {v.id for v in sim.region().volumes if v.snapshot_id == golden["id"]}
    assert {c["id"] for c in golden["clones"]} == roots

    table = volimage("lineage", "web")
    assert table.out.splitlines()[0].startswith("Lineage of image web (")
    assert "1 server(s)" not in table.out and "2 server(s) (2 ACTIVE)" in table.out
    assert "attached to web-1" in table.out and "attached to web-2" in table.out
    assert volimage("lineage", "web-golden", "-f", "yaml").out.startswith("kind: snapshot\n")


def test_a_clone_whose_server_is_gone_is_orphaned_and_only_prune_clones_deletes_it(
    volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    make(volimage, "--snapshot", "web-golden", "--name", "keep", "--no-delete-on-termination")
    (server,) = launch(volimage, "keep", "keeper")
    (clone_id,) = server["volume_ids"]
    conn.compute.delete_server(server["id"])
    sim.settle()
    assert sim.region().volumes.get(clone_id).status == "available"  # type: ignore[union-attr]

    table = volimage("lineage", clone_id)
    assert f"{clone_id}" in table.out and "orphaned: attached to nothing" in table.out
    assert "1 orphaned clone(s), 20 GiB: `volimage prune --clones` deletes them." in table.out
    listed = volimage("prune", "--dry-run", "-f", "json").json()["plan"]
    (kept,) = [item for item in listed if item["id"] == clone_id]
    assert kept["action"] == "keep" and kept["why"].endswith("add --clones to delete it")
    assert sim.region().volumes.get(clone_id) is not None

    mark = sim.mark()
    run = volimage("prune", "--clones", "--yes", "-f", "json")
    assert run.code == 0, run.err
    assert run.json()["deleted"] == [f"volume (no name) ({clone_id})"]
    sim.settle()
    assert sim.audit(mark).deleted == {"RegionOne/volumes": [clone_id]}


def test_a_placeholder_whose_snapshot_is_gone_is_listed_as_dangling_with_its_fleet(
    volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    made = volimage("create-image", "--volume", "fedora-dev", "--name", "fed", "--yes", "-f", "json").json()
    snapshot_id = made["snapshot"]["id"]
    conn.block_storage.delete_snapshot(snapshot_id)
    sim.settle()
    (fed,) = volimage("images", "--usage", "--dangling", "-f", "json").json()
    assert fed["image"]["name"] == "fed" and fed["dangling"] == [f"snapshot {snapshot_id}"]
    table = volimage("lineage", "fed")
    assert "no server boots from it" in table.out and f"snapshot {snapshot_id} is gone" in table.out


def test_a_snapshot_one_placeholder_maps_goes_with_it_one_that_two_map_stays(volimage: Volimage) -> None:
    for name in ("a", "b"):
        make(volimage, "--snapshot", "web-golden", "--name", name)
    made = volimage("create-image", "--volume", "fedora-dev", "--name", "fed", "--yes", "-f", "json").json()
    plan = volimage("prune", "--unused", "--dry-run", "-f", "json").json()["plan"]
    deleted = {(item["kind"], item["name"]) for item in plan if item["action"] == "delete"}
    assert deleted == {("image", "a"), ("image", "b"), ("image", "fed"), ("snapshot", "fed root")}
    (fed_root,) = [item for item in plan if item["id"] == made["snapshot"]["id"]]
    assert fed_root["why"] == "only image fed maps it, and no volume was made from it"
    kept = {item["name"]: item["why"] for item in plan if item["action"] == "keep"}
    assert kept["web-golden"] == "volimage did not make it; delete it by hand if no one needs it"
    assert kept["web-01-backup"].startswith("Nova made it")


def test_a_shared_placeholder_warns_at_creation_and_is_flagged_in_the_listings(volimage: Volimage) -> None:
    preview = volimage("preview", "--snapshot", "web-golden", "--name", "team", "--visibility", "shared")
    assert "warning: Visibility shared: other projects will see image team but cannot boot" in " ".join(
        preview.out.split()
    )
    run = volimage("create-image", "--snapshot", "web-golden", "--name", "team", "--visibility", "shared", "--yes")
    assert run.code == 0, run.err
    assert 'Nova refuses their boot ("Block Device Mapping is Invalid: failed to get snapshot")' in " ".join(
        run.err.split()
    )
    listing = {item["image"]["name"]: item for item in volimage("images", "-f", "json").json()}
    assert listing["team"]["shared_unbootable"] is True and listing["web-01-backup"]["shared_unbootable"] is False
    assert "shared, but other projects cannot boot it" in volimage("images").out
    assert usage_of(volimage, "team")["shared_unbootable"] is True


def test_the_lineage_costs_four_listings_whatever_the_number_of_placeholders(volimage: Volimage, sim: SimCloud) -> None:
    def listings() -> list[str]:
        mark = len(sim.requests())
        assert volimage("images", "--usage", "-f", "json").code == 0
        return sorted(r.path.rsplit("/", 2)[-1] for r in sim.requests()[mark:] if r.method == "GET" and "/v" in r.path)

    before = listings()
    for number in range(4):
        make(volimage, "--snapshot", "web-golden", "--name", f"p{number}")
    assert listings() == before
    assert [path for path in before if path in ("detail", "images")] == ["detail", "detail", "detail", "images"]


def test_names_that_name_nothing_or_several_things_and_other_projects_servers_are_one_line(
    volimage: Volimage,
) -> None:
    missing = volimage("lineage", "nothing-here")
    assert (missing.code, missing.err) == (
        2,
        "volimage: There is no image, snapshot or volume named or with ID 'nothing-here'.\n",
    )
    assert volimage("lineage", " ").err == "volimage: Give an image, snapshot or volume name or ID.\n"
    make(volimage, "--snapshot", "web-golden", "--name", "web-01-root")
    twice = volimage("lineage", "web-01-root")
    assert twice.code == 2 and "2 resources are named 'web-01-root' (image " in twice.err
    refused = volimage("lineage", "web-golden", "--all-projects")
    assert refused.code == 3
    (line,) = refused.err.splitlines()
    assert "Listing servers failed: Policy doesn't allow os_compute_api:servers:detail:get_all_tenants" in line
