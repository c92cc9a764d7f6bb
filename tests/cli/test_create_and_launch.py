"""Placeholder images made and booted through the command line, checked in the simulated cloud's own state."""

from __future__ import annotations

import json

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage

NOVA_KEYS = {
    "source_type", "destination_type", "guest_format", "device_type", "disk_bus", "boot_index", "device_name",
    "delete_on_termination", "snapshot_id", "volume_id", "volume_size", "image_id", "no_device", "tag",
    "volume_type", "encrypted", "encryption_secret_uuid", "encryption_format", "encryption_options",
}  # fmt: skip


def snapshot_id(sim: SimCloud, name: str) -> str:
    return next(snapshot.id for snapshot in sim.region().snapshots if snapshot.name == name)


def volume_named(sim: SimCloud, name: str):
    return next(volume for volume in sim.region().volumes if volume.name == name)


def test_a_snapshot_placeholder_boots_two_servers_each_with_its_own_volume(volimage: Volimage, sim: SimCloud) -> None:
    created = volimage("create-image", "--snapshot", "web-golden", "--name", "web-template", "--yes", "-f", "json")
    assert created.code == 0, created.err
    image_id = created.json()["image"]["id"]
    image = sim.region().images.get(image_id)
    assert image is not None
    assert (image.status, image.size, image.disk_format, image.container_format) == ("active", 0, "raw", "bare")
    assert "volimage" in image.tags
    assert all(isinstance(value, str) for value in image.properties.values())
    assert image.properties["bdm_v2"] == "True"
    assert image.properties["root_device_name"] == "/dev/vda"
    assert image.properties["os_distro"] == "ubuntu"
    assert "image_id" not in image.properties and "image_name" not in image.properties
    mapping = json.loads(image.properties["block_device_mapping"])
    golden = snapshot_id(sim, "web-golden")
    assert len(mapping) == 1
    assert set(mapping[0]) == NOVA_KEYS
    assert mapping[0]["boot_index"] == 0
    assert (mapping[0]["source_type"], mapping[0]["snapshot_id"]) == ("snapshot", golden)

    volumes_before = sim.region().volumes.ids()
    launched = volimage(
        "launch", "--image", "web-template", "--flavor", "m1.small", "--network", "private",
        "--count", "2", "--name", "web", "--wait", "--yes", "-f", "json",
    )  # fmt: skip
    assert launched.code == 0, launched.err
    servers = launched.json()["servers"]
    assert [(server["name"], server["status"]) for server in servers] == [("web-1", "ACTIVE"), ("web-2", "ACTIVE")]
    new_volumes = [sim.region().volumes.get(v) for v in sim.region().volumes.ids() - volumes_before]
    assert len(new_volumes) == 2
    assert {volume.snapshot_id for volume in new_volumes if volume} == {golden}
    assert {volume_id for server in servers for volume_id in server["volume_ids"]} == {
        volume.id for volume in new_volumes if volume
    }


def test_an_in_use_volume_is_snapshotted_with_force_and_the_image_maps_that_snapshot(
    volimage: Volimage, sim: SimCloud
) -> None:
    mark = sim.mark()
    created = volimage("create-image", "--volume", "db-01-root", "--name", "db-template", "--yes", "-f", "json")
    assert created.code == 0, created.err
    assert "crash-consistent" in created.err
    result = created.json()
    snapshot = result["snapshot"]
    assert snapshot["status"] == "available"
    assert snapshot["volume_id"] == volume_named(sim, "db-01-root").id
    mapping = json.loads(result["image"]["properties"]["block_device_mapping"])
    assert mapping[0]["snapshot_id"] == snapshot["id"]
    assert sorted(sim.audit(mark).created) == ["RegionOne/images", "RegionOne/snapshots"]


