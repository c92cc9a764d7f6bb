"""Delete a placeholder image, and with it the snapshots only it uses that volimage made, planned again from fresh
listings just before they go. Deletions cannot be undone, so the first failure stops the rest."""

from __future__ import annotations

from functools import partial

from ...core.deletion import DeletePlan, plan_delete
from ...core.models import Image
from ...core.progress import StepState
from ...errors import InputError, VolimageError
from .workflow import Workflow


class DeletePlaceholder(Workflow):
    def plan(self, image: Image, *, with_snapshots: bool) -> DeletePlan:
        if not with_snapshots:
            return plan_delete(image, with_snapshots=False)
        return plan_delete(
            image,
            with_snapshots=True,
            images=self.session.images(),
            snapshots=self.session.snapshots(),
            volumes=self.session.volumes(),
        )

    def run(self, plan: DeletePlan) -> list[str]:
        """Carry out `plan`; returns what was done. Deletions cannot be rolled back, so the first failure stops
        the rest and its message says what was already deleted. The snapshots are planned again from fresh
        listings just before they go: one that another image or a volume came to depend on since is kept."""
        image = plan.image
        if image.protected:
            raise InputError(
                f"Image {image.label} is protected; unprotect it first (openstack image set --unprotected)."
            )
        done: list[str] = []
        try:
            self._step("image", f"Delete image {image.label}")
            self._delete(
                "image", f"/images/{image.id}", f"Deleting image {image.label}", partial(self.session.image, image.id)
            )
            done.append(f"deleted image {image.label}")
            self._step("image", f"Delete image {image.label}", StepState.DONE)
            if not plan.snapshots:
                return done
            still_unused = {snapshot.id for snapshot in self.plan(image, with_snapshots=True).snapshots}
            for snapshot in plan.snapshots:
                key = f"snapshot:{snapshot.id}"
                if snapshot.id not in still_unused:
                    done.append(f"kept snapshot {snapshot.label}, which is in use since the plan was made")
                    self._step(key, f"Keep snapshot {snapshot.label}", StepState.DONE, "in use since the plan")
                    continue
                self._step(key, f"Delete snapshot {snapshot.label}")
                self._delete_snapshot(snapshot.id)
                done.append(f"deleted snapshot {snapshot.label}")
                self._step(key, f"Delete snapshot {snapshot.label}", StepState.DONE)
        except VolimageError as error:
            if done:
                raise error.extended("Already done: " + ", ".join(done) + ".") from error
            raise
        return done
