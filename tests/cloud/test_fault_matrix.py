"""Every step of every changing workflow against every fault a cloud throws, at the seam that owns the behaviour:
the actions over one real openstacksdk session. Each cell expects one exact line, and nothing half-made.

A step fails for good: the line names the step, the cause and what the rollback did, and the state audit is
clean. Or it recovers by keystoneauth's own means (a transient 503 is retried, a renewed token carries on, a
dropped read is retried, a delete whose answer was lost is seen done), and the workflow completes as if nothing
had happened. When the answer of a create is lost (a time-out), the request still lands, and the rollback finds
and deletes what it made.

The command line and the UI keep one case per workflow for each kind of outcome (tests/cli/test_faults.py,
tests/ui/test_faults.py); this matrix is where every cell is.
"""

from __future__ import annotations

import re

import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud

from ..cli.test_proof_before_deletion import ignoring_filters, lookalikes
from .workflows import FAULTS, STEPS, FaultKind, WorkflowStep, general, landed, make_placeholder, run, session_to

ACTION = {
    "snapshot create": "Creating snapshot m root",
    "snapshot wait": "Reading snapshot ID",
    "image record": "Creating image m",
    "zero-byte upload": "Uploading the empty data of image m",
    "confirmation": "Reading image ID",
    "server create": "Launching w",
    "server wait": "Listing servers",
    "image delete": "Deleting image m",
    "snapshot delete": "Deleting snapshot ID",
}
"""The step, as the line names it."""

CAUSE = {
    "500": "Injected failure (HTTP 500, request req-ID)",
    "503 lasting": "Injected fault. (HTTP 503, request req-ID)",
    "dropped connection": "cannot reach the cloud (URL: Connection aborted)",
    "read time-out": "the cloud did not answer in time",
    "409": "Injected conflict (HTTP 409, request req-ID)",
    "413 quota": "VolumeLimitExceeded: quota (HTTP 413, request req-ID)",
    "403 quota": "Quota exceeded for instances (HTTP 403, request req-ID)",
}

SNAPSHOT = "snapshot 'm root' (ID)"
IMAGE_AND_SNAPSHOT = "image 'm' (ID), snapshot 'm root' (ID)"
SERVERS = "server 'w-1' (ID), server 'w-2' (ID), volume ID, volume ID"
AFTER = {
    # step: (what follows when the failed request made nothing, ... when it landed after its answer was lost)
    "snapshot create": ("Nothing was created.", f"Rolled back: deleted {SNAPSHOT}."),
    "snapshot wait": (f"Rolled back: deleted {SNAPSHOT}.", ""),
    "image record": (f"Rolled back: deleted {SNAPSHOT}.", f"Rolled back: deleted {IMAGE_AND_SNAPSHOT}."),
    "zero-byte upload": (f"Rolled back: deleted {IMAGE_AND_SNAPSHOT}.", f"Rolled back: deleted {IMAGE_AND_SNAPSHOT}."),
    "confirmation": (f"Rolled back: deleted {IMAGE_AND_SNAPSHOT}.", ""),
    "server create": ("Nothing was created.", f"Rolled back: deleted {SERVERS}."),
    "server wait": (f"Rolled back: deleted {SERVERS}.", ""),
    "image delete": ("", ""),
    "snapshot delete": ("Already done: deleted image m.", ""),
}

URL = re.compile(r"http://127\.0\.0\.1:\d+/\S+(?=: Connection aborted)")


def expected_line(step: WorkflowStep, fault: FaultKind) -> str:
    """The one line a user reads, ids written as ID (see `general`)."""
    landed = fault.name == "read time-out"
    after = AFTER[step.name][landed]
    return f"{ACTION[step.name]} failed: {CAUSE[fault.name]}." + (f" {after}" if after else "")


def shown(line: str) -> str:
    return URL.sub("URL", general(line))


MATRIX = [pytest.param(step, fault, id=f"{step.name} | {fault.name}") for step in STEPS for fault in FAULTS]
MATRIX_SIZE = (len(STEPS), len(FAULTS), len(MATRIX))


def names(sim: SimCloud, kind: str) -> set[str]:
    return {row.name for row in getattr(sim.region(), kind)}


@pytest.mark.parametrize(("step", "fault"), MATRIX)
def test_a_fault_at_any_step_ends_in_its_one_line_and_nothing_half_made(
    step: WorkflowStep, fault: FaultKind, sim: SimCloud
) -> None:
    with session_to(sim) as session:
        if step.workflow == "delete":
            make_placeholder(session)
            sim.settle()
        mark = sim.mark()
        sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
        line = run(step.workflow, session)
    if fault.fields.get("latency"):
        landed(sim, mark, step)
    sim.clear_faults()
    sim.settle()
    audit = sim.audit(mark)

    if step.method in fault.recovers:
        assert line == ""
        if step.workflow == "create":
            assert sorted(audit.created) == ["RegionOne/images", "RegionOne/snapshots"]
        elif step.workflow == "launch":
            assert len(audit.created["RegionOne/servers"]) == 2
        else:
            assert "m" not in names(sim, "images") and "m root" not in names(sim, "snapshots")
        return

    assert shown(line) == expected_line(step, fault)
    if step.workflow in ("create", "launch"):
        assert audit.clean, (line, audit.created)
    elif step.name == "image delete":
        assert "m" in names(sim, "images") and "m root" in names(sim, "snapshots")
    else:
        assert "m" not in names(sim, "images") and "m root" in names(sim, "snapshots")


def test_the_matrix_covers_every_step_and_fault_and_names_what_every_failure_says() -> None:
    steps, faults, cases = MATRIX_SIZE
    assert cases == steps * faults == 90
    assert {step.workflow for step in STEPS} == {"create", "launch", "delete"}
    failing = {fault.name for fault in FAULTS if len(fault.recovers) < 4}
    assert failing == set(CAUSE) and set(ACTION) == set(AFTER) == {step.name for step in STEPS}
    # a read is retried and a delete is seen done, so only the creates say what they found when it landed late
    for step in STEPS:
        assert bool(AFTER[step.name][1]) == (step.method in ("POST", "PUT"))


SPARING = [pytest.param(step, fault, id=f"{step.name} | {fault.name}") for step in STEPS for fault in FAULTS
           if fault.name in ("500", "read time-out")]  # fmt: skip


@pytest.mark.parametrize(("step", "fault"), SPARING)
def test_on_a_cloud_that_ignores_filters_a_fault_at_any_step_spares_what_someone_else_made(
    step: WorkflowStep, fault: FaultKind, sim: SimCloud, conn: Connection
) -> None:
    """The same steps, with every listing answering as if unfiltered and look-alikes of what volimage makes
    (snapshots `m root` of the same volume, servers `w-1` and `w-2`) made by someone else beside them."""
    with session_to(sim) as session:
        if step.workflow == "delete":
            make_placeholder(session)
        foreign = lookalikes(sim, conn, snapshot_name="m root", server_name="w")
        sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
        ignoring_filters(sim, True)
        mark = sim.mark()
        line = run(step.workflow, session)
    if fault.fields.get("latency"):
        landed(sim, mark, step)
    sim.clear_faults()
    sim.settle()
    assert foreign.untouched(sim), line
    if step.method in fault.recovers:
        assert line == ""
        return
    assert shown(line) == expected_line(step, fault)
    if step.workflow in ("create", "launch"):
        audit = sim.audit(mark)
        assert audit.clean and not audit.deleted, (line, audit.as_dict())