def test_a_volume_used_directly_warns_single_use_and_refuses_a_second_launch(volimage: Volimage) -> None:
    created = volimage("create-image", "--volume", "scratch", "--direct", "--name", "scratch-boot", "--yes")
    assert created.code == 0, created.err
    assert "one server at a time" in created.err
    first = volimage("launch", "--image", "scratch-boot", "--flavor", "m1.small", "--network", "private", "--yes")
    assert first.code == 0, first.err
    second = volimage("launch", "--image", "scratch-boot", "--flavor", "m1.small", "--network", "private", "--yes")
    assert second.code == 2
    assert "scratch is in-use" in second.out
    two = volimage(
        "launch", "--image", "scratch-boot", "--flavor", "m1.small", "--network", "none", "--count", "2", "--yes"
    )
    assert two.code == 2
    assert "can be attached to one server only" in two.out


def test_a_data_disk_gives_every_server_a_second_volume(volimage: Volimage, sim: SimCloud) -> None:
    created = volimage(
        "create-image", "--snapshot", "rocky-base", "--data-snapshot", "db-data-daily", "--blank-disk", "5",
        "--name", "with-data", "--yes", "-f", "json",
    )  # fmt: skip
    assert created.code == 0, created.err
    mapping = json.loads(created.json()["image"]["properties"]["block_device_mapping"])
    assert [(entry["boot_index"], entry["source_type"], entry["device_name"]) for entry in mapping] == [
        (0, "snapshot", "/dev/vda"),
        (-1, "snapshot", "/dev/vdb"),
        (-1, "blank", "/dev/vdc"),
    ]
    launched = volimage(
        "launch", "--image", "with-data", "--flavor", "m1.medium", "--network", "private", "--wait", "--yes",
        "-f", "json",
    )  # fmt: skip
    assert launched.code == 0, launched.err
    (server,) = launched.json()["servers"]
    assert server["status"] == "ACTIVE"
    sizes = sorted(sim.region().volumes.get(volume_id).size for volume_id in server["volume_ids"])  # type: ignore[union-attr]
    assert sizes == sorted([5, volume_named(sim, "db-01-data").size, volume_named(sim, "build-root").size])


def test_dry_runs_send_no_mutating_request(volimage: Volimage, sim: SimCloud) -> None:
    sim.clear_requests()
    for arguments in (
        ("create-image", "--volume", "web-01-root", "--name", "dry", "--dry-run"),
        ("launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--dry-run"),
        ("delete-image", "web-01-backup", "--with-snapshots", "--dry-run"),
    ):
        run = volimage(*arguments)
        assert run.code == 0, run.err
        assert "Dry run" in run.err
    assert sim.requests(), "the dry runs talked to the cloud"
    assert [request for request in sim.requests() if request.mutating and request.service != "identity"] == []


def test_a_blocked_plan_exits_2_and_creates_nothing(volimage: Volimage, sim: SimCloud) -> None:
    mark = sim.mark()
    run = volimage("create-image", "--snapshot", "web-golden", "--size", "5", "--name", "small", "--yes")
    assert run.code == 2
    assert "below the size of web-golden" in run.out
    assert sim.audit(mark).clean


def test_unknown_and_ambiguous_names_are_user_errors(volimage: Volimage, sim: SimCloud) -> None:
    run = volimage("preview", "--snapshot", "no-such-snapshot", "--name", "x")
    assert (run.code, run.out) == (2, "")
    assert run.err.strip() == "volimage: There is no snapshot named or with ID 'no-such-snapshot'."
    for _ in range(2):
        assert volimage("create-image", "--snapshot", "web-golden", "--name", "twin", "--yes").code == 0
    ambiguous = volimage("launch", "--image", "twin", "--flavor", "m1.small", "--network", "none", "--yes")
    assert ambiguous.code == 2
    assert "2 images are named 'twin'" in ambiguous.err


def test_a_launch_beyond_the_volume_quota_is_refused_before_anything_is_made(volimage: Volimage, sim: SimCloud) -> None:
    mark = sim.mark()
    sim.set_quotas(volumes=len(sim.region().volumes) + 1)  # room for one server's volume, not two
    run = volimage(
        "launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", "private", "--count", "2",
        "--name", "pair", "--wait", "--yes",
    )  # fmt: skip
    assert run.code == 2
    assert "Quota: this needs 2 volumes, but only 1 of" in run.out
    assert sim.audit(mark).clean
