"""What a user meets when things go wrong, on the simulated cloud and on the real services alike: one line, no
secret, nothing of anyone else's deleted, and nothing sent by a dry run."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .test_placeholders import create
from .world import World


def test_a_wrong_password_is_one_line_without_the_password(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clouds = yaml.safe_load(world.backend.clouds_yaml.read_text())
    wrong = "not-the-password-" + world.prefix
    entry = clouds["clouds"][world.backend.cloud]
    clouds["clouds"]["wrong"] = {**entry, "auth": {**entry["auth"], "password": wrong}}
    path = tmp_path / "with-a-wrong-password.yaml"
    path.write_text(yaml.safe_dump(clouds))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    run = world.volimage_on("wrong", "volumes")
    assert run.code == 3
    assert len(run.err.strip().splitlines()) == 1, run.err
    assert run.err.startswith("volimage: Connecting to cloud wrong failed:") and "401" in run.err, run.err
    assert wrong not in run.err + run.out


def test_a_snapshot_quota_refusal_with_foreign_snapshots_present_deletes_nothing(world: World) -> None:
    volume_id = world.make_volume("quota")
    name = world.name("doomed")
    foreign = [world.make_snapshot(volume_id, f"doomed root-{n}") for n in (1, 2)]
    for snapshot_id in foreign:  # named exactly as volimage would name its own, by someone else
        world.conn.block_storage.put(
            f"/snapshots/{snapshot_id}", json={"snapshot": {"name": f"{name} root"}}, microversion="3.0"
        )
    before = {snapshot["id"] for snapshot in world.snapshots()}
    world.backend.set_snapshot_quota(len(before))
    try:
        run = world.volimage("create-image", "--volume", volume_id, "--name", name, "--yes")
    finally:
        world.backend.set_snapshot_quota(-1)
    assert run.code == 3
    (line,) = [line for line in run.err.splitlines() if line.startswith("volimage: ")]
    assert "SnapshotLimitExceeded" in line and "(HTTP 413" in line and line.endswith("Nothing was created."), line
    assert {snapshot["id"] for snapshot in world.snapshots()} == before
    assert all(world.snapshot(snapshot_id)["status"] == "available" for snapshot_id in foreign)


def test_dry_runs_send_nothing_that_changes_the_cloud(world: World) -> None:
    snapshot_id = world.make_snapshot(world.make_volume("dry"), "dry-snap")
    image_id = create(world, "--snapshot", snapshot_id, "--name", world.name("dry-image"))["image"]["id"]
    listings = (world.volumes, world.snapshots, world.images, world.servers)
    before = [sorted(item["id"] for item in listing()) for listing in listings]
    launch = ("launch", "--image", image_id, "--flavor", "m1.tiny", "--network", "none", "--count", "2")
    runs = [
        world.volimage("create-image", "--snapshot", snapshot_id, "--name", world.name("dry-2"), "--dry-run"),
        world.volimage(*launch, "--name", world.name("dry-server"), "--dry-run"),
        world.volimage("delete-image", image_id, "--with-snapshots", "--dry-run"),
    ]
    assert [run.code for run in runs] == [0, 0, 0], [run.err for run in runs]
    assert all("Dry run: nothing was" in run.err for run in runs)
    assert [sorted(item["id"] for item in listing()) for listing in listings] == before


def test_network_auto_in_a_project_without_networks_is_one_line_and_leaves_nothing(world: World) -> None:
    """Nova's words differ by deployment: 400 "Unable to automatically allocate a network" where Neutron offers
    auto-allocated topologies (the simulation), 500 where it does not (the real services here: neutronclient's
    NotFound escapes `_can_auto_allocate_network` in nova/network/neutron.py). The user sees one line either way."""
    world.backend.without_networks()
    snapshot_id = world.make_snapshot(world.make_volume("auto"), "auto-snap")
    image_id = create(world, "--snapshot", snapshot_id, "--name", world.name("auto-image"))["image"]["id"]
    servers_before = {server["id"] for server in world.servers()}
    run = world.volimage(
        "launch", "--image", image_id, "--flavor", "m1.tiny", "--network", "auto", "--name", world.name("auto"), "--yes"
    )
    assert run.code == 3
    (line,) = [line for line in run.err.splitlines() if line.startswith("volimage: ")]
    assert line.startswith(f"volimage: Launching {world.name('auto')} failed: "), line
    assert line.endswith("Nothing was created."), line
    if world.backend.kind == "sim":
        assert "Unable to automatically allocate a network for project" in line and "(HTTP 400" in line, line
    assert {server["id"] for server in world.servers()} == servers_before
