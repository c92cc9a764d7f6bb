"""The actions that change a cloud: snapshot a volume, create a placeholder, launch servers, delete a placeholder.

Each reports its steps through a `Progress` callback, waits with a time-out and a cancel event, and undoes what it
created when a later step fails, so that a failure leaves the project as it found it (or says exactly what is left).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from ..core.checks import Level, check_plan
from ..core.deletion import DeletePlan, plan_delete
from ..core.export import image_request, launch_request, snapshot_request, upload_request
from ..core.launch import LaunchPlan
from ..core.models import Image, Server, Snapshot, Volume
from ..core.placeholder import REQUEST_KEY, PlaceholderPlan
from ..core.progress import Progress, Step, StepState, ignore
from ..core.proof import made_by
from ..errors import (
    CloudError,
    CloudTimeout,
    InputError,
    NotFoundError,
    ServerError,
    UnreachableError,
    VolimageError,
)
from ..ids import new_request_id, new_uuid
from .rollback import Rollback, rolled_back
from .session import Service, Session
from .waits import FIRST_INTERVAL, wait_for

T = TypeVar("T")


@dataclass
class Sent:
    """A create request on its way, for its undo: the id volimage gave it, what it made, and whether its answer
    was lost (a time-out, a dropped connection), in which case what it made may appear later."""

    request_id: str
    made: str = ""
    """The id of what the request made, once known."""
    lost: bool = False

    def __enter__(self) -> Sent:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        self.lost = isinstance(error, CloudTimeout | UnreachableError)


@dataclass(frozen=True)
class Timeouts:
    """Seconds each wait may take (boot from volume copies data, so servers get long), and how often to ask."""

    snapshot: float = 1800
    image: float = 120
    server: float = 1800
    delete: float = 600
    first_poll: float = FIRST_INTERVAL
    """The first wait between two reads of a status; it grows from there."""
    late_poll: float = 0.5
    """The wait between two searches for what a request whose answer was lost may yet make."""


@dataclass(frozen=True)
class Created:
    image: Image
    snapshot: Snapshot | None = None
    """The snapshot made for a snapshot-first plan."""


@dataclass(frozen=True)
class Launched:
    reservation_id: str
    servers: tuple[Server, ...]

    @property
    def failed(self) -> tuple[Server, ...]:
        return tuple(server for server in self.servers if server.status == "ERROR")


@dataclass
class Actions:
    """The mutating workflows of one session."""

    session: Session
    progress: Progress = ignore
    cancel: threading.Event | None = None
    timeouts: Timeouts = Timeouts()

    def _step(self, key: str, label: str, state: StepState = StepState.RUNNING, detail: str = "") -> None:
        self.progress(Step(key, label, state, detail))

    # placeholder images

    def create_placeholder(self, plan: PlaceholderPlan, *, volume_types: list[str] | None = None) -> Created:
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

    def _late(self, find: Callable[[], list[T]], sent: Sent) -> list[T]:
        """What a create request made. When its answer was lost, it may still land up to one request time-out
        later, so an empty answer is asked again until then; otherwise the first answer stands."""
        deadline = time.monotonic() + (self.session.api_timeout if sent.lost else 0)
        while not (found := find()) and time.monotonic() < deadline:
            time.sleep(self.timeouts.late_poll)
        return found

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
        found = self._late(lambda: self.session.snapshots_of_request(sent.request_id, volume_id=volume_id), sent)
        deleted = []
        for snapshot in found:
            if self._still_made_by(partial(self.session.snapshot, snapshot.id), sent.request_id):
                self._delete_snapshot(snapshot.id)
                deleted.append(f"snapshot {snapshot.name!r} ({snapshot.id})")
        return deleted

    @staticmethod
    def _still_made_by(read: Callable[[], Snapshot | Server], request_id: str) -> bool:
        """Read the resource once more just before deleting it: still there, still carrying the request id."""
        try:
            return made_by(read(), request_id)
        except NotFoundError:
            return False

    def _delete_snapshot(self, snapshot_id: str) -> None:
        """Delete a snapshot once Cinder allows it (not while creating), then wait until it is gone. Only the
        DELETE must succeed: the waits around it are courtesy, and a failing read does not stop the undo."""
        with contextlib.suppress(CloudError):
            wait_for(
                partial(self.session.snapshot, snapshot_id),
                lambda snapshot: snapshot.status,
                ready={"available", "error"},
                failed=(),
                what=f"Snapshot {snapshot_id}",
                timeout=self.timeouts.snapshot,
                first_interval=self.timeouts.first_poll,
            )
        try:
            self._delete(
                "volume",
                f"/snapshots/{snapshot_id}",
                f"Deleting snapshot {snapshot_id}",
                partial(self.session.snapshot, snapshot_id),
            )
        except NotFoundError:
            return
        self._wait_gone(partial(self.session.snapshot, snapshot_id), f"Snapshot {snapshot_id}")

    def _delete(self, service: Service, path: str, action: str, read: Callable[[], object]) -> None:
        """DELETE `path`. When its answer is lost (a time-out, a dropped connection) the delete may still land: it
        counts as done once `read` finds the resource gone, within one request time-out, and as failed if not."""
        try:
            self.session.request(service, "DELETE", path, action)
        except (CloudTimeout, UnreachableError):
            deadline = time.monotonic() + self.session.api_timeout
            while True:
                try:
                    read()
                except NotFoundError:
                    return
                except CloudError:
                    pass
                if time.monotonic() >= deadline:
                    raise
                time.sleep(self.timeouts.late_poll)

    def _wait_gone(self, fetch: Callable[[], Snapshot | Server | Volume], what: str) -> None:
        """Wait until `fetch` answers 404; the delete was accepted, so a wait that cannot finish is let go."""
        with contextlib.suppress(CloudError):
            wait_for(
                fetch,
                lambda item: item.status,
                ready=(),
                failed=("error_deleting",),
                what=what,
                timeout=self.timeouts.delete,
                first_interval=self.timeouts.first_poll,
            )

    # servers

    def launch(self, plan: LaunchPlan, *, wait: bool = True) -> Launched:
        """Boot the servers of `plan`; with `wait`, follow each to ACTIVE or ERROR (ERROR is reported, not undone)."""
        name, sent = plan.options.name, Sent(new_request_id())
        with rolled_back(self.progress) as rollback:
            self._step("launch", f"Launch {name}")
            rollback.add(
                "launch",
                f"the servers named {name}",
                partial(self._delete_launched, name, sent, keep=set(plan.decoded.volume_ids)),
                f"openstack server list --name {name} --long, then openstack server delete those whose properties "
                f"say {REQUEST_KEY}='{sent.request_id}'",
            )
            with sent:
                request = launch_request(plan, sent.request_id)
                answer = self.session.send(request, f"Launching {name}")
            reservation = sent.made = answer.get("reservation_id") or ""
            batch = partial(self._batch, sent.request_id, name, reservation)
            servers = batch()
            self._step("launch", f"Launch {name}", StepState.DONE, reservation)
            if wait:
                servers = self._wait_servers(reservation, batch, servers)
        return Launched(reservation, tuple(servers))

    def _batch(self, request_id: str, name: str, reservation: str) -> list[Server]:
        """The servers of the launch in the order Nova numbered them (it lists the newest first)."""
        found = self.session.servers_of_request(request_id, name=name, reservation_id=reservation)
        return sorted(found, key=_batch_position)

    def _wait_servers(self, reservation: str, batch: Callable[[], list[Server]], servers: list[Server]) -> list[Server]:
        shown: dict[str, str] = {}

        def report(batch: list[Server]) -> None:
            for server in batch:
                if shown.get(server.id) != server.status:
                    shown[server.id] = server.status
                    state = {"ACTIVE": StepState.DONE, "ERROR": StepState.FAILED}.get(server.status, StepState.RUNNING)
                    self._step(f"server:{server.id}", f"Server {server.name}", state, server.fault or server.status)

        report(servers)
        return wait_for(
            batch,
            lambda found: "settled" if all(s.status in ("ACTIVE", "ERROR") for s in found) else "building",
            ready={"settled"},
            failed=(),
            what=f"Servers of reservation {reservation}",
            timeout=self.timeouts.server,
            cancel=self.cancel,
            first_interval=self.timeouts.first_poll,
            on_poll=report,
        )

    def _delete_launched(self, name: str, sent: Sent, *, keep: set[str]) -> list[str]:
        """Delete the servers a launch made, then the volumes Nova made for them that outlive them (a mapping that
        says not to delete on termination, as Nova's own snapshots often do); `keep` are the user's own volumes,
        which the image maps directly. The batch is looked for by its reservation (or, when the launch's answer
        was lost, by name); a server is deleted only when its own metadata, read just before, carries the
        launch's request id, and a volume only when it was attached to such a server and to nothing else."""
        servers = self._late(partial(self._launched_servers, sent, name), sent)
        ours = {server.id for server in servers}
        deleted: list[str] = []
        volume_ids: set[str] = set()
        for server in servers:
            volume_ids |= set(server.volume_ids)
            with contextlib.suppress(NotFoundError):
                self.session.request("compute", "DELETE", f"/servers/{server.id}", f"Deleting server {server.id}")
                deleted.append(f"server {server.name!r} ({server.id})")
        for server_id in ours:
            self._wait_gone(partial(self.session.server, server_id), f"Server {server_id}")
        for volume_id in sorted(volume_ids - keep):
            with contextlib.suppress(NotFoundError):
                volume = self.session.volume(volume_id)
                if volume.status == "deleting" or any(item.server_id not in ours for item in volume.attachments):
                    continue  # Nova deletes it with its server, or it now serves someone else
                self.session.request("volume", "DELETE", f"/volumes/{volume_id}", f"Deleting volume {volume_id}")
                deleted.append(f"volume {volume.label}")
                self._wait_gone(partial(self.session.volume, volume_id), f"Volume {volume_id}")
        return deleted

    def _launched_servers(self, sent: Sent, name: str) -> list[Server]:
        """The servers the launch made: each candidate read by id, kept only when its own metadata carries the
        launch's request id."""
        proven = []
        for server_id in self.session.server_ids(name=name, reservation_id=sent.made):
            try:
                server = self.session.server(server_id)
            except NotFoundError:
                continue
            if made_by(server, sent.request_id):
                proven.append(server)
        return sorted(proven, key=_batch_position)

    # deleting a placeholder

    def plan_delete(self, image: Image, *, with_snapshots: bool) -> DeletePlan:
        if not with_snapshots:
            return plan_delete(image, with_snapshots=False)
        return plan_delete(
            image,
            with_snapshots=True,
            images=self.session.images(),
            snapshots=self.session.snapshots(),
            volumes=self.session.volumes(),
        )

    def delete(self, plan: DeletePlan) -> list[str]:
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
            still_unused = {snapshot.id for snapshot in self.plan_delete(image, with_snapshots=True).snapshots}
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


def _batch_position(server: Server) -> tuple[int, str]:
    """`web-2` after `web-1` and before `web-10`: Nova names a batch `<name>-<N>`."""
    number = server.name.rpartition("-")[2]
    return (int(number) if number.isdigit() else 0, server.name)
