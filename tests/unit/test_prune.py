"""The prune plan: it deletes only what volimage proves it made and nothing uses, in a safe order."""

from __future__ import annotations

from hypothesis import given

from volimage_tui.core.checks import check_plan
from volimage_tui.core.lineage import build_lineage
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan
from volimage_tui.core.prune import PrunePlan, Target, plan_prune

from . import factories
from .lineage_worlds import World, placeholder, server, snapshot, volume, worlds


def project() -> World:
    return World(
        volumes=[
            volume("root", size=20),
            volume("left", size=20, snapshot_id="golden"),
            volume("kept-clone", size=3, snapshot_id="loose-cloned"),
        ],
        snapshots=[
            snapshot("golden", "root", size=20),
            snapshot("old-snap", "root", size=7),
            snapshot("loose", "root", size=4),
            snapshot("loose-cloned", "root", size=3),
            snapshot("busy", "root", status="creating"),
            snapshot("users", "root", ours=False),
            snapshot("idle-snap", "root", size=9),
        ],
        images=[
            placeholder("web", ("golden",)),
            placeholder("old", ("gone", "old-snap")),
            placeholder("nova-old", ("gone",), maker="nova"),
            placeholder("guarded", ("gone",), protected=True),
            placeholder("idle", ("idle-snap",)),
            placeholder("mine", ("users",)),
        ],
        servers=[server("web-1", "web")],
    )


def plan(world: World, **options: bool) -> PrunePlan:
    return plan_prune(build_lineage(world.volumes, world.snapshots, world.images, world.servers), **options)


def test_dangling_placeholders_and_loose_snapshots_go_others_stay_with_a_reason() -> None:
    found = plan(project())
    assert [d.id for d in found.images] == ["old"]
    assert [(d.id, d.parent, d.gib) for d in found.snapshots] == [("loose", "", 4), ("old-snap", "old", 7)]
    assert found.clones == ()
    kept = {k.id: k.reason for k in found.kept}
    assert kept["nova-old"].startswith("Nova made it; delete it by hand")
    assert kept["guarded"].startswith("it is protected")
    assert kept["loose-cloned"] == "volume kept-clone was made from it"
    assert kept["busy"] == "it is creating"
    assert kept["left"].endswith("add --clones to delete it")
    assert "users" not in kept and "golden" not in kept


def test_unused_placeholders_go_only_when_asked_with_the_snapshots_they_free() -> None:
    found = plan(project(), unused=True)
    assert [d.id for d in found.images] == ["idle", "mine", "old"]
    freed = {d.id: d.parent for d in found.snapshots}
    assert freed["idle-snap"] == "idle"
    assert {k.id: k.reason for k in found.kept}["users"].startswith("volimage did not make it")
    lines = found.describe()
    assert any(
        line.startswith("delete image idle (idle): no server boots from it; frees 1 snapshot(s), 9 GiB")
        for line in lines
    )


def test_orphaned_clones_are_deleted_only_with_clones_and_last() -> None:
    found = plan(project(), clones=True)
    assert [(d.kind, d.id, d.gib) for d in found.clones] == [(Target.VOLUME, "left", 20)]
    assert found.deletions[-1].id == "left"
    assert found.describe()[-1] == "in all: 1 image(s), 2 snapshot(s), 1 volume(s); 31 GiB freed"


@given(worlds())
def test_nothing_in_use_or_not_volimages_is_ever_planned_for_deletion(world: World) -> None:
    lineage = build_lineage(world.volumes, world.snapshots, world.images, world.servers)
    found = plan_prune(lineage, unused=True, clones=True)
    deleted_images = {d.id for d in found.images}
    for deletion in found.images:
        image = lineage.images[deletion.id]
        assert "volimage" in image.tags and not image.protected
        assert not any(s.image_id == image.id for s in world.servers)
    for deletion in found.snapshots:
        item = lineage.snapshots[deletion.id]
        assert item.metadata.get("volimage_request") and item.status in ("available", "error")
        assert not any(v.snapshot_id == item.id for v in world.volumes)
        assert all(user in deleted_images for user in lineage.mapped_by.get(item.id, ()))
    for deletion in found.clones:
        clone = lineage.volumes[deletion.id]
        assert clone.status == "available" and not clone.attachments
    assert len({d.id for d in found.deletions}) == len(found.deletions)
    kinds = [d.kind for d in found.deletions]
    assert kinds == sorted(kinds, key=[Target.IMAGE, Target.SNAPSHOT, Target.VOLUME].index)


def test_a_shared_placeholder_warns_that_other_projects_cannot_boot_it() -> None:
    source = BootSource.from_snapshot(factories.snapshot(), factories.volume())
    for visibility in ("shared", "community", "public"):
        checks = check_plan(build_plan(source, PlaceholderOptions("web", visibility=visibility)))
        (shared,) = [c for c in checks if c.code == "shared-unbootable"]
        assert not shared.blocks
        assert "other projects will see image web but cannot boot it" in shared.message
        assert "failed to get snapshot" in shared.message
    private = check_plan(build_plan(source, PlaceholderOptions("web")))
    assert not [c for c in private if c.code == "shared-unbootable"]
