"""Which snapshots go with a deleted placeholder: only those no other image maps and no volume came from."""

from __future__ import annotations

from dataclasses import replace

from volimage_tui.core.deletion import KeptSnapshot, plan_delete
from volimage_tui.core.mapping import SourceKind
from volimage_tui.core.placeholder import BootSource, ExtraDisk, PlaceholderOptions, build_plan

from .factories import image_from_plan, snapshot, volume


def test_without_snapshots_only_the_image_goes() -> None:
    image = image_from_plan(build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions("a")))
    plan = plan_delete(image, with_snapshots=False, snapshots=[snapshot()])
    assert plan.snapshots == () and plan.kept == ()
    assert plan.describe() == [f"delete image a ({image.id})"]


def test_snapshots_shared_with_another_image_or_a_volume_are_kept() -> None:
    root, data, shared, gone = (
        snapshot(id=f"aaaaaaaa-0000-4000-8000-00000000000{n}", name=f"s{n}", metadata={"volimage_request": "r"})
        for n in range(1, 5)
    )
    disks = tuple(ExtraDisk(SourceKind.SNAPSHOT, 1, item.id) for item in (data, shared, gone))
    image = image_from_plan(
        build_plan(BootSource.from_snapshot(root, volume()), PlaceholderOptions("a", extra_disks=disks))
    )
    other = replace(
        image_from_plan(build_plan(BootSource.from_snapshot(shared, volume()), PlaceholderOptions("b"))), id="other"
    )
    child = replace(volume(), id="child", name="made-from-data", snapshot_id=data.id)
    plan = plan_delete(
        image, with_snapshots=True, images=[image, other], snapshots=[root, data, shared], volumes=[child]
    )
    assert plan.snapshots == (root,)
    assert plan.kept == (
        KeptSnapshot(data.id, "volume made-from-data was made from it"),
        KeptSnapshot(shared.id, "image b also uses it"),
        KeptSnapshot(gone.id, "it no longer exists"),
    )


def test_a_snapshot_volimage_did_not_make_is_kept_even_when_nothing_else_uses_it() -> None:
    users = snapshot()
    ours = snapshot(id="aaaaaaaa-0000-4000-8000-000000000009", name="x root", metadata={"volimage_request": "r1"})
    disks = (ExtraDisk(SourceKind.SNAPSHOT, 1, ours.id),)
    image = image_from_plan(
        build_plan(BootSource.from_snapshot(users, volume()), PlaceholderOptions("a", extra_disks=disks))
    )
    plan = plan_delete(image, with_snapshots=True, images=[image], snapshots=[users, ours])
    assert plan.snapshots == (ours,)
    assert plan.kept == (KeptSnapshot(users.id, "volimage did not make it; delete it by hand if no one needs it"),)
