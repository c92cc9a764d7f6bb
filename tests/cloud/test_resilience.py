"""keystoneauth's own retries and re-authentication, as volimage configures them, against real faults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from volimage_tui.cloud.actions import Actions
from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan
from volimage_tui.core.progress import Step, StepState
from volimage_tui.errors import ServerError
from volimage_tui.simcloud import SimCloud


@pytest.fixture
def session(clouds_yaml: Path) -> Iterator[Session]:
    session = Session(choose_profile("volimage-demo"))
    yield session
    session.close()


def token_requests(sim: SimCloud, since: int = 0) -> int:
    return sum(1 for r in sim.requests()[since:] if r.method == "POST" and r.path.endswith("/auth/tokens"))


def test_a_transient_503_is_retried_honouring_retry_after(session: Session, sim: SimCloud) -> None:
    session.connect()
    sim.inject(service="volume", method="GET", path=r"/volumes/detail$", status=503, retry_after=0, times=2)
    assert len(session.volumes()) == len(sim.region().volumes)
    statuses = [r.status for r in sim.requests() if r.path.endswith("/volumes/detail")]
    assert statuses == [503, 503, 200]


def test_a_lasting_503_fails_after_the_retries_and_rolls_back(session: Session, sim: SimCloud) -> None:
    mark = sim.mark()
    sim.inject(service="image", method="PUT", path=r"/file$", status=503, retry_after=0, times=None)
    snapshot = session.find_snapshot("web-golden")
    plan = build_plan(BootSource.from_snapshot(snapshot, session.source_volume(snapshot)), PlaceholderOptions("busy"))
    with pytest.raises(ServerError) as failed:
        Actions(session).create_placeholder(plan)
    assert "(HTTP 503" in str(failed.value) and "Rolled back: deleted image 'busy'" in str(failed.value)
    uploads = [r.status for r in sim.requests() if r.path.endswith("/file")]
    assert len(uploads) > 1 and set(uploads) == {503}  # retried (openstacksdk's image default: 5 times), then given up
    sim.settle()
    assert sim.audit(mark).clean


def test_an_expired_token_is_renewed_and_the_creation_carries_on(session: Session, sim: SimCloud) -> None:
    volume = session.find_volume("fedora-dev")
    plan = build_plan(BootSource.from_volume(volume), PlaceholderOptions("renewed"))
    before = len(sim.requests())

    def expire_before_upload(step: Step) -> None:
        if step.key == "upload" and step.state is StepState.RUNNING:
            sim.expire_tokens()

    created = Actions(session, progress=expire_before_upload).create_placeholder(plan)
    assert created.image.status == "active"
    assert [r.status for r in sim.requests()[before:] if r.path.endswith("/file")] == [401, 204]
    assert token_requests(sim, before) == 1
