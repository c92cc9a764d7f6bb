"""The `openstack` commands volimage exports run as printed, with the real openstack CLI, and what they make boots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage

BIN = Path(sys.executable).parent


def run_script(commands: list[str], clouds_yaml: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The commands as one bash script, run where a user would: `openstack` on the PATH, OS_CLOUD pointing
    elsewhere (the commands must name their cloud themselves)."""
    script = tmp_path / "commands.sh"
    script.write_text("set -euo pipefail\n" + "\n".join(commands) + "\n")
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "OS_CLIENT_CONFIG_FILE": str(clouds_yaml),
        "OS_CLOUD": "some-other-cloud",
    }
    return subprocess.run(
        ["bash", str(script)], env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_exported_commands_for_an_in_use_volume_make_a_placeholder_that_boots(
    volimage: Volimage, sim: SimCloud, clouds_yaml: Path, tmp_path: Path
) -> None:
    preview = volimage("preview", "--volume", "web-01-root", "--name", "scripted", "-f", "json")
    assert preview.code == 0, preview.err
    commands = preview.json()["commands"]
    assert all("--os-cloud volimage-demo --os-region-name RegionOne" in command for command in commands)
    made = run_script(commands, clouds_yaml, tmp_path)
    assert made.returncode == 0, made.stderr

    sim.settle()
    (image,) = [image for image in sim.region().images if image.name == "scripted"]
    (snapshot,) = [s for s in sim.region().snapshots if s.name == "scripted root"]
    assert (image.status, image.size, image.disk_format) == ("active", 0, "raw")
    assert f'"snapshot_id": "{snapshot.id}"' in image.properties["block_device_mapping"]
    assert snapshot.status == "available"

    launch = volimage(
        "launch", "--image", "scripted", "--flavor", "m1.small", "--network", "none", "--name", "from-script",
        "--dry-run", "-f", "json",
    )  # fmt: skip
    assert launch.code == 0, launch.err
    booted = run_script(launch.json()["commands"], clouds_yaml, tmp_path)
    assert booted.returncode == 0, booted.stderr
    sim.settle()
    (server,) = [server for server in sim.region().servers if server.name == "from-script"]
    assert server.status == "ACTIVE" and server.image_id == image.id
    (clone,) = [volume for volume in sim.region().volumes if volume.snapshot_id == snapshot.id]
    assert [attachment.server_id for attachment in clone.attachments] == [server.id]
