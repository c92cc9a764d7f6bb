"""A server that ends in ERROR is reported with Nova's fault and left for the user, not rolled back."""

from __future__ import annotations

from pathlib import Path

from volimage_tui.cloud.actions import Actions
from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session
from volimage_tui.core.launch import LaunchOptions, LaunchPlan
from volimage_tui.core.progress import Step, StepState
from volimage_tui.simcloud import SimCloud


def test_a_build_that_cinder_refuses_ends_in_error_with_the_fault(clouds_yaml: Path, sim: SimCloud) -> None:
    session = Session(choose_profile("volimage-demo"))
    used = len(sim.region().volumes)
    sim.set_quotas(volumes=used)  # Nova accepts the boot; Cinder refuses the root volume at build time
    image = session.find_image("web-01-backup")
    options = LaunchOptions("doomed", session.find_flavor("m1.small"), (session.find_network("private").id,))
    steps: list[Step] = []
    launched = Actions(session, progress=steps.append).launch(LaunchPlan(image, options))
    (server,) = launched.failed
    assert server.status == "ERROR"
    assert "quota" in server.fault.lower() or "volume" in server.fault.lower()
    assert any(step.state is StepState.FAILED and step.detail == server.fault for step in steps)
    assert server.id in sim.region().servers
    session.close()
