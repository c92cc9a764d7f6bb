"""What deleting a placeholder deletes: the image, and optionally the snapshots volimage made that only it needs.

A snapshot an image maps may be a user's own (a placeholder made from an existing snapshot maps it too), so only
one that carries a volimage request id in its own metadata is ever deleted with the image (`core/proof.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .decode import decode_image
from .models import Image, Snapshot, Volume
from .proof import made_by_volimage


@dataclass(frozen=True)
class KeptSnapshot:
    snapshot_id: str
    reason: str


@dataclass(frozen=True)
class DeletePlan:
    image: Image
    snapshots: tuple[Snapshot, ...] = ()
    """Deleted after the image."""
    kept: tuple[KeptSnapshot, ...] = ()
    """Referenced by the image but kept, each with the reason."""

    def describe(self) -> list[str]:
        lines = [f"delete image {self.image.label} ({self.image.id})"]
        lines += [f"delete snapshot {snapshot.label} ({snapshot.id})" for snapshot in self.snapshots]
        lines += [f"keep snapshot {kept.snapshot_id}: {kept.reason}" for kept in self.kept]
        return lines


def plan_delete(
    image: Image,
    *,
    with_snapshots: bool,
    images: Iterable[Image] = (),
    snapshots: Iterable[Snapshot] = (),
    volumes: Iterable[Volume] = (),
) -> DeletePlan:
    """The plan for `image`: its snapshots go too only when asked, volimage made them, no other image maps them
    and no volume was made from them (some Cinder back ends refuse, others would lose the volume's parent)."""
    if not with_snapshots:
        return DeletePlan(image)
    existing = {snapshot.id: snapshot for snapshot in snapshots}
    users: dict[str, list[str]] = {}
    for other in images:
        if other.id != image.id:
            for snapshot_id in decode_image(other).snapshot_ids:
                users.setdefault(snapshot_id, []).append(other.label)
    children: dict[str, list[str]] = {}
    for volume in volumes:
        if volume.snapshot_id:
            children.setdefault(volume.snapshot_id, []).append(volume.label)
    deleted: list[Snapshot] = []
    kept: list[KeptSnapshot] = []
    for snapshot_id in dict.fromkeys(decode_image(image).snapshot_ids):
        if snapshot_id not in existing:
            kept.append(KeptSnapshot(snapshot_id, "it no longer exists"))
        elif snapshot_id in users:
            kept.append(KeptSnapshot(snapshot_id, "image " + ", ".join(users[snapshot_id]) + " also uses it"))
        elif snapshot_id in children:
            kept.append(
                KeptSnapshot(snapshot_id, "volume " + ", ".join(children[snapshot_id][:3]) + " was made from it")
            )
        elif not made_by_volimage(existing[snapshot_id]):
            kept.append(KeptSnapshot(snapshot_id, "volimage did not make it; delete it by hand if no one needs it"))
        else:
            deleted.append(existing[snapshot_id])
    return DeletePlan(image, tuple(deleted), tuple(kept))
