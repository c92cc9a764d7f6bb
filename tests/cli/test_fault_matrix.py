"""Every step of every changing workflow, against every fault a cloud throws: one line, and nothing half-made.

A step fails for good (exit 3, one line naming the step and the status, the rollback said, the state audit clean)
or recovers by keystoneauth's own means (a transient 503 is retried, a renewed token carries on, a dropped read is
retried): then the workflow completes as if nothing had happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage
from .test_proof_before_deletion import ignoring_filters, lookalikes


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
    said: str = ""
    """What the one line says about the cause."""


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
    FaultKind("500", {"status": 500, "message": "Injected failure"}, said="(HTTP 500"),
    FaultKind("503 once, Retry-After", {"status": 503, "retry_after": 0}, recovers=ALL),
    FaultKind("503 once, no Retry-After", {"status": 503}, recovers=ALL),
    FaultKind("503 lasting", {"status": 503, "retry_after": 0, "times": None}, said="(HTTP 503"),
    FaultKind("dropped connection", {"drop": True}, recovers=frozenset({"GET"}), said="cannot reach the cloud"),
    FaultKind("read time-out", {"latency": 1.5}, recovers=frozenset({"GET"}), said="did not answer in time"),
    FaultKind("401 expired token", {"status": 401}, recovers=ALL),
    FaultKind("409", {"status": 409, "message": "Injected conflict"}, said="(HTTP 409"),
    FaultKind("413 quota", {"status": 413, "message": "VolumeLimitExceeded: quota"}, said="(HTTP 413"),
    FaultKind("403 quota", {"status": 403, "message": "Quota exceeded for instances"}, said="Quota exceeded"),
]

MATRIX = [
    pytest.param(step, fault, id=f"{step.name} | {fault.name}") for step in STEPS for fault in FAULTS
]  # fmt: skip
MATRIX_SIZE = (len(STEPS), len(FAULTS), len(MATRIX))


def names(sim: SimCloud, kind: str) -> set[str]:
    table = getattr(sim.region(), kind)
    return {row.name for row in table}


@pytest.mark.parametrize(("step", "fault"), MATRIX)
def test_a_fault_at_any_step_ends_in_one_line_and_nothing_half_made(
    step: WorkflowStep, fault: FaultKind, volimage: Volimage, sim: SimCloud
) -> None:
    timeout = ("--timeout", "1")
    if step.workflow == "delete":
        assert volimage("create-image", "--volume", "fedora-dev", "--name", "m", "--yes").code == 0
        sim.settle()
    mark = sim.mark()
    sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
    if step.workflow == "create":
        run = volimage("create-image", "--volume", "fedora-dev", "--name", "m", "--yes", *timeout)
    elif step.workflow == "launch":
        run = volimage(
            "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
            "--name", "w", "--wait", "--yes", *timeout,
        )  # fmt: skip
    else:
        run = volimage("delete-image", "m", "--with-snapshots", "--yes", *timeout)
    sim.clear_faults()
    sim.settle()
    audit = sim.audit(mark)

    if step.method in fault.recovers:
        assert run.code == 0, run.err
        if step.workflow == "create":
            assert sorted(audit.created) == ["RegionOne/images", "RegionOne/snapshots"]
        elif step.workflow == "launch":
            assert len(audit.created["RegionOne/servers"]) == 2
        else:
            assert "m" not in names(sim, "images") and "m root" not in names(sim, "snapshots")
        return

    assert run.code == 3, run.err
    (line,) = run.err.strip().splitlines()
    assert line.startswith("volimage: ") and fault.said in line, line
    if step.workflow in ("create", "launch"):
        assert audit.clean, (line, audit.created)
        assert "Rolled back" in line or "Nothing was created" in line
    elif step.name == "image delete":
        assert "m" in names(sim, "images") and "m root" in names(sim, "snapshots")
    else:
        assert "Already done: deleted image m" in line
        assert "m" not in names(sim, "images")


SPARING = [
    pytest.param(step, fault, id=f"{step.name} | {fault.name}")
    for step in STEPS
    for fault in FAULTS
    if fault.name in ("500", "read time-out")
]


@pytest.mark.parametrize(("step", "fault"), SPARING)
def test_on_a_cloud_that_ignores_filters_a_fault_at_any_step_spares_what_someone_else_made(
    step: WorkflowStep, fault: FaultKind, volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    """The same steps, with every listing answering as if unfiltered and look-alikes of what volimage makes
    (snapshots `m root` of the same volume, servers `w-1` and `w-2`) made by someone else beside them."""
    if step.workflow == "delete":
        assert volimage("create-image", "--volume", "fedora-dev", "--name", "m", "--yes").code == 0
    foreign = lookalikes(sim, conn, snapshot_name="m root", server_name="w")
    sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
    ignoring_filters(sim, True)
    mark = sim.mark()
    if step.workflow == "create":
        run = volimage("create-image", "--volume", "fedora-dev", "--name", "m", "--yes", "--timeout", "1")
    elif step.workflow == "launch":
        run = volimage(
            "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
            "--name", "w", "--wait", "--yes", "--timeout", "1",
        )  # fmt: skip
    else:
        run = volimage("delete-image", "m", "--with-snapshots", "--yes", "--timeout", "1")
    sim.clear_faults()
    sim.settle()
    assert foreign.untouched(sim), run.err
    if step.method in fault.recovers:
        assert run.code == 0, run.err
        return
    assert run.code == 3, run.err
    (line,) = run.err.strip().splitlines()
    assert not any(foreign_id in line for foreign_id in (*foreign.snapshots, *foreign.servers)), line
    if step.workflow in ("create", "launch"):
        audit = sim.audit(mark)
        assert audit.clean and not audit.deleted, (line, audit.as_dict())


def test_the_matrix_covers_every_step_and_fault() -> None:
    steps, faults, cases = MATRIX_SIZE
    assert cases == steps * faults == 90
    assert {step.workflow for step in STEPS} == {"create", "launch", "delete"}
