"""The `openstack` commands volimage exports, run as printed with the real `openstack` CLI, make a placeholder of a
volume that boots: on the simulated cloud in `make test`, on the real services in `make conformance`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .world import OPENSTACK, WAIT, World


def run_script(world: World, commands: list[str], tmp_path: Path) -> None:
    """The commands as one bash script, `openstack` on the PATH and OS_CLOUD pointing elsewhere (each command
    must name its cloud itself)."""
    script = tmp_path / "commands.sh"
    script.write_text("set -euo pipefail\n" + "\n".join(commands) + "\n")
    environment = {
        **os.environ,
        "PATH": f"{Path(OPENSTACK).parent}{os.pathsep}{os.environ['PATH']}",
        "OS_CLIENT_CONFIG_FILE": str(world.backend.clouds_yaml),
        "OS_CLOUD": "some-other-cloud",
    }
    done = subprocess.run(
        ["bash", str(script)], env=environment, capture_output=True, text=True, timeout=WAIT, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_exported_commands_make_a_placeholder_of_a_volume_that_boots(world: World, tmp_path: Path) -> None:
    volume_id = world.make_volume("scripted")
    name = world.name("scripted")
    preview = world.volimage("preview", "--volume", volume_id, "--name", name, "-f", "json")
    assert preview.code == 0, preview.err
    run_script(world, preview.json()["commands"], tmp_path)

    (image,) = [image for image in world.images() if image["name"] == name]
    (snapshot,) = [s for s in world.snapshots() if s["name"] == f"{name} root"]
    assert (image["status"], image["size"], image["disk_format"]) == ("active", 0, "raw")
    (root,) = json.loads(image["block_device_mapping"])
    assert (root["snapshot_id"], snapshot["volume_id"], snapshot["status"]) == (snapshot["id"], volume_id, "available")

    launch = world.volimage(
        "launch", "--image", image["id"], "--flavor", "m1.tiny", "--network", "none",
        "--name", world.name("from-script"), "--dry-run", "-f", "json",
    )  # fmt: skip
    assert launch.code == 0, launch.err
    run_script(world, launch.json()["commands"], tmp_path)
    (server,) = [s for s in world.servers() if s["name"] == world.name("from-script")]
    server = world.wait_server(server["id"])
    assert server["image"]["id"] == image["id"]
    (attached,) = server["os-extended-volumes:volumes_attached"]
    assert world.volume(attached["id"])["snapshot_id"] == snapshot["id"]
