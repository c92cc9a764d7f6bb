"""The actions that change a cloud: snapshot a volume, create a placeholder, launch servers, delete a placeholder.

Each reports its steps through a `Progress` callback, waits with a time-out and a cancel event, and undoes what it
created when a later step fails, so that a failure leaves the project as it found it (or says exactly what is left).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from ..core.checks import Level, check_plan
from ..core.deletion import DeletePlan, plan_delete
from ..core.export import image_body, snapshot_body
from ..core.launch import LaunchPlan
from ..core.models import Image, Server, Snapshot, Volume
from ..core.placeholder import REQUEST_KEY, PlaceholderPlan
from ..core.progress import Progress, Step, StepState, ignore
from .errors import InputError, NotFoundError, ServerError, VolimageError
from .rollback import Rollback, rolled_back
from .session import Session
from .waits import wait_for

T = TypeVar("T")

LATE_POLL_SECONDS = 0.5


def new_request_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Timeouts:
    """Seconds each wait may take; boot from volume copies data, so servers get long."""

    snapshot: float = 1800
    image: float = 120
    server: float = 1800
    delete: float = 600


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
        request_id = new_request_id()
        body = snapshot_body(plan, request_id)
        name = body["snapshot"]["name"]
        self._step("snapshot", f"Snapshot {name}")
        rollback.add(
            "snapshot",
            f"snapshot {name!r}",
            partial(self._delete_made_snapshots, request_id),
            f"openstack volume snapshot list --volume {plan.source.id}, then openstack volume snapshot delete",
        )
        answer = self.session.request("volume", "POST", "/snapshots", f"Creating snapshot {name}", json=body)
        snapshot = self._wait_snapshot(answer["snapshot"]["id"], name)
        self._step("snapshot", f"Snapshot {name}", StepState.DONE, snapshot.id)
        return snapshot

    def _wait_snapshot(self, snapshot_id: str, name: str) -> Snapshot:
        return wait_for(
            partial(self.session.snapshot, snapshot_id),
            lambda snapshot: snapshot.status,
            ready={"available"},
            what=f"Snapshot {name}",
            timeout=self.timeouts.snapshot,
            cancel=self.cancel,
            on_poll=lambda snapshot: self._step("wait-snapshot", f"Snapshot {name} available", detail=snapshot.status),
        )

    def _image(self, plan: PlaceholderPlan, rollback: Rollback) -> Image:
        name, image_id = plan.options.name, str(uuid.uuid4())
        self._step("image", f"Image record {name}")
        rollback.add(
            "image",
            f"image {name!r} ({image_id})",
            partial(self._delete_image, image_id),
            f"openstack image delete {image_id}",
        )
        self.session.request("image", "POST", "/images", f"Creating image {name}", json=image_body(plan, image_id))
        self._step("image", f"Image record {name}", StepState.DONE, image_id)
        self._step("upload", "Zero-byte upload")
        self.session.request(
            "image",
            "PUT",
            f"/images/{image_id}/file",
            f"Uploading the empty data of image {name}",
            data=b"",
            headers={"Content-Type": "application/octet-stream"},
        )
        self._step("upload", "Zero-byte upload", StepState.DONE)
        self._step("confirm", "Image active")
        image = self.session.image(image_id)
        if image.status != "active" or image.size not in (0, None):
            raise ServerError(f"Glance left image {name} {image.status} (size {image.size}) after the empty upload.")
        self._step("confirm", "Image active", StepState.DONE, image.id)
        return image

    # undoing what a request made, also when its answer was lost

    def _late(self, find: Callable[[], list[T]]) -> list[T]:
        """What a create request made, looked for until the cloud has certainly handled it: a request that timed
        out may still land up to one request time-out later."""
        deadline = time.monotonic() + self.session.api_timeout
        while not (found := find()) and time.monotonic() < deadline:
            time.sleep(LATE_POLL_SECONDS)
        return found

    def _delete_image(self, image_id: str) -> bool:
        def find() -> list[str]:
            try:
                return [self.session.image(image_id).id]
            except NotFoundError:
                return []

        for found in self._late(find):
            with contextlib.suppress(NotFoundError):
                self.session.request("image", "DELETE", f"/images/{found}", f"Deleting image {found}")
            return True
        return False

    def _delete_made_snapshots(self, request_id: str) -> bool:
        found = self._late(lambda: self.session.snapshots(metadata=json.dumps({REQUEST_KEY: request_id})))
        for snapshot in found:
            self._delete_snapshot(snapshot.id)
        return bool(found)

    def _delete_snapshot(self, snapshot_id: str) -> None:
        """Delete a snapshot once Cinder allows it (not while creating) and wait until it is gone."""
        try:
            wait_for(
                partial(self.session.snapshot, snapshot_id),
                lambda snapshot: snapshot.status,
                ready={"available", "error"},
                failed=(),
                what=f"Snapshot {snapshot_id}",
                timeout=self.timeouts.snapshot,
            )
            self.session.request("volume", "DELETE", f"/snapshots/{snapshot_id}", f"Deleting snapshot {snapshot_id}")
            self._wait_gone(partial(self.session.snapshot, snapshot_id), f"Snapshot {snapshot_id}")
        except NotFoundError:
            pass

    def _wait_gone(self, fetch: Callable[[], Snapshot | Server | Volume], what: str) -> None:
        """Wait until `fetch` answers 404 (a bounded wait: the delete itself was accepted)."""
        try:
            wait_for(
                fetch,
                lambda item: item.status,
                ready=(),
                failed=("error_deleting",),
                what=what,
                timeout=self.timeouts.delete,
            )
        except NotFoundError:
            return

    # servers

    def launch(self, plan: LaunchPlan, *, wait: bool = True) -> Launched:
        """Boot the servers of `plan`; with `wait`, follow each to ACTIVE or ERROR (ERROR is reported, not undone)."""
        name, request_id = plan.options.name, new_request_id()
        with rolled_back(self.progress) as rollback:
            self._step("launch", f"Launch {name}")
            rollback.add(
                "launch",
                f"the servers named {name}",
                partial(self._delete_launched, name, request_id, keep=set(plan.decoded.volume_ids)),
                f"openstack server list --name {name}, then openstack server delete",
            )
            body = plan.server_body(request_id)
            answer = self.session.request("compute", "POST", "/servers", f"Launching {name}", json=body)
            reservation = answer.get("reservation_id") or ""
            servers = self.session.servers(reservation_id=reservation)
            self._step("launch", f"Launch {name}", StepState.DONE, reservation)
            if wait:
                servers = self._wait_servers(reservation, servers)
        return Launched(reservation, tuple(servers))

    def _wait_servers(self, reservation: str, servers: list[Server]) -> list[Server]:
        shown: dict[str, str] = {}

        def report(batch: list[Server]) -> None:
            for server in batch:
                if shown.get(server.id) != server.status:
                    shown[server.id] = server.status
                    state = {"ACTIVE": StepState.DONE, "ERROR": StepState.FAILED}.get(server.status, StepState.RUNNING)
                    self._step(f"server:{server.id}", f"Server {server.name}", state, server.fault or server.status)

        report(servers)
        return wait_for(
            lambda: self.session.servers(reservation_id=reservation),
            lambda batch: "settled" if all(s.status in ("ACTIVE", "ERROR") for s in batch) else "building",
            ready={"settled"},
            failed=(),
            what=f"Servers of reservation {reservation}",
            timeout=self.timeouts.server,
            cancel=self.cancel,
            on_poll=report,
        )

    def _delete_launched(self, name: str, request_id: str, *, keep: set[str]) -> bool:
        """Delete the servers a launch made (found by its request id), then the volumes Nova made for them that outlive
        them (a mapping that says not to delete on termination, as Nova's own snapshots often do); `keep` are
        the user's own volumes, which the image maps directly."""
        servers = self._late(lambda: self.session.servers_of_request(name, REQUEST_KEY, request_id))
        for server in servers:
            with contextlib.suppress(NotFoundError):
                self.session.request("compute", "DELETE", f"/servers/{server.id}", f"Deleting server {server.name}")
        for server in servers:
            self._wait_gone(partial(self.session.server, server.id), f"Server {server.name}")
        for volume_id in {volume_id for server in servers for volume_id in server.volume_ids} - keep:
            with contextlib.suppress(NotFoundError):
                self.session.request("volume", "DELETE", f"/volumes/{volume_id}", f"Deleting volume {volume_id}")
                self._wait_gone(partial(self.session.volume, volume_id), f"Volume {volume_id}")
        return bool(servers)

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
        the rest and its message says what was already deleted."""
        image = plan.image
        if image.protected:
            raise InputError(
                f"Image {image.label} is protected; unprotect it first (openstack image set --unprotected)."
            )
        done: list[str] = []
        try:
            self._step("image", f"Delete image {image.label}")
            self.session.request("image", "DELETE", f"/images/{image.id}", f"Deleting image {image.label}")
            done.append(f"deleted image {image.label}")
            self._step("image", f"Delete image {image.label}", StepState.DONE)
            for snapshot in plan.snapshots:
                key = f"snapshot:{snapshot.id}"
                self._step(key, f"Delete snapshot {snapshot.label}")
                self._delete_snapshot(snapshot.id)
                done.append(f"deleted snapshot {snapshot.label}")
                self._step(key, f"Delete snapshot {snapshot.label}", StepState.DONE)
        except VolimageError as error:
            if done:
                raise error.extended("Already done: " + ", ".join(done) + ".") from error
            raise
        return done
