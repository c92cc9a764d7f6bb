"""`prune` end to end: the plan first, then exactly what it listed, nothing in use, and a fault halfway leaves a
project that the next `prune` finishes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openstack.connection import Connection

from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.prune import Pruner
from volimage_tui.cloud.session import Session
from volimage_tui.simcloud import SimCloud

from .conftest import Volimage
from .test_lineage import launch, make


@dataclass(frozen=True)
class Project:
    """What the tests prune: something of each kind, and what must survive."""

    idle: str
    """A placeholder of volimage's that no server boots from (goes with --unused)."""
    dangling: str
    """One whose snapshot was deleted by hand (always goes)."""
    loose: str
    """A snapshot volimage made whose image was deleted by hand (always goes)."""
    orphan: str
    """A clone left by a deleted server (goes with --clones)."""
    in_use: tuple[str, ...]
    """The placeholder a server boots from, that server, its clone and the snapshot it maps."""


def ids_of(sim: SimCloud, kind: str, name: str) -> list[str]:
    return [row.id for row in getattr(sim.region(), kind) if row.name == name]


def project(volimage: Volimage, sim: SimCloud, conn: Connection) -> Project:
    idle = make(volimage, "--snapshot", "web-golden", "--name", "idle")["id"]
    dangling = make(volimage, "--volume", "scratch", "--name", "dangling")["id"]
    (dangling_root,) = ids_of(sim, "snapshots", "dangling root")
    conn.block_storage.delete_snapshot(dangling_root)
    loose_image = make(volimage, "--volume", "fedora-dev", "--name", "fed")["id"]
    conn.image.delete_image(loose_image)
    (loose,) = ids_of(sim, "snapshots", "fed root")
    make(volimage, "--snapshot", "web-golden", "--name", "keep", "--no-delete-on-termination")
    (kept_server,) = launch(volimage, "keep", "keeper")
    conn.compute.delete_server(kept_server["id"])
    web = make(volimage, "--snapshot", "web-golden", "--name", "web")["id"]
    (server,) = launch(volimage, "web", "web")
    golden = ids_of(sim, "snapshots", "web-golden")[0]
    sim.settle()
    return Project(
        idle, dangling, loose, kept_server["volume_ids"][0], (web, server["id"], *server["volume_ids"], golden)
    )


def existing(sim: SimCloud) -> set[str]:
    region = sim.region()
    return {row.id for table in (region.images, region.snapshots, region.volumes, region.servers) for row in table}


def planned(volimage: Volimage, *flags: str) -> list[dict[str, Any]]:
    run = volimage("prune", *flags, "--dry-run", "-f", "json")
    assert run.code == 0, run.err
    plan: list[dict[str, Any]] = run.json()["plan"]
    return plan


