"""Carrying out a prune plan: images, then snapshots, then clones, each proved again just before it goes.

Before each kind, the plan is made again from fresh listings, and only what the shown plan listed and the fresh
one still deletes is touched; then each item is read by id and its own fields checked (volimage's marks, not
protected, the status, no attachment). A deletion cannot be undone, so the first failure stops the rest and its
line says what was deleted and what was not; running prune again picks up where it stopped, since every step is
planned from what the cloud holds then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.lineage import Lineage
from ..core.models import Image, Snapshot, Volume
from ..core.progress import Progress, Step, StepState, ignore
from ..core.proof import image_made_by_volimage, made_by_volimage
from ..core.prune import DELETABLE_SNAPSHOT_STATUSES, Deletion, PrunePlan, Target, no_longer, plan_prune
from ..errors import NotFoundError, VolimageError
from .lineage import read_lineage
from .session import Service, Session


@dataclass(frozen=True)
class PruneOutcome:
    deleted: tuple[str, ...]
    """What was deleted, as `image web (id)`."""
    kept: tuple[str, ...]
    """What the plan listed but was kept when the time came, each with the reason."""


@dataclass
class Pruner:
    """Plans and carries out `prune` on one session."""

    session: Session
    unused: bool = False
    clones: bool = False
    all_projects: bool = False
    progress: Progress = ignore
    _deleted: list[str] = field(default_factory=list)
    _kept: list[str] = field(default_factory=list)

    def plan(self) -> PrunePlan:
        """The plan from the project's listings as they are now (four paged listings)."""
        return self._plan()[1]

    def _plan(self) -> tuple[Lineage, PrunePlan]:
        lineage = read_lineage(self.session, all_projects=self.all_projects)
        return lineage, plan_prune(lineage, unused=self.unused, clones=self.clones)

    def execute(self, plan: PrunePlan) -> PruneOutcome:
        """Delete what `plan` lists that is still provably unused and volimage's when its turn comes.

        Raises:
            VolimageError: a deletion failed; the line adds what was deleted before and what was not.
        """
        self._deleted, self._kept = [], []
        # a clone's own fields prove it unused (available, attached to nothing, from that snapshot), and once its
        # placeholder is gone a fresh plan no longer calls it a placeholder's clone: it is not planned again
        phases = [
            (plan.images, self._image, True),
            (plan.snapshots, self._snapshot, True),
            (plan.clones, self._volume, False),
        ]
        pending = list(plan.deletions)
        try:
            for items, prove, replan in phases:
                changed = self._no_longer_planned(items) if replan and items else {}
                for item in items:
                    if item.id in changed:
                        self._keep(item, f"{changed[item.id]} (since the plan was made)")
                    else:
                        self._delete(item, prove)
                    pending.remove(item)
        except VolimageError as error:
            sentences = []
            if self._deleted:
                sentences.append("Already deleted: " + ", ".join(self._deleted) + ".")
            sentences.append("Not deleted: " + ", ".join(item.label for item in pending) + ".")
            raise error.extended(" ".join(sentences)) from error
        return PruneOutcome(tuple(self._deleted), tuple(self._kept))

    def _no_longer_planned(self, items: tuple[Deletion, ...]) -> dict[str, str]:
        """The items that a plan made now, from fresh listings, would not delete, each with the reason."""
        lineage, fresh = self._plan()
        still = {deletion.id for deletion in fresh.deletions}
        reasons = {kept.id: kept.reason for kept in fresh.kept}
        return {item.id: reasons.get(item.id) or no_longer(lineage, item) for item in items if item.id not in still}

    def _delete(self, item: Deletion, prove: Callable[[Deletion], str]) -> None:
        """Read the item by id, check its own fields, delete it; a refusal from the proof keeps it."""
        key = f"{item.kind.value}:{item.id}"
        self.progress(Step(key, f"Delete {item.label}", StepState.RUNNING))
        try:
            refusal = prove(item)
            if not refusal:
                service, path = PATHS[item.kind]
                self.session.request(service, "DELETE", f"{path}/{item.id}", f"Deleting {item.label}")
        except NotFoundError:
            refusal = "it is already gone"
        if refusal:
            self._keep(item, refusal)
            return
        self._deleted.append(item.label)
        self.progress(Step(key, f"Delete {item.label}", StepState.DONE))

    def _keep(self, item: Deletion, reason: str) -> None:
        self._kept.append(f"{item.label}: {reason}")
        self.progress(Step(f"{item.kind.value}:{item.id}", f"Keep {item.label}", StepState.DONE, reason))

    # the proofs, from each resource's own fields read just now (an empty answer: it may go)

    def _image(self, item: Deletion) -> str:
        image: Image = self.session.image(item.id)
        if not image_made_by_volimage(image):
            return "volimage did not make it"
        if image.protected:
            return "it is protected"
        return ""

    def _snapshot(self, item: Deletion) -> str:
        snapshot: Snapshot = self.session.snapshot(item.id)
        if not made_by_volimage(snapshot):
            return "volimage did not make it"
        if snapshot.status not in DELETABLE_SNAPSHOT_STATUSES:
            return f"it is {snapshot.status}"
        return ""

    def _volume(self, item: Deletion) -> str:
        volume: Volume = self.session.volume(item.id)
        if volume.status != "available" or volume.attachments:
            return f"it is {volume.status}" + (", attached" if volume.attachments else "")
        if volume.snapshot_id != item.parent:
            return "it was not made from the snapshot the plan named"
        return ""


PATHS: dict[Target, tuple[Service, str]] = {
    Target.IMAGE: ("image", "/images"),
    Target.SNAPSHOT: ("volume", "/snapshots"),
    Target.VOLUME: ("volume", "/volumes"),
}
