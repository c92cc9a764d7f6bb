"""What a scenario does in a cloud, the same way on the simulated and the real services: make volumes and
snapshots through the API, run volimage's command line and the `openstack` CLI, wait, and clean up after itself.

Every resource a scenario makes carries its prefix (Nova's clones of a snapshot have no name, and are found by
their `snapshot_id`), so the real cloud, shared by the whole run, is left as it was found.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from openstack.connection import Connection

from volimage_tui.cli import main

from ..cli.conftest import Run
from .backends import Backend

OPENSTACK = str(Path(sys.executable).parent / "openstack")
WAIT = 300.0
"""Seconds a status may take on the real services (a boot from volume on one busy 2-core machine)."""


def wait_until(what: str, probe: Callable[[], Any], done: Callable[[Any], bool], *, timeout: float = WAIT) -> Any:
    """Poll `probe` until `done` holds for its answer; fail naming `what` and the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        answer = probe()
        if done(answer):
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {answer!r} after {timeout:.0f} s")
        time.sleep(0.5)


@dataclass
class World:
    backend: Backend
    conn: Connection
    prefix: str = field(default_factory=lambda: f"t{secrets.token_hex(3)}-")

    def name(self, suffix: str) -> str:
        return self.prefix + suffix

    # volimage and the openstack CLI, as a user runs them

    def volimage(self, *arguments: str) -> Run:
        return self.volimage_on(self.backend.cloud, *arguments)

    def volimage_on(self, cloud: str, *arguments: str) -> Run:
        """`volimage --cloud CLOUD ARGUMENTS`, in this process, its output captured."""
        out, err = StringIO(), StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--cloud", cloud, *arguments])
        return Run(code, out.getvalue(), err.getvalue())

    def openstack(self, *arguments: str, output: bool = True) -> Any:
        command = [OPENSTACK, "--os-cloud", self.backend.cloud, *arguments, *(("-f", "json") if output else ())]
        environment = {**os.environ, "OS_CLIENT_CONFIG_FILE": str(self.backend.clouds_yaml)}
        result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=WAIT, check=False)
        assert result.returncode == 0, f"openstack {' '.join(arguments)} failed:\n{result.stderr}"
        return json.loads(result.stdout) if output and result.stdout.strip() else result.stdout

    # raw API reads and writes (the member user's)

    def volume(self, volume_id: str) -> Any:
        """The volume as the API shows it, or None when it is gone."""
        response = self.conn.block_storage.get(f"/volumes/{volume_id}", microversion="3.0")
        return None if response.status_code == 404 else response.json()["volume"]

    def snapshot(self, snapshot_id: str) -> Any:
        """The snapshot as the API shows it, or None when it is gone."""
        response = self.conn.block_storage.get(f"/snapshots/{snapshot_id}", microversion="3.0")
        return None if response.status_code == 404 else response.json()["snapshot"]

    def server(self, server_id: str) -> Any:
        """The server as the API shows it, or None when it is gone."""
        response = self.conn.compute.get(f"/servers/{server_id}", microversion="2.1")
        return None if response.status_code == 404 else response.json()["server"]

    def image(self, image_id: str) -> Any:
        """The image as the API shows it, or None when it is gone."""
        response = self.conn.image.get(f"/images/{image_id}")
        return None if response.status_code == 404 else dict(response.json())

    def volumes(self) -> list[dict[str, Any]]:
        return list(self.conn.block_storage.get("/volumes/detail", microversion="3.0").json()["volumes"])

    def snapshots(self) -> list[dict[str, Any]]:
        return list(self.conn.block_storage.get("/snapshots/detail", microversion="3.0").json()["snapshots"])

    def images(self) -> list[dict[str, Any]]:
        return list(self.conn.image.get("/images?limit=1000").json()["images"])

    def servers(self) -> list[dict[str, Any]]:
        return list(self.conn.compute.get("/servers/detail", microversion="2.1").json()["servers"])

    def make_volume(self, suffix: str, size: int = 1, image_properties: dict[str, str] | None = None) -> str:
        body = {"volume": {"size": size, "name": self.name(suffix)}}
        response = self.conn.block_storage.post("/volumes", json=body, microversion="3.0")
        assert response.status_code == 202, response.text
        volume_id = str(response.json()["volume"]["id"])
        self.wait_volume(volume_id, "available")
        if image_properties:
            action = {"os-set_image_metadata": {"metadata": image_properties}}
            answer = self.conn.block_storage.post(f"/volumes/{volume_id}/action", json=action, microversion="3.0")
            assert answer.status_code == 200, answer.text
        return volume_id

    def make_snapshot(self, volume_id: str, suffix: str) -> str:
        body = {"snapshot": {"volume_id": volume_id, "name": self.name(suffix)}}
        response = self.conn.block_storage.post("/snapshots", json=body, microversion="3.0")
        assert response.status_code == 202, response.text
        snapshot_id = str(response.json()["snapshot"]["id"])
        wait_until(f"snapshot {suffix}", lambda: (self.snapshot(snapshot_id) or {}).get("status"), "available".__eq__)
        return snapshot_id

    def wait_volume(self, volume_id: str, status: str) -> Any:
        return wait_until(
            f"volume {volume_id}", lambda: self.volume(volume_id), lambda v: v is not None and v["status"] == status
        )

    def wait_server(self, server_id: str, status: str = "ACTIVE") -> dict[str, Any]:
        server: dict[str, Any] = wait_until(
            f"server {server_id}",
            lambda: self.server(server_id),
            lambda s: s is not None and s["status"] in (status, "ERROR"),
        )
        assert server["status"] == status, server.get("fault")
        return server

    def wait_gone(self, read: Callable[[str], dict[str, Any] | None], resource_id: str) -> None:
        wait_until(f"{resource_id} gone", lambda: read(resource_id), lambda found: found is None)

    def settle(self) -> None:
        """Let the simulated cloud finish what it scheduled (the real one gets there by itself)."""
        if self.backend.sim is not None:
            self.backend.sim.settle()

    # leaving the cloud as it was found

    def clean_up(self) -> None:
        """Delete everything carrying the prefix, and the volumes Nova cloned from its snapshots, in an order
        the services accept: servers, images, volumes cloned from snapshots, snapshots, volumes."""
        servers = [s["id"] for s in self.servers() if s["name"].startswith(self.prefix)]
        for server_id in servers:
            self.conn.compute.delete(f"/servers/{server_id}", microversion="2.1")
        for server_id in servers:
            self.wait_gone(self.server, server_id)
        for image in self.images():
            if image["name"].startswith(self.prefix):
                self.conn.image.patch(
                    f"/images/{image['id']}",
                    json=[{"op": "replace", "path": "/protected", "value": False}],
                    headers={"Content-Type": "application/openstack-images-v2.1-json-patch"},
                )
                self.conn.image.delete(f"/images/{image['id']}")
        wait_until("the scenario's volumes and snapshots deleted", self._delete_storage_round, bool)

    def _delete_storage_round(self) -> bool:
        """One round of deleting the scenario's snapshots and volumes (its own, and Nova's clones and snapshots
        of them); Cinder refuses a volume that still has snapshots, so rounds go on until nothing is left."""
        snapshots = [s for s in self.snapshots() if s["name"].startswith(self.prefix)]
        ours = {s["id"] for s in snapshots}
        volumes = [v for v in self.volumes() if v["name"].startswith(self.prefix) or v.get("snapshot_id") in ours]
        volume_ids = {v["id"] for v in volumes}
        snapshots += [s for s in self.snapshots() if s["volume_id"] in volume_ids and s["id"] not in ours]
        if not snapshots and not volumes:
            return True
        for snapshot in snapshots:
            if _not_busy(snapshot):
                self.conn.block_storage.delete(f"/snapshots/{snapshot['id']}", microversion="3.0")
        for volume in volumes:
            if _not_busy(volume):
                self.conn.block_storage.delete(f"/volumes/{volume['id']}", microversion="3.0")
        self.settle()
        return False


def _not_busy(found: dict[str, Any] | None) -> bool:
    return found is None or found["status"] in ("available", "error")
