"""What every changing workflow shares: its session and settings, how it reports a step, how it finds what a
request whose answer was lost may yet make, and how it deletes so that a lost answer is not mistaken."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from ...core.models import Server, Snapshot, Volume
from ...core.progress import Progress, Step, StepState, ignore
from ...core.proof import made_by
from ...errors import CloudError, CloudTimeout, NotFoundError, UnreachableError
from ..session import Service, Session
from ..waits import FIRST_INTERVAL, wait_for

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


@dataclass
class Workflow:
    """One changing workflow over one session; `cancel` stops its waits."""

    session: Session
    progress: Progress = ignore
    cancel: threading.Event | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)

    def _step(self, key: str, label: str, state: StepState = StepState.RUNNING, detail: str = "") -> None:
        self.progress(Step(key, label, state, detail))

    # placeholder images

    def _late(self, find: Callable[[], list[T]], sent: Sent) -> list[T]:
        """What a create request made. When its answer was lost, it may still land up to one request time-out
        later, so an empty answer is asked again until then; otherwise the first answer stands."""
        deadline = time.monotonic() + (self.session.api_timeout if sent.lost else 0)
        while not (found := find()) and time.monotonic() < deadline:
            time.sleep(self.timeouts.late_poll)
        return found

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
