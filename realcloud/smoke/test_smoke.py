"""Boot a server from a placeholder image on the real cloud, with the real `openstack` CLI, as a user would.

This proves the harness end to end (Keystone, Glance, Cinder, Nova with Placement and Neutron all cooperating) with
the same placeholder volimage makes: a zero-byte raw/bare image whose `block_device_mapping` points at a snapshot.
It needs a running cloud (`make conformance`, or `python -m realcloud run -- pytest realcloud/smoke`) and fails,
rather than skips, without one: a conformance run that silently tested nothing would look green.
"""

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

OPENSTACK = str(Path(sys.executable).parent / "openstack")
WAIT_SECONDS = 180.0


@pytest.fixture(scope="module")
def realcloud() -> dict[str, Any]:
    path = os.environ.get("VOLIMAGE_REALCLOUD")
    if not path:
        pytest.fail(
            "VOLIMAGE_REALCLOUD is not set: this test needs a real cloud; run it with `make conformance` "
            "or `.venv/bin/python -m realcloud run -- .venv/bin/pytest realcloud/smoke`"
        )
    info: dict[str, Any] = json.loads(Path(path).read_text())
    return info


class Cli:
    """`openstack --os-cloud CLOUD ...` with JSON output; a failure shows the command and its stderr."""

    def __init__(self, cloud: str, clouds_yaml: str) -> None:
        self.cloud = cloud
        self.env = {**os.environ, "OS_CLIENT_CONFIG_FILE": clouds_yaml}

    def run(self, *args: str, json_output: bool = True, check: bool = True) -> Any:
        argv = [OPENSTACK, "--os-cloud", self.cloud, *args, *(["-f", "json"] if json_output else [])]
        result = subprocess.run(argv, env=self.env, capture_output=True, text=True, check=False)  # noqa: S603
        if check and result.returncode != 0:
            pytest.fail(f"{' '.join(argv[1:])} exited {result.returncode}:\n{result.stderr}{result.stdout}")
        if not check and result.returncode != 0:
            return None
        return json.loads(result.stdout) if json_output and result.stdout.strip() else result.stdout


def wait_for(
    what: str,
    probe: Callable[[], str | None],
    done: set[str | None],
    failed: frozenset[str] | set[str] = frozenset({"error"}),
) -> None:
    """Poll `probe` (a status, None when gone) until it is in `done`; fail at once on a status in `failed`."""
    deadline = time.monotonic() + WAIT_SECONDS
    status = probe()
    while status not in done:
        if status in failed:
            pytest.fail(f"{what} went to {status}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} still {status} after {WAIT_SECONDS:.0f} s")
        time.sleep(1)
        status = probe()


@pytest.fixture
def cli(realcloud: dict[str, Any]) -> Cli:
    return Cli(realcloud["cloud"], realcloud["clouds_yaml"])


@pytest.fixture
def cleanup() -> Iterator[list[Callable[[], None]]]:
    """Undo steps, run last-first whatever the test's outcome, so a failed run leaves the cloud as it found it."""
    steps: list[Callable[[], None]] = []
    yield steps
    for step in reversed(steps):
        step()


def test_server_boots_from_a_snapshot_placeholder(cli: Cli, cleanup: list[Callable[[], None]]) -> None:
    name = f"smoke-{secrets.token_hex(4)}"

    def volume_status(volume_id: str) -> Callable[[], str | None]:
        def probe() -> str | None:
            shown = cli.run("volume", "show", volume_id, check=False)
            return None if shown is None else str(shown["status"])

        return probe

    def snapshot_status(snapshot_id: str) -> str | None:
        shown = cli.run("volume", "snapshot", "show", snapshot_id, check=False)
        return None if shown is None else str(shown["status"])

    volume = cli.run("volume", "create", "--size", "1", f"{name}-volume")
    cleanup.append(lambda: cli.run("volume", "delete", volume["id"], json_output=False, check=False))
    wait_for("volume", volume_status(volume["id"]), {"available"})

    snapshot = cli.run("volume", "snapshot", "create", "--volume", volume["id"], f"{name}-snapshot")

    def delete_snapshot() -> None:
        cli.run("volume", "snapshot", "delete", snapshot["id"], json_output=False, check=False)
        wait_for("snapshot deletion", lambda: snapshot_status(snapshot["id"]), {None})

    cleanup.append(delete_snapshot)
    wait_for("snapshot", lambda: snapshot_status(snapshot["id"]), {"available"})

    mapping = [
        {
            "boot_index": 0,
            "source_type": "snapshot",
            "destination_type": "volume",
            "snapshot_id": snapshot["id"],
            "delete_on_termination": True,
            "volume_size": 1,
        }
    ]
    image = cli.run(
        "image", "create",
        "--disk-format", "raw",
        "--container-format", "bare",
        "--property", f"block_device_mapping={json.dumps(mapping)}",
        "--property", "bdm_v2=True",
        "--property", "root_device_name=/dev/vda",
        "--file", "/dev/null",
        f"{name}-image",
    )  # fmt: skip
    cleanup.append(lambda: cli.run("image", "delete", image["id"], json_output=False, check=False))
    assert image["status"] == "active"

    # --nic none needs compute API 2.37+: the cloud has no network a port could bind to.
    server = cli.run(
        "--os-compute-api-version", "2.37",
        "server", "create",
        "--image", f"{name}-image",
        "--flavor", "m1.tiny",
        "--nic", "none",
        "--wait",
        f"{name}-server",
    )  # fmt: skip

    boot_volumes: list[str] = []

    def delete_server() -> None:
        cli.run("server", "delete", "--wait", server["id"], json_output=False, check=False)
        # delete_on_termination takes Nova's volume with the server, a moment later; delete it if it lingers.
        for volume_id in boot_volumes:
            try:
                wait_for("boot volume deletion", volume_status(volume_id), {None}, failed=set())
            finally:
                cli.run("volume", "delete", volume_id, json_output=False, check=False)

    cleanup.append(delete_server)
    assert server["status"] == "ACTIVE", server

    shown = cli.run("--os-compute-api-version", "2.37", "server", "show", server["id"])
    attached = [entry["id"] for entry in shown["volumes_attached"]]
    boot_volumes.extend(attached)
    assert len(attached) == 1, shown["volumes_attached"]
    boot_volume = cli.run("volume", "show", attached[0])
    assert boot_volume["id"] != volume["id"]
    assert boot_volume["snapshot_id"] == snapshot["id"]
    assert boot_volume["status"] == "in-use"
    assert [a["server_id"] for a in boot_volume["attachments"]] == [server["id"]]
    assert [a["device"] for a in boot_volume["attachments"]] == ["/dev/vda"]
    # The server's image is the placeholder, not the empty string of a plain boot-from-volume server.
    assert image["id"] in str(shown["image"])
