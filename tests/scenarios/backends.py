"""The clouds a scenario runs against: the simulated one (`make test`) or the real services (`make conformance`).

A scenario sees only what a user has: a clouds.yaml with a member cloud, volimage's command line, openstacksdk and
the `openstack` CLI. The few things a user cannot do alone (set a quota) go through the backend, by the cloud's
own admin API on the real services and by the simulated cloud's steering API on the simulated one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import openstack
from openstack.connection import Connection

from volimage_tui.simcloud import DEMO_CLOUD_NAME, SimCloud, SimConfig

REALCLOUD_INFO = "VOLIMAGE_REALCLOUD"
"""Set by `python -m realcloud run`: the JSON file saying where the real services are."""


@dataclass
class Backend:
    kind: Literal["sim", "real"]
    clouds_yaml: Path
    cloud: str
    """The member user's cloud in `clouds_yaml`, the one volimage and the `openstack` CLI are pointed at."""
    admin_cloud: str | None = None
    sim: SimCloud | None = None
    project_id: str = ""

    def connect(self, *, admin: bool = False) -> Connection:
        name = self.admin_cloud if admin else self.cloud
        config = openstack.config.OpenStackConfig(config_files=[str(self.clouds_yaml)])
        return openstack.connection.Connection(config=config.get_one(name))

    def set_snapshot_quota(self, snapshots: int) -> None:
        """The project may hold `snapshots` snapshots at most (-1: no limit)."""
        if self.sim is not None:
            self.sim.set_quotas(snapshots=snapshots if snapshots >= 0 else 100_000)
            return
        admin = self.connect(admin=True)
        body = {"quota_set": {"snapshots": snapshots}}
        response = admin.block_storage.put(f"/os-quota-sets/{self.project_id}", json=body, microversion="3.0")
        assert response.status_code == 200, response.text
        admin.close()

    def without_networks(self) -> None:
        """The project can use no network, as on the real services, which have none (Neutron runs no agents)."""
        if self.sim is not None:
            for network in list(self.sim.region().networks):
                self.sim.region().networks.remove(network.id)
            return
        listed = self.connect().network.get("/networks").json()["networks"]
        assert listed == [], f"the real cloud was expected to have no networks: {listed}"


@contextmanager
def backend_for_test(tmp_path: Path) -> Iterator[Backend]:
    """The real services when a conformance run says where they are, else a fresh simulated cloud."""
    info_file = os.environ.get(REALCLOUD_INFO)
    if info_file:
        info = json.loads(Path(info_file).read_text())
        yield Backend(
            "real",
            Path(info["clouds_yaml"]),
            info["cloud"],
            admin_cloud=info["admin_cloud"],
            project_id=info["project_id"],
        )
        return
    with SimCloud(SimConfig(seed=42)) as sim:
        path = sim.write_clouds_yaml(tmp_path / "clouds.yaml")
        yield Backend("sim", path, DEMO_CLOUD_NAME, sim=sim)
