"""The three changing workflows, run at the actions seam over one real openstacksdk session to a simulated cloud.

Shared by the fault matrix here and by the command line's and the UI's own cases, which drive the same workflows
through their front ends.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from volimage_tui.cloud.actions import Actions, Timeouts
from volimage_tui.cloud.session import Session
from volimage_tui.core.launch import LaunchOptions, LaunchPlan
from volimage_tui.core.models import CloudProfile
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan
from volimage_tui.errors import VolimageError
from volimage_tui.simcloud import SimCloud

API_TIMEOUT = 0.5
"""Seconds a request may take here; the time-out fault answers after `LATE_ANSWER` (its request still lands),
which is before volimage stops looking for what it may have made (one time-out after giving up)."""
LATE_ANSWER = 0.6
QUICK = Timeouts(snapshot=20, image=20, server=20, delete=20, first_poll=0.05, late_poll=0.1)


@dataclass(frozen=True)
class WorkflowStep:
    name: str
    workflow: str
    """create, launch or delete."""
    service: str
    method: str
    path: str


@dataclass(frozen=True)
class FaultKind:
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    recovers: frozenset[str] = frozenset()
    """The methods whose request survives this fault (retried by keystoneauth); the others fail the step."""


STEPS = [
    WorkflowStep("snapshot create", "create", "volume", "POST", r"/snapshots$"),
    WorkflowStep("snapshot wait", "create", "volume", "GET", r"/snapshots/[0-9a-f-]{36}$"),
    WorkflowStep("image record", "create", "image", "POST", r"/images$"),
    WorkflowStep("zero-byte upload", "create", "image", "PUT", r"/file$"),
    WorkflowStep("confirmation", "create", "image", "GET", r"/images/[0-9a-f-]{36}$"),
    WorkflowStep("server create", "launch", "compute", "POST", r"/servers$"),
    WorkflowStep("server wait", "launch", "compute", "GET", r"/servers/detail$"),
    WorkflowStep("image delete", "delete", "image", "DELETE", r"/images/[0-9a-f-]{36}$"),
    WorkflowStep("snapshot delete", "delete", "volume", "DELETE", r"/snapshots/[0-9a-f-]{36}$"),
]

ALL = frozenset({"GET", "POST", "PUT", "DELETE"})
FAULTS = [
    FaultKind("500", {"status": 500, "message": "Injected failure"}),
    FaultKind("503 once, Retry-After", {"status": 503, "retry_after": 0}, recovers=ALL),
    FaultKind("503 once, no Retry-After", {"status": 503}, recovers=ALL),
    FaultKind("503 lasting", {"status": 503, "retry_after": 0, "times": None}),
    FaultKind("dropped connection", {"drop": True}, recovers=frozenset({"GET"})),
    # a read is retried; a delete whose answer is lost counts once the resource is seen gone; a create fails
    FaultKind("read time-out", {"latency": LATE_ANSWER}, recovers=frozenset({"GET", "DELETE"})),
    FaultKind("401 expired token", {"status": 401}, recovers=ALL),
    FaultKind("409", {"status": 409, "message": "Injected conflict"}),
    FaultKind("413 quota", {"status": 413, "message": "VolumeLimitExceeded: quota"}),
    FaultKind("403 quota", {"status": 403, "message": "Quota exceeded for instances"}),
]

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REQUEST_ID = re.compile(r"\b(req-)?[0-9a-f]{16}\b")


def general(line: str) -> str:
    """`line` with the ids (which differ from run to run) written as ID and REQ."""
    return REQUEST_ID.sub("REQ", UUID.sub("ID", line))


def landed(sim: SimCloud, mark: int, step: WorkflowStep, within: float = 10) -> None:
    """Return once the cloud has answered the step's faulted request: a request whose answer was lost still
    lands, after volimage gave up on it, and what the cloud holds is judged after that."""
    path = re.compile(step.path)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if any(r.method == step.method and path.search(r.path) for r in sim.requests(since=mark)):
            return
        time.sleep(0.02)
    raise AssertionError(f"the {step.name} request never reached the cloud")


@contextmanager
def session_to(sim: SimCloud, api_timeout: float = API_TIMEOUT) -> Iterator[Session]:
    session = Session(CloudProfile("volimage-demo"), connect_args=sim.connect_args, api_timeout=api_timeout)
    try:
        yield session
    finally:
        session.close()


def make_placeholder(session: Session, name: str = "m") -> None:
    """A snapshot-first placeholder of fedora-dev, for the delete workflow to delete."""
    volume = session.find_volume("fedora-dev")
    Actions(session, timeouts=QUICK).create_placeholder(
        build_plan(BootSource.from_volume(volume), PlaceholderOptions(name))
    )


def run(workflow: str, session: Session) -> str:
    """Run `workflow` as a user would ask for it; '' when it succeeds, else its one line."""
    actions = Actions(session, timeouts=QUICK)
    try:
        if workflow == "create":
            volume = session.find_volume("fedora-dev")
            actions.create_placeholder(build_plan(BootSource.from_volume(volume), PlaceholderOptions("m")))
        elif workflow == "launch":
            image = session.find_image("web-01-backup")
            network = session.find_network("private")
            options = LaunchOptions("w", session.find_flavor("m1.small"), (network.id,), count=2)
            actions.launch(LaunchPlan(image, options), wait=True)
        else:
            actions.delete(actions.plan_delete(session.find_image("m"), with_snapshots=True))
    except VolimageError as error:
        return str(error)
    return ""
