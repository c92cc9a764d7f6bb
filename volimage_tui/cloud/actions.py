"""The actions that change a cloud: snapshot a volume, create a placeholder, launch servers, delete a placeholder.

Each reports its steps through a `Progress` callback, waits with a time-out and a cancel event, and undoes what it
created when a later step fails, so that a failure leaves the project as it found it (or says exactly what is left).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..core.checks import Level, check_plan
from ..core.deletion import DeletePlan, plan_delete
from ..core.export import placeholder_requests
from ..core.launch import LaunchPlan
from ..core.models import Image, Server, Snapshot, Volume
from ..core.placeholder import PlaceholderPlan
from ..core.progress import Progress, Step, StepState, ignore
from .errors import InputError, NotFoundError, ServerError, VolimageError
from .rollback import Rollback, rolled_back
from .session import Session
from .waits import wait_for


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
                request = placeholder_requests(plan)[0]
                snapshot = self._snapshot(request.body, rollback)
                plan = plan.with_snapshot(snapshot.id)
            elif plan.source.status == "creating":
                self._wait_snapshot(plan.source.id, plan.source.name)
            image = self._image(plan, rollback)
        return Created(image, snapshot)

    def _snapshot(self, body: dict[str, Any], rollback: Rollback) -> Snapshot:
        name = body["snapshot"]["name"]
        self._step("snapshot", f"Snapshot {name}")
        answer = self.session.request("volume", "POST", "/snapshots", f"Creating snapshot {name}", json=body)
        made = answer["snapshot"]
        label = f"snapshot {name!r} ({made['id']})"
        rollback.add(
            "snapshot",
            label,
            lambda: self._delete_snapshot(made["id"]),
            f"openstack volume snapshot delete {made['id']}",
        )
        snapshot = self._wait_snapshot(made["id"], name)
        self._step("snapshot", f"Snapshot {name}", StepState.DONE, snapshot.id)
        return snapshot

    def _wait_snapshot(self, snapshot_id: str, name: str) -> Snapshot:
        return wait_for(
            lambda: self.session.snapshot(snapshot_id),
            lambda snapshot: snapshot.status,
            ready={"available"},
            what=f"Snapshot {name}",
            timeout=self.timeouts.snapshot,
            cancel=self.cancel,
            on_poll=lambda snapshot: self._step("wait-snapshot", f"Snapshot {name} available", detail=snapshot.status),
        )

    def _image(self, plan: PlaceholderPlan, rollback: Rollback) -> Image:
        name = plan.options.name
        self._step("image", f"Image record {name}")
        record = self.session.request("image", "POST", "/images", f"Creating image {name}", json=plan.image_body())
        image_id = record["id"]
        label = f"image {name!r} ({image_id})"
        rollback.add("image", label, lambda: self._delete_image(image_id), f"openstack image delete {image_id}")
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

    def _delete_image(self, image_id: str) -> None:
        with contextlib.suppress(NotFoundError):
            self.session.request("image", "DELETE", f"/images/{image_id}", f"Deleting image {image_id}")

    def _delete_snapshot(self, snapshot_id: str) -> None:
        """Delete a snapshot once Cinder allows it (not while creating) and wait until it is gone."""
        try:
            wait_for(
                lambda: self.session.snapshot(snapshot_id),
                lambda snapshot: snapshot.status,
                ready={"available", "error"},
                failed=(),
                what=f"Snapshot {snapshot_id}",
                timeout=self.timeouts.snapshot,
            )
            self.session.request("volume", "DELETE", f"/snapshots/{snapshot_id}", f"Deleting snapshot {snapshot_id}")
            self._wait_gone(lambda: self.session.snapshot(snapshot_id), f"Snapshot {snapshot_id}")
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
        name = plan.options.name
        with rolled_back(self.progress) as rollback:
            self._step("launch", f"Launch {name}")
            answer = self.session.request("compute", "POST", "/servers", f"Launching {name}", json=plan.server_body())
            reservation = answer.get("reservation_id") or ""
            rollback.add(
                "launch",
                f"the servers of reservation {reservation}",
                partial(self._delete_reservation, reservation, keep=set(plan.decoded.volume_ids)),
                f"openstack server list --reservation-id {reservation}, then openstack server delete",
            )
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

    def _delete_reservation(self, reservation: str, *, keep: set[str]) -> None:
        """Delete every server of a batch, then the volumes Nova made for them that outlive them (an image whose
        mapping says not to delete on termination, as Nova's own snapshots often do); `keep` are the user's own."""
        servers = self.session.servers(reservation_id=reservation)
        for server in servers:
            with contextlib.suppress(NotFoundError):
                self.session.request("compute", "DELETE", f"/servers/{server.id}", f"Deleting server {server.name}")
        for server in servers:
            self._wait_gone(partial(self.session.server, server.id), f"Server {server.name}")
        for volume_id in {volume_id for server in servers for volume_id in server.volume_ids} - keep:
            with contextlib.suppress(NotFoundError):
                self.session.request("volume", "DELETE", f"/volumes/{volume_id}", f"Deleting volume {volume_id}")
                self._wait_gone(partial(self.session.volume, volume_id), f"Volume {volume_id}")

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
