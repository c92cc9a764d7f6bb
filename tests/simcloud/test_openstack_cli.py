"""The real `openstack` CLI against the simulated cloud, as a user runs it with `--os-cloud`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from volimage_tui.simcloud import SimCloud
from volimage_tui.simcloud.model import Snapshot

OPENSTACK = str(Path(sys.executable).parent / "openstack")


def openstack(clouds_yaml: Path, *arguments: str, output: bool = True) -> Any:
    """Run `openstack --os-cloud volimage-demo ARGUMENTS [-f json]` and return its JSON output."""
    result = subprocess.run(
        [OPENSTACK, "--os-cloud", "volimage-demo", *arguments, *(("-f", "json") if output else ())],
        env={**os.environ, "OS_CLIENT_CONFIG_FILE": str(clouds_yaml)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"openstack {' '.join(arguments)} failed:\n{result.stderr}"
    return json.loads(result.stdout) if result.stdout.strip() else None


def placeholder_properties(snapshot_id: str, *, delete_on_termination: bool = True) -> list[str]:
    mapping = [
        {
            "source_type": "snapshot",
            "destination_type": "volume",
            "snapshot_id": snapshot_id,
            "boot_index": 0,
            "device_name": "/dev/vda",
            "volume_size": 20,
            "delete_on_termination": delete_on_termination,
        }
    ]
    return [
        *("--property", f"block_device_mapping={json.dumps(mapping)}"),
        *("--property", "bdm_v2=True"),
        *("--property", "root_device_name=/dev/vda"),
    ]


def golden_snapshot(sim: SimCloud) -> Snapshot:
    return next(snapshot for snapshot in sim.region().snapshots if snapshot.name == "web-golden")


def create_placeholder(clouds_yaml: Path, snapshot_id: str, tmp_path: Path) -> Any:
    """`openstack image create` of a placeholder named golden-web, uploading an empty file."""
    empty = tmp_path / "empty.raw"
    empty.write_bytes(b"")
    return openstack(
        clouds_yaml,
        "image", "create", "--disk-format", "raw", "--container-format", "bare",
        *placeholder_properties(snapshot_id), "--file", str(empty), "golden-web",
    )  # fmt: skip


def test_volume_list_long_shows_what_a_user_checks(clouds_yaml: Path, sim: SimCloud) -> None:
    volumes = {row["Name"]: row for row in openstack(clouds_yaml, "volume", "list", "--long")}
    assert volumes["build-root"]["Status"] == "available"
    assert volumes["build-root"]["Size"] == 30
    assert volumes["build-root"]["Bootable"] is True
    assert volumes["scratch"]["Bootable"] is False
    assert volumes["web-01-root"]["Status"] == "in-use"
    web_01 = next(server for server in sim.region().servers if server.name == "web-01")
    (attachment,) = volumes["web-01-root"]["Attached to"]
    assert (attachment["server_id"], attachment["device"]) == (web_01.id, "/dev/vda")
    assert volumes["backups"]["Type"] == "hdd"


def test_volume_snapshot_list_shows_every_state(clouds_yaml: Path) -> None:
    snapshots = {row["Name"]: row for row in openstack(clouds_yaml, "volume", "snapshot", "list")}
    assert snapshots["web-golden"]["Status"] == "available"
    assert snapshots["fedora-nightly"]["Status"] == "creating"
    assert snapshots["old-root-snap"]["Status"] == "error"


def test_image_list_shows_the_public_images_and_the_nova_placeholder(clouds_yaml: Path) -> None:
    names = {row["Name"] for row in openstack(clouds_yaml, "image", "list")}
    assert {"ubuntu-24.04", "cirros-0.6.3", "web-01-backup"} <= names


def test_a_placeholder_made_with_image_create_is_active_and_empty(
    clouds_yaml: Path, sim: SimCloud, tmp_path: Path
) -> None:
    snapshot = golden_snapshot(sim)
    created = create_placeholder(clouds_yaml, snapshot.id, tmp_path)
    shown = openstack(clouds_yaml, "image", "show", created["id"])
    assert shown["status"] == "active"
    assert shown["size"] == 0
    assert shown["disk_format"] == "raw"
    properties = shown["properties"]
    assert properties["bdm_v2"] == "True"
    assert json.loads(properties["block_device_mapping"])[0]["snapshot_id"] == snapshot.id


def test_a_server_booted_from_a_placeholder_gets_a_volume_from_the_snapshot(
    clouds_yaml: Path, sim: SimCloud, tmp_path: Path
) -> None:
    snapshot = golden_snapshot(sim)
    image = create_placeholder(clouds_yaml, snapshot.id, tmp_path)
    server = openstack(
        clouds_yaml,
        "server", "create", "--image", "golden-web", "--flavor", "m1.small", "--network", "private", "--wait", "web-03",
    )  # fmt: skip
    assert server["status"] == "ACTIVE"
    shown = openstack(clouds_yaml, "server", "show", "web-03")
    assert shown["status"] == "ACTIVE"
    assert image["id"] in str(shown["image"])
    assert "private" in str(shown["addresses"])
    (attached,) = shown["volumes_attached"]
    volume = openstack(clouds_yaml, "volume", "show", attached["id"])
    assert volume["snapshot_id"] == snapshot.id
    assert volume["size"] == 20
    assert volume["attachments"][0]["device"] == "/dev/vda"

    openstack(clouds_yaml, "server", "delete", "--wait", "web-03", output=False)
    remaining = {row["ID"] for row in openstack(clouds_yaml, "volume", "list")}
    assert attached["id"] not in remaining, "delete_on_termination removes the new volume with the server"
    assert "web-03" not in {row["Name"] for row in openstack(clouds_yaml, "server", "list")}
