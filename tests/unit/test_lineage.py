"""The lineage of placeholders, derived from the four listings alone: each fact by example and over random projects."""

from __future__ import annotations

from hypothesis import given

from volimage_tui.core.chain import Kind, chain_of, find_subject
from volimage_tui.core.lineage import Lineage, build_lineage

from .lineage_worlds import World, placeholder, server, snapshot, volume, worlds


def lineage_of(world: World) -> Lineage:
    return build_lineage(world.volumes, world.snapshots, world.images, world.servers)


def example() -> World:
    """web maps golden and boots two servers (one ERROR); golden has a clone on each and one left behind; old maps
    a snapshot that is gone; spare maps its own snapshot and no server uses it."""
    return World(
        volumes=[
            volume("root", size=20),
            volume("c1", size=20, snapshot_id="golden", server_id="web-1"),
            volume("c2", size=25, snapshot_id="golden", server_id="web-2"),
            volume("data", size=5, server_id="web-1"),
            volume("left", size=20, snapshot_id="golden"),
            volume("broken", size=20, snapshot_id="golden", status="error"),
        ],
        snapshots=[snapshot("golden", "root", size=20), snapshot("spare-snap", "root", size=20)],
        images=[
            placeholder("web", ("golden",)),
            placeholder("old", ("gone",), maker="nova"),
            placeholder("spare", ("spare-snap",), visibility="public"),
        ],
        servers=[server("web-1", "web"), server("web-2", "web", status="ERROR"), server("other", "")],
    )


def test_servers_per_placeholder_and_their_statuses() -> None:
    usage = lineage_of(example()).usage("web")
    assert [s.id for s in usage.servers] == ["web-1", "web-2"]
    assert usage.statuses == {"ACTIVE": 1, "ERROR": 1}
    assert lineage_of(example()).usage("spare").servers == ()


def test_gib_provisioned_counts_every_volume_of_the_fleet_once() -> None:
    assert lineage_of(example()).usage("web").provisioned_gib == 20 + 25 + 5


def test_orphaned_clones_are_the_available_unattached_clones_of_a_placeholders_snapshot() -> None:
    (orphan,) = lineage_of(example()).orphaned_clones()
    assert (orphan.volume.id, orphan.snapshot_id, orphan.placeholder_ids) == ("left", "golden", ("web",))


def test_a_snapshot_only_one_placeholder_maps_and_no_volume_came_from_is_sole() -> None:
    assert [(s.id, i.id) for s, i in lineage_of(example()).sole_snapshots()] == [("spare-snap", "spare")]


def test_dangling_unused_and_shared_placeholders() -> None:
    lineage = lineage_of(example())
    assert [u.image.id for u in lineage.dangling()] == ["old"]
    assert lineage.usage("old").missing == ("snapshot gone",)
    assert [u.image.id for u in lineage.unused()] == ["old", "spare"]
    assert [u.image.id for u in lineage.shared_unbootable()] == ["spare"]


def test_the_chain_of_a_placeholder_runs_from_its_source_volume_to_its_servers_and_clones() -> None:
    chain = chain_of(lineage_of(example()), Kind.IMAGE, "web")
    (root,) = chain.volumes
    assert (root.id, [s.id for s in root.snapshots]) == ("root", ["golden"])
    (golden,) = root.snapshots
    (web,) = golden.placeholders
    assert [(s.id, s.status) for s in web.servers] == [("web-1", "ACTIVE"), ("web-2", "ERROR")]
    assert [(c.id, c.orphaned, [s.id for s in c.attached_to]) for c in golden.clones] == [
        ("broken", False, []),
        ("c1", False, ["web-1"]),
        ("c2", False, ["web-2"]),
        ("left", True, []),
    ]


def test_the_chain_of_a_clone_starts_at_the_snapshot_it_came_from() -> None:
    lineage = lineage_of(example())
    assert find_subject(lineage, "c1") == [(Kind.VOLUME, "c1")]
    chain = chain_of(lineage, Kind.VOLUME, "c1")
    assert [node.id for node in chain.volumes] == ["root", "c1"]
    assert chain.volumes[0].snapshots[0].id == "golden"


def test_the_chain_of_a_dangling_placeholder_names_what_is_gone() -> None:
    chain = chain_of(lineage_of(example()), Kind.IMAGE, "old")
    assert (chain.volumes, chain.missing) == ((), ("snapshot gone",))


@given(worlds())
def test_every_server_booted_from_a_placeholder_is_in_exactly_its_fleet(world: World) -> None:
    lineage = lineage_of(world)
    fleets = {u.image.id: {s.id for s in u.servers} for u in lineage.usages()}
    for item in world.servers:
        owners = [image_id for image_id, fleet in fleets.items() if item.id in fleet]
        assert owners == ([item.image_id] if item.image_id in lineage.decoded else [])
    for usage in lineage.usages():
        assert sum(usage.statuses.values()) == len(usage.servers)
        attached = {v.id for v in world.volumes for a in v.attachments if a.server_id in fleets[usage.image.id]}
        assert usage.provisioned_gib == sum(v.size for v in world.volumes if v.id in attached)


@given(worlds())
def test_orphaned_clones_are_exactly_the_unattached_available_clones_of_mapped_snapshots(world: World) -> None:
    lineage = lineage_of(world)
    mapped = {sid for d in lineage.decoded.values() for sid in d.snapshot_ids}
    expected = {
        v.id for v in world.volumes if v.snapshot_id in mapped and v.status == "available" and not v.attachments
    }
    assert {clone.volume.id for clone in lineage.orphaned_clones()} == expected


@given(worlds())
def test_sole_snapshots_have_one_placeholder_and_no_clone(world: World) -> None:
    lineage = lineage_of(world)
    sole = {s.id for s, _ in lineage.sole_snapshots()}
    for item in world.snapshots:
        users = [i for i, d in lineage.decoded.items() if item.id in d.snapshot_ids]
        cloned = any(v.snapshot_id == item.id for v in world.volumes)
        assert (item.id in sole) == (len(users) == 1 and not cloned)


@given(worlds())
def test_dangling_unused_and_shared_agree_with_their_definitions(world: World) -> None:
    lineage = lineage_of(world)
    existing = {s.id for s in world.snapshots}
    for usage in lineage.usages():
        assert usage.dangling == any(sid not in existing for sid in usage.decoded.snapshot_ids)
        assert usage.unused == (not any(s.image_id == usage.image.id for s in world.servers))
        assert usage.shared_unbootable == (usage.image.visibility != "private")
    assert "plain" not in lineage.decoded
