"""A fault at any step of creating or launching leaves nothing behind and ends in one clear line."""

from __future__ import annotations

import pytest

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage

CREATE_STEPS = [
    pytest.param("volume", "POST", r"/snapshots$", 0, "Creating snapshot", "Nothing was created", id="snapshot"),
    pytest.param("volume", "GET", r"/snapshots/[^/]+$", 0, "Reading snapshot", "deleted snapshot", id="wait"),
    pytest.param("image", "POST", r"/images$", 0, "Creating image", "deleted snapshot", id="image-record"),
    pytest.param("image", "PUT", r"/file$", 0, "Uploading the empty data", "deleted image", id="upload"),
    pytest.param("image", "GET", r"/images/[^/]+$", 0, "Reading image", "deleted image", id="confirm"),
]


@pytest.mark.parametrize(("service", "method", "path", "skip", "failed", "outcome"), CREATE_STEPS)
def test_a_failed_creation_step_rolls_back_what_was_made(
    volimage: Volimage, sim: SimCloud, service: str, method: str, path: str, skip: int, failed: str, outcome: str
) -> None:
    mark = sim.mark()
    sim.inject(service=service, method=method, path=path, status=500, message="Injected failure", skip=skip)
    run = volimage("create-image", "--volume", "fedora-dev", "--name", "doomed", "--yes")
    sim.settle()
    assert run.code == 3
    assert run.out == ""
    (line,) = run.err.strip().splitlines()
    assert line.startswith(f"volimage: {failed}")
    assert "Injected failure" in line and "(HTTP 500" in line
    assert outcome in line
    audit = sim.audit(mark)
    assert audit.clean, audit.created


LAUNCH_STEPS = [
    pytest.param("POST", r"/servers$", "Launching web", "Nothing was created", id="create"),
    pytest.param("GET", r"/servers/detail$", "Listing servers", "Rolled back: deleted server 'web-1' (", id="wait"),
]


@pytest.mark.parametrize(("method", "path", "failed", "outcome"), LAUNCH_STEPS)
def test_a_failed_launch_step_deletes_the_servers_it_made(
    volimage: Volimage, sim: SimCloud, method: str, path: str, failed: str, outcome: str
) -> None:
    mark = sim.mark()
    sim.inject(service="compute", method=method, path=path, status=500, message="Injected failure")
    run = volimage(
        "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
        "--name", "web", "--wait", "--yes",
    )  # fmt: skip
    sim.settle()
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert line.startswith(f"volimage: {failed}")
    assert outcome in line
    assert sim.audit(mark).clean


LOST_ANSWERS = [
    pytest.param("volume", r"/snapshots$", "Creating snapshot", "deleted snapshot 'late root'", id="snapshot"),
    pytest.param("image", r"/images$", "Creating image", "deleted image 'late'", id="image-record"),
]


@pytest.mark.parametrize(("service", "path", "failed", "outcome"), LOST_ANSWERS)
def test_a_create_request_that_times_out_is_undone_when_it_lands_late(
    volimage: Volimage, sim: SimCloud, service: str, path: str, failed: str, outcome: str
) -> None:
    mark = sim.mark()
    sim.inject(service=service, method="POST", path=path, latency=1.5)
    run = volimage("create-image", "--volume", "fedora-dev", "--name", "late", "--yes", "--timeout", "1")
    sim.settle()
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert line.startswith(f"volimage: {failed} late")
    assert "did not answer in time" in line and outcome in line
    assert sim.audit(mark).clean, sim.audit(mark).created


def test_a_launch_that_times_out_deletes_the_servers_that_land_late(volimage: Volimage, sim: SimCloud) -> None:
    mark = sim.mark()
    sim.inject(service="compute", method="POST", path=r"/servers$", latency=1.5)
    run = volimage(
        "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
        "--name", "late", "--yes", "--timeout", "1",
    )  # fmt: skip
    sim.settle()
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert "did not answer in time" in line and "Rolled back: deleted server 'late-1' (" in line
    assert "server 'late-2' (" in line
    assert sim.audit(mark).clean, sim.audit(mark).created


def test_a_dropped_connection_creates_nothing_and_says_so(volimage: Volimage, sim: SimCloud) -> None:
    mark = sim.mark()
    sim.inject(service="image", method="POST", path=r"/images$", drop=True)
    # the answer is lost, so volimage looks for a late-landing image until the request time-out: a short one
    run = volimage("create-image", "--snapshot", "web-golden", "--name", "dropped", "--yes", "--timeout", "2")
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert line.startswith("volimage: Creating image dropped failed: cannot reach the cloud")
    assert line.endswith("Nothing was created.")
    assert sim.audit(mark).clean


def test_a_listing_that_fails_midway_says_how_much_was_loaded(volimage: Volimage, sim: SimCloud) -> None:
    sim.config.max_page = 5
    sim.inject(service="volume", method="GET", path=r"/volumes/detail$", status=500, message="Database gone", skip=2)
    run = volimage("volumes")
    assert run.code == 3
    assert run.out == ""
    (line,) = run.err.strip().splitlines()
    assert line.startswith("volimage: Listing volumes failed: Database gone (HTTP 500")
    assert line.endswith("The list is incomplete: 10 were loaded before.")