def test_the_plan_is_shown_first_and_a_dry_run_deletes_nothing(
    volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    found = project(volimage, sim, conn)
    before = existing(sim)
    run = volimage("prune", "--dry-run")
    assert run.code == 0 and "Dry run: nothing was deleted." in run.err
    lines = run.out.splitlines()
    assert lines[0] == "Plan:"
    assert any(line.startswith("  delete image dangling (") and "snapshot " in line for line in lines)
    assert any(line.startswith("  delete snapshot fed root (") and line.endswith("frees 15 GiB") for line in lines)
    assert any(found.orphan in line and line.endswith("add --clones to delete it") for line in lines)
    assert lines[-1] == "  in all: 1 image(s), 1 snapshot(s), 0 volume(s); 15 GiB freed"
    assert existing(sim) == before
    refused = volimage("prune")
    assert refused.code == 2 and "Add --yes to confirm without a terminal." in refused.err
    assert existing(sim) == before


def test_prune_deletes_exactly_what_its_plan_listed_and_nothing_in_use(
    volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    found = project(volimage, sim, conn)
    plan = planned(volimage, "--unused", "--clones")
    listed = {item["id"] for item in plan if item["action"] == "delete"}
    assert listed == {found.idle, found.dangling, found.loose, found.orphan, *ids_of(sim, "images", "keep")}
    before = existing(sim)
    run = volimage("prune", "--unused", "--clones", "--yes", "-f", "json")
    assert run.code == 0, run.err
    assert [item["id"] for item in run.json()["plan"] if item["action"] == "delete"] == [
        item["id"] for item in plan if item["action"] == "delete"
    ]
    sim.settle()
    assert before - existing(sim) == listed
    assert set(found.in_use) <= existing(sim)
    again = volimage("prune", "--unused", "--clones", "--yes")
    assert again.code == 0 and "Nothing to delete." in again.err


def test_protected_and_nova_made_placeholders_are_refused_with_the_way_to_do_it_by_hand(
    volimage: Volimage, sim: SimCloud, conn: Connection
) -> None:
    guarded = make(volimage, "--snapshot", "web-golden", "--name", "guarded")["id"]
    conn.image.update_image(guarded, is_protected=True)
    (nova,) = ids_of(sim, "images", "web-01-backup")
    kept = {item["id"]: item["why"] for item in planned(volimage, "--unused") if item["action"] == "keep"}
    assert kept[guarded] == f"it is protected (openstack image set --unprotected {guarded} first)"
    assert kept[nova] == f"Nova made it; delete it by hand (openstack image delete {nova}) if no one needs it"
    run = volimage("prune", "--unused", "--yes")
    assert run.code == 0 and {guarded, nova} <= {image.id for image in sim.region().images}


FAULTS = [
    pytest.param("image", "DELETE", r"/images/[0-9a-f-]{36}$", {"status": 500}, "(HTTP 500", id="image delete 500"),
    pytest.param("image", "DELETE", r"/images/[0-9a-f-]{36}$", {"drop": True}, "cannot reach", id="image delete drop"),
    pytest.param("image", "GET", r"/images/[0-9a-f-]{36}$", {"status": 500}, "(HTTP 500", id="image proof 500"),
    pytest.param("volume", "DELETE", r"/snapshots/[0-9a-f-]{36}$", {"status": 500}, "(HTTP 500", id="snapshot 500"),
    pytest.param("volume", "DELETE", r"/snapshots/[0-9a-f-]{36}$", {"drop": True}, "cannot reach", id="snapshot drop"),
    pytest.param("volume", "DELETE", r"/volumes/[0-9a-f-]{36}$", {"status": 500}, "(HTTP 500", id="clone 500"),
]


@pytest.mark.parametrize(("service", "method", "path", "fault", "said"), FAULTS)
def test_a_fault_halfway_stops_in_one_line_and_the_next_prune_finishes_the_plan(
    service: str,
    method: str,
    path: str,
    fault: dict[str, Any],
    said: str,
    volimage: Volimage,
    sim: SimCloud,
    conn: Connection,
) -> None:
    found = project(volimage, sim, conn)
    listed = {item["id"] for item in planned(volimage, "--unused", "--clones") if item["action"] == "delete"}
    before = existing(sim)
    sim.inject(service=service, method=method, path=path, times=1, **fault)
    run = volimage("prune", "--unused", "--clones", "--yes", "--timeout", "1")
    sim.clear_faults()
    sim.settle()
    assert run.code == 3, run.err
    (line,) = run.err.strip().splitlines()
    assert line.startswith(("volimage: Deleting ", "volimage: Reading ")) and said in line, line
    assert "Not deleted: " in line, line
    gone = before - existing(sim)
    assert gone < listed or (fault.get("drop") and gone <= listed)
    for deleted in gone:
        assert deleted in line.partition("Not deleted: ")[0] or fault.get("drop"), (deleted, line)
    assert set(found.in_use) <= existing(sim)
    rerun = volimage("prune", "--unused", "--clones", "--yes")
    assert rerun.code == 0, rerun.err
    sim.settle()
    assert before - existing(sim) == listed
    assert set(found.in_use) <= existing(sim)


@pytest.fixture
def session(clouds_yaml: Path) -> Any:
    session = Session(choose_profile("volimage-demo"))
    yield session
    session.close()


def test_what_came_into_use_after_the_plan_was_made_is_kept(
    volimage: Volimage, sim: SimCloud, conn: Connection, session: Session
) -> None:
    idle = make(volimage, "--snapshot", "web-golden", "--name", "idle")["id"]
    made = volimage("create-image", "--volume", "fedora-dev", "--name", "fed", "--yes", "-f", "json").json()
    fed, fed_root = made["image"]["id"], made["snapshot"]["id"]
    pruner = Pruner(session, unused=True)
    plan = pruner.plan()
    assert {d.id for d in plan.deletions} == {idle, fed, fed_root}
    launch(volimage, "idle", "late")
    conn.block_storage.create_volume(snapshot_id=fed_root, size=15, name="late-clone")
    sim.settle()
    outcome = pruner.execute(plan)
    assert outcome.deleted == (f"image fed ({fed})",)
    assert outcome.kept == (
        f"image idle ({idle}): 1 server(s) boot from it (since the plan was made)",
        f"snapshot fed root ({fed_root}): volume late-clone was made from it (since the plan was made)",
    )
    assert idle in {image.id for image in sim.region().images} and fed_root in sim.region().snapshots
