"""Undo deletes only what volimage proves it made, on a cloud that honours list filters, ignores them, or is too
old for them, with look-alikes of what it makes (same names, same sizes) made by someone else beside them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import Fault, SimCloud

from .conftest import Volimage

FOREIGN_REQUEST = "someone-else"


@dataclass(frozen=True)
class Foreign:
    """What someone else made, named as volimage would name its own."""

    snapshots: tuple[str, ...]
    servers: tuple[str, ...]

    def untouched(self, sim: SimCloud) -> bool:
        region = sim.region()
        return all(region.snapshots.get(i) is not None for i in self.snapshots) and all(
            region.servers.get(i) is not None for i in self.servers
        )


def lookalikes(sim: SimCloud, conn: Connection, *, snapshot_name: str, server_name: str) -> Foreign:
    """Two snapshots of fedora-dev named `snapshot_name` (one unmarked, one with another request id) and two
    servers named as a batch of `server_name` would be."""
    volume = next(volume for volume in sim.region().volumes if volume.name == "fedora-dev")
    snapshots = []
    for metadata in ({}, {"volimage_request": FOREIGN_REQUEST}):
        request = {"snapshot": {"volume_id": volume.id, "name": snapshot_name, "metadata": metadata}}
        answer = conn.block_storage.post("/snapshots", json=request, microversion="3.0")
        snapshots.append(answer.json()["snapshot"]["id"])
    image = next(image for image in sim.region().images if image.name == "web-01-backup")
    network = next(network for network in sim.region().networks if network.name == "private")
    servers = []
    for number in (1, 2):
        body: dict[str, Any] = {
            "server": {
                "name": f"{server_name}-{number}",
                "imageRef": image.id,
                "flavorRef": "2",
                "networks": [{"uuid": network.id}],
                "metadata": {"volimage_request": FOREIGN_REQUEST} if number == 2 else {},
            }
        }
        servers.append(conn.compute.post("/servers", json=body, microversion="2.1").json()["server"]["id"])
    sim.settle()
    return Foreign(tuple(snapshots), tuple(servers))


LISTINGS = r"/(snapshots|volumes|servers|images)(/detail)?$"

CLOUDS = [pytest.param(False, id="filters honoured"), pytest.param(True, id="filters ignored")]


def ignoring_filters(sim: SimCloud, ignored: bool) -> None:
    """On `ignored`, every listing of the cloud answers as if it had no filters (paging and sorting stay)."""
    if ignored:
        sim.inject(Fault(method="GET", path=LISTINGS, times=None, ignore_filters=True))


@pytest.mark.parametrize("behaviour", CLOUDS)
def test_a_snapshot_quota_refusal_deletes_nothing_of_anyone_elses(
    volimage: Volimage, sim: SimCloud, conn: Connection, behaviour: bool
) -> None:
    foreign = lookalikes(sim, conn, snapshot_name="doomed root", server_name="doomed")
    sim.set_quotas(snapshots=len(sim.region().snapshots))
    ignoring_filters(sim, behaviour)
    mark = sim.mark()
    run = volimage("create-image", "--volume", "fedora-dev", "--name", "doomed", "--yes")
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert "SnapshotLimitExceeded" in line and line.endswith("Nothing was created."), line
    audit = sim.audit(mark)
    assert audit.clean and not audit.deleted, audit.as_dict()
    assert foreign.untouched(sim)


@pytest.mark.parametrize("behaviour", CLOUDS)
def test_a_snapshot_whose_answer_was_lost_is_found_by_its_request_id_alone(
    volimage: Volimage, sim: SimCloud, conn: Connection, behaviour: bool
) -> None:
    foreign = lookalikes(sim, conn, snapshot_name="late root", server_name="late")
    sim.inject(service="volume", method="POST", path=r"/snapshots$", latency=1.5)
    ignoring_filters(sim, behaviour)
    mark = sim.mark()
    run = volimage("create-image", "--volume", "fedora-dev", "--name", "late", "--yes", "--timeout", "1")
    sim.clear_faults()
    sim.settle()
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    ours = [s for s in sim.region().snapshots if s.name == "late root" and s.id not in foreign.snapshots]
    assert ours == [], "volimage's own late snapshot was left behind"
    assert "did not answer in time. Rolled back: deleted snapshot 'late root' (" in line, line
    assert line.count("deleted snapshot") == 1
    audit = sim.audit(mark)
    assert audit.clean and not audit.deleted, audit.as_dict()
    assert foreign.untouched(sim)


@pytest.mark.parametrize("behaviour", CLOUDS)
@pytest.mark.parametrize(
    ("fault", "said"),
    [
        pytest.param({"path": r"/servers$", "method": "POST", "latency": 1.5}, "did not answer in time", id="lost"),
        pytest.param({"path": r"/servers/detail$", "method": "GET", "status": 500}, "(HTTP 500", id="wait fails"),
    ],
)
def test_a_failed_launch_deletes_its_own_servers_and_not_their_namesakes(
    volimage: Volimage,
    sim: SimCloud,
    conn: Connection,
    behaviour: bool,
    fault: dict[str, object],
    said: str,
) -> None:
    foreign = lookalikes(sim, conn, snapshot_name="w root", server_name="w")
    sim.inject(Fault(service="compute", **fault))  # type: ignore[arg-type]
    ignoring_filters(sim, behaviour)
    mark = sim.mark()
    run = volimage(
        "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
        "--name", "w", "--wait", "--yes", "--timeout", "1",
    )  # fmt: skip
    sim.clear_faults()
    sim.settle()
    assert run.code == 3
    (line,) = run.err.strip().splitlines()
    assert said in line and "Rolled back: deleted server 'w-1' (" in line and "server 'w-2' (" in line, line
    assert not any(foreign_id in line for foreign_id in foreign.servers)
    audit = sim.audit(mark)
    assert audit.clean and not audit.deleted, audit.as_dict()
    assert foreign.untouched(sim)


@pytest.mark.parametrize("behaviour", CLOUDS)
def test_delete_image_with_snapshots_deletes_only_its_own_unshared_snapshot(
    volimage: Volimage, sim: SimCloud, conn: Connection, behaviour: bool
) -> None:
    foreign = lookalikes(sim, conn, snapshot_name="two root", server_name="two")
    for name in ("one", "also-one"):
        assert volimage("create-image", "--snapshot", "rocky-base", "--name", name, "--yes").code == 0
    made = volimage("create-image", "--volume", "fedora-dev", "--name", "two", "--yes", "-f", "json").json()
    rocky = next(s.id for s in sim.region().snapshots if s.name == "rocky-base")
    ignoring_filters(sim, behaviour)
    mark = sim.mark()
    shared = volimage("delete-image", "one", "--with-snapshots", "--yes", "-f", "json").json()
    assert shared["done"] == ["deleted image one"]
    assert shared["plan"][1:] == [f"keep snapshot {rocky}: image also-one also uses it"]
    users = volimage("delete-image", "also-one", "--with-snapshots", "--yes", "-f", "json").json()
    assert users["done"] == ["deleted image also-one"]
    assert users["plan"][1] == f"keep snapshot {rocky}: volimage did not make it; delete it by hand if no one needs it"
    own = volimage("delete-image", "two", "--with-snapshots", "--yes", "-f", "json").json()
    assert own["done"] == ["deleted image two", "deleted snapshot two root"]
    sim.settle()
    deleted = sim.audit(mark).deleted
    assert deleted["RegionOne/snapshots"] == [made["snapshot"]["id"]]
    assert len(deleted["RegionOne/images"]) == 3 and set(deleted) == {"RegionOne/images", "RegionOne/snapshots"}
    assert foreign.untouched(sim) and rocky in sim.region().snapshots


def test_a_snapshot_metadata_filter_is_sent_only_at_3_22(volimage: Volimage, sim: SimCloud, conn: Connection) -> None:
    """The rollback's search asks Cinder to filter by metadata at 3.22, where Cinder honours it."""
    sim.set_quotas(snapshots=len(sim.region().snapshots))
    run = volimage("create-image", "--volume", "fedora-dev", "--name", "doomed", "--yes")
    assert run.code == 3
    (search,) = [e for e in sim.requests() if e.path.endswith("/snapshots/detail")]
    assert search.microversion == "3.22"
    assert {"metadata", "volume_id"} <= dict(parse_qsl(search.query)).keys()
    assert "volimage_request" in json.loads(dict(parse_qsl(search.query))["metadata"])
