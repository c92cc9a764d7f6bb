"""Each changing command meets a fault of each kind of outcome: it fails for good, it recovers, or its answer is
lost. The command line's part is the exit code and one line on stderr; every step and fault is in the matrix at
the actions seam (tests/cloud/test_fault_matrix.py), which these lines must match word for word.
"""

from __future__ import annotations

import pytest

from volimage_tui.simcloud import SimCloud

from ..cloud.test_fault_matrix import expected_line, shown
from ..cloud.workflows import FAULTS, STEPS, FaultKind, WorkflowStep, landed
from .conftest import Volimage

MAIN_STEP = {"create": "image record", "launch": "server create", "delete": "image delete"}
"""The step of each workflow that meets the fault: the write that makes (or deletes) what the command is for."""
OUTCOMES = {"fails for good": "500", "recovers": "503 once, Retry-After", "answer lost": "read time-out"}

CASES = [
    pytest.param(step, fault, id=f"{workflow} | {outcome}")
    for workflow, step_name in MAIN_STEP.items()
    for outcome, fault_name in OUTCOMES.items()
    for step in STEPS
    if step.name == step_name
    for fault in FAULTS
    if fault.name == fault_name
]

COMMANDS = {
    "create": ("create-image", "--volume", "fedora-dev", "--name", "m"),
    "launch": ("launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private",
               "--count", "2", "--name", "w", "--wait"),
    "delete": ("delete-image", "m", "--with-snapshots"),
}  # fmt: skip


@pytest.mark.parametrize(("step", "fault"), CASES)
def test_a_fault_ends_in_an_exit_code_and_the_matrix_line(
    step: WorkflowStep, fault: FaultKind, volimage: Volimage, sim: SimCloud
) -> None:
    if step.workflow == "delete":
        assert volimage("create-image", "--volume", "fedora-dev", "--name", "m", "--yes").code == 0
        sim.settle()
    mark = sim.mark()
    sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
    run = volimage(*COMMANDS[step.workflow], "--yes", "--timeout", "0.5")
    landed(sim, mark, step)
    sim.clear_faults()
    sim.settle()
    if step.method in fault.recovers:
        assert run.code == 0, run.err
        assert run.err.strip() == ""
    else:
        assert run.code == 3
        (line,) = run.err.strip().splitlines()
        assert shown(line) == "volimage: " + expected_line(step, fault)
    if step.workflow != "delete":
        audit = sim.audit(mark)
        assert audit.clean != (run.code == 0), audit.as_dict()


def test_one_case_per_workflow_and_kind_of_outcome() -> None:
    assert len(CASES) == len(MAIN_STEP) * len(OUTCOMES) == 9
