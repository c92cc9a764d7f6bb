"""Create a placeholder image: snapshot the volume first when the plan says so, then the image record, its
zero-byte upload and the check that Glance made it active and empty; undo what was made when a step fails."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ...core.checks import Level, check_plan
from ...core.export import image_request, snapshot_request, upload_request
from ...core.models import Image, Snapshot
from ...core.placeholder import REQUEST_KEY, PlaceholderPlan
from ...core.progress import StepState
from ...errors import InputError, NotFoundError, ServerError
from ...ids import new_request_id, new_uuid
from ..made import snapshots_of_request
from ..rollback import Rollback, rolled_back
from ..waits import wait_for
from .workflow import Sent, Workflow


@dataclass(frozen=True)
class Created:
    image: Image
    snapshot: Snapshot | None = None
    """The snapshot made for a snapshot-first plan."""


class CreatePlaceholder(Workflow):
    def run(self, plan: PlaceholderPlan, *, volume_types: list[str] | None = None) -> Created:
        """Make the image of `plan` (snapshotting its volume first when the plan says so), active and empty."""
        errors = [check for check in check_plan(plan, volume_types=volume_types) if check.level is Level.ERROR]
        if errors:
            raise InputError(errors[0].message)
        with rolled_back(self.progress) as rollback:
            snapshot = None
            if plan.snapshot_first:
                snapshot = self._snapshot(plan, rollback)
                plan = plan.with_snapshot(snapshot.id)
            elif plan.source.status == "creating":
                self._wait_snapshot(plan.source.id, plan.source.name)
            image = self._image(plan, rollback)
        return Created(image, snapshot)

    def _snapshot(self, plan: PlaceholderPlan, rollback: Rollback) -> Snapshot:
        sent = Sent(new_request_id())
        request = snapshot_request(plan, sent.request_id, self.session.target())
        name = request.body["snapshot"]["name"]
        self._step("snapshot", f"Snapshot {name}")
        rollback.add(
            "snapshot",
            f"snapshot {name!r}",
            partial(self._delete_made_snapshots, sent, plan.source.id, name),
            f"openstack volume snapshot list --volume {plan.source.id} --long, then openstack volume snapshot "
            f"delete the one whose properties say {REQUEST_KEY}='{sent.request_id}'",
        )
        with sent:
            answer = self.session.send(request, f"Creating snapshot {name}")
        sent.made = answer["snapshot"]["id"]
        snapshot = self._wait_snapshot(sent.made, name)
        self._step("snapshot", f"Snapshot {name}", StepState.DONE, snapshot.id)
        return snapshot

    def _wait_snapshot(self, snapshot_id: str, name: str) -> Snapshot:
        label = f"Snapshot {name} available"
        snapshot = wait_for(
            partial(self.session.snapshot, snapshot_id),
            lambda snapshot: snapshot.status,
            ready={"available"},
            what=f"Snapshot {name}",
            timeout=self.timeouts.snapshot,
            cancel=self.cancel,
            first_interval=self.timeouts.first_poll,
            on_poll=lambda snapshot: self._step("wait-snapshot", label, detail=snapshot.status),
        )
        self._step("wait-snapshot", label, StepState.DONE)
        return snapshot

    def _image(self, plan: PlaceholderPlan, rollback: Rollback) -> Image:
        name, image_id = plan.options.name, new_uuid()
        sent = Sent(image_id, made=image_id)
        self._step("image", f"Image record {name}")
        rollback.add(
            "image",
            f"image {name!r} ({image_id})",
            partial(self._delete_image, sent, name),
            f"openstack image delete {image_id}",
        )
        with sent:
            self.session.send(image_request(plan, image_id), f"Creating image {name}")
        self._step("image", f"Image record {name}", StepState.DONE, image_id)
        self._step("upload", "Zero-byte upload")
        self.session.send(upload_request(image_id), f"Uploading the empty data of image {name}")
        self._step("upload", "Zero-byte upload", StepState.DONE)
        self._step("confirm", "Image active")
        image = self.session.image(image_id)
        if image.status != "active" or image.size not in (0, None):
            raise ServerError(f"Glance left image {name} {image.status} (size {image.size}) after the empty upload.")
        self._step("confirm", "Image active", StepState.DONE, image.id)
        return image

    # undoing what a request made, also when its answer was lost

    def _delete_image(self, sent: Sent, name: str) -> list[str]:
        """Delete the image by the id volimage chose, which proves it is the one it made (no lookup, which a
        failing read path would break)."""

        def delete() -> list[str]:
            try:
                self.session.request("image", "DELETE", f"/images/{sent.made}", f"Deleting image {sent.made}")
            except NotFoundError:
                return []
            return [f"image {name!r} ({sent.made})"]

        return self._late(delete, sent)

    def _delete_made_snapshots(self, sent: Sent, volume_id: str, name: str) -> list[str]:
        """Delete the snapshot the request made: the one Cinder's answer named, or, when there was no answer,
        those of the volume whose own metadata carries the request id. Nothing else, whatever a listing says."""
        if sent.made:
            self._delete_snapshot(sent.made)
            return [f"snapshot {name!r} ({sent.made})"]
        found = self._late(lambda: snapshots_of_request(self.session, sent.request_id, volume_id=volume_id), sent)
        deleted = []
        for snapshot in found:
            if self._still_made_by(partial(self.session.snapshot, snapshot.id), sent.request_id):
                self._delete_snapshot(snapshot.id)
                deleted.append(f"snapshot {snapshot.name!r} ({snapshot.id})")
        return deleted
