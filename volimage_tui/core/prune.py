"""What `prune` deletes, and why: the plan is derived from the lineage, shown first, then carried out by `cloud/`.

| candidate                                           | deleted          | kept when                          |
|-----------------------------------------------------|------------------|------------------------------------|
| a dangling placeholder (what it maps is gone)       | always           | not volimage's, protected, servers |
| a placeholder no server boots from                  | with `unused`    | the same                           |
| a snapshot of volimage's that no image maps then    | always           | busy, or a volume was made from it |
| an orphaned clone (available, attached to nothing)  | with `clones`    | always listed                      |

volimage deletes only what it can prove it made (`core/proof.py`): its tag and property on an image, its request
id on a snapshot. Orphaned clones are Nova's, made when a server booted; they are deleted only when the user asks
for them by `clones` after seeing each listed by id. The execution re-reads and re-proves everything just before.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .decode import Maker
from .lineage import Lineage, PlaceholderUsage
from .proof import image_made_by_volimage, made_by_volimage

DELETABLE_SNAPSHOT_STATUSES = frozenset({"available", "error"})
"""Cinder deletes a snapshot in these statuses only; any other (creating, deleting, backing-up) means busy."""


class Target(StrEnum):
    IMAGE = "image"
    SNAPSHOT = "snapshot"
    VOLUME = "volume"


@dataclass(frozen=True)
class Deletion:
    """One thing the plan deletes: what, why, and what its deletion frees."""

    kind: Target
    id: str
    name: str
    why: str
    gib: int = 0
    """The GiB its deletion frees (an image itself holds none; its snapshots are their own deletions)."""
    parent: str = ""
    """For a snapshot freed by deleting an image, or a clone: the snapshot or image id it belongs to."""

    @property
    def label(self) -> str:
        return f"{self.kind.value} {self.name or '(no name)'} ({self.id})"


@dataclass(frozen=True)
class Kept:
    kind: Target
    id: str
    name: str
    reason: str

    @property
    def label(self) -> str:
        return f"{self.kind.value} {self.name or '(no name)'} ({self.id})"


@dataclass(frozen=True)
class PrunePlan:
    images: tuple[Deletion, ...] = ()
    snapshots: tuple[Deletion, ...] = ()
    """Deleted after the images: some are freed by them."""
    clones: tuple[Deletion, ...] = ()
    """Deleted last, and only when asked."""
    kept: tuple[Kept, ...] = ()
    """Candidates that stay, each with the reason (orphaned clones without `clones` among them)."""

    @property
    def deletions(self) -> tuple[Deletion, ...]:
        """In the order they are carried out: images, then snapshots, then clones."""
        return (*self.images, *self.snapshots, *self.clones)

    @property
    def empty(self) -> bool:
        return not self.deletions

    @property
    def freed_gib(self) -> int:
        return sum(deletion.gib for deletion in self.deletions)

    def describe(self) -> list[str]:
        """One line per deletion and per kept candidate, then the total."""
        lines = []
        for image in self.images:
            freed = [s for s in self.snapshots if s.parent == image.id]
            frees = f"; frees {len(freed)} snapshot(s), {sum(s.gib for s in freed)} GiB" if freed else ""
            lines.append(f"delete {image.label}: {image.why}{frees}")
        lines += [f"delete {item.label}: {item.why}; frees {item.gib} GiB" for item in (*self.snapshots, *self.clones)]
        lines += [f"keep {item.label}: {item.reason}" for item in self.kept]
        lines.append(
            f"in all: {len(self.images)} image(s), {len(self.snapshots)} snapshot(s), {len(self.clones)} volume(s); "
            f"{self.freed_gib} GiB freed"
        )
        return lines


def plan_prune(lineage: Lineage, *, unused: bool = False, clones: bool = False) -> PrunePlan:
    """What to delete from `lineage`: dangling placeholders, unused ones with `unused`, the snapshots volimage made
    that nothing then maps or was cloned from, and orphaned clones with `clones`."""
    images: list[Deletion] = []
    kept: list[Kept] = []
    for usage in lineage.usages():
        why = _candidate(usage, unused=unused)
        if not why:
            continue
        refusal = _image_refusal(usage)
        if refusal:
            kept.append(Kept(Target.IMAGE, usage.image.id, usage.image.name, refusal))
        else:
            images.append(Deletion(Target.IMAGE, usage.image.id, usage.image.name, why))
    deleted_images = {deletion.id for deletion in images}
    snapshots: list[Deletion] = []
    for snapshot in sorted(lineage.snapshots.values(), key=lambda s: (s.name, s.id)):
        users = lineage.mapped_by.get(snapshot.id, ())
        if any(user not in deleted_images for user in users):
            continue  # an image that stays maps it
        freed_by = next((user for user in users if user in deleted_images), "")
        ours = made_by_volimage(snapshot)
        if not ours and not freed_by:
            continue  # someone's own snapshot that nothing maps: not prune's to judge
        children = lineage.clones_of_snapshot.get(snapshot.id, ())
        reason = ""
        if not ours:
            reason = "volimage did not make it; delete it by hand if no one needs it"
        elif children:
            names = ", ".join(lineage.volumes[i].name or i for i in children[:3])
            reason = f"volume {names} was made from it"
        elif snapshot.status not in DELETABLE_SNAPSHOT_STATUSES:
            reason = f"it is {snapshot.status}"
        if reason:
            kept.append(Kept(Target.SNAPSHOT, snapshot.id, snapshot.name, reason))
            continue
        why = "no image maps it and no volume was made from it"
        if freed_by:
            why = f"only image {lineage.images[freed_by].name or freed_by} maps it, and no volume was made from it"
        snapshots.append(Deletion(Target.SNAPSHOT, snapshot.id, snapshot.name, why, snapshot.size, freed_by))
    volumes: list[Deletion] = []
    for clone in lineage.orphaned_clones():
        names = ", ".join(lineage.images[i].name or i for i in clone.placeholder_ids)
        source = lineage.snapshots.get(clone.snapshot_id)
        origin = f"snapshot {source.name or source.id}" if source else f"snapshot {clone.snapshot_id} (gone)"
        why = f"cloned from {origin} of placeholder {names}, attached to nothing"
        volume = clone.volume
        if clones:
            volumes.append(Deletion(Target.VOLUME, volume.id, volume.name, why, volume.size, clone.snapshot_id))
        else:
            kept.append(Kept(Target.VOLUME, volume.id, volume.name, f"{why}; add --clones to delete it"))
    return PrunePlan(tuple(images), tuple(snapshots), tuple(volumes), tuple(kept))


def no_longer(lineage: Lineage, deletion: Deletion) -> str:
    """Why `deletion`, planned earlier, is not in a plan made from `lineage` (fresher listings), when that plan
    did not keep it with a reason of its own: it went, or something uses it now."""
    if deletion.kind is Target.IMAGE:
        if deletion.id not in lineage.decoded:
            return "it is already gone"
        servers = lineage.servers_of_image.get(deletion.id, ())
        return f"{len(servers)} server(s) boot from it" if servers else "it no longer needs pruning"
    if deletion.kind is Target.SNAPSHOT:
        if deletion.id not in lineage.snapshots:
            return "it is already gone"
        users = [lineage.images[i].name or i for i in lineage.mapped_by.get(deletion.id, ())]
        return f"image {', '.join(users)} maps it" if users else "it no longer needs pruning"
    return "it is already gone" if deletion.id not in lineage.volumes else "it is in use"


def _candidate(usage: PlaceholderUsage, *, unused: bool) -> str:
    """Why the placeholder is a candidate at all (empty: it is not)."""
    if usage.dangling:
        return "dangling: " + ", ".join(f"{item} is gone" for item in usage.missing)
    if unused and usage.unused:
        return "no server boots from it"
    return ""


def _image_refusal(usage: PlaceholderUsage) -> str:
    """Why a candidate placeholder stays (empty: it may go)."""
    image = usage.image
    if not image_made_by_volimage(image):
        made = "Nova made it" if usage.decoded.maker is Maker.NOVA else "volimage did not make it"
        return f"{made}; delete it by hand (openstack image delete {image.id}) if no one needs it"
    if image.protected:
        return f"it is protected (openstack image set --unprotected {image.id} first)"
    if usage.servers:
        return f"{len(usage.servers)} server(s) boot from it"
    return ""
