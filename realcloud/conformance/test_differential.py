"""The simulated cloud against the real services, request by request: for every request volimage sends, the status
code and the keys of the answer (and of the listed item volimage made) are the same at the same microversion.

Both clouds get the same resources, made the way volimage makes them (a 1 GiB volume, its snapshot, a placeholder
of the snapshot, a server booted from it with networks `none`), then every request is sent to both. A difference
either is fixed in the simulation or is listed in `EXPECTED` with its reason (and in the README's table); any other
difference fails here. This runs only in `make conformance`, which starts the real services.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openstack
import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud, SimConfig

Answer = tuple[int, frozenset[str]]
"""(status code, the keys of the body as `body.KEY` and of the item volimage made in it as `item.KEY`)."""


@dataclass(frozen=True)
class Made:
    volume: str
    snapshot: str
    image: str
    server: str
    reservation: str
    name: str
    created: dict[str, Answer]
    """The answers to the requests that made them: `create snapshot`, `create image`, `upload`, `create server`."""


@dataclass(frozen=True)
class Probe:
    label: str
    service: str
    method: str
    path: Callable[[Made], str]
    microversion: str | None = None
    item: Callable[[Any, Made], Any] = lambda body, made: None
    body: Callable[[Made], Any] | None = None


def _find(key: str, attribute: str) -> Callable[[Any, Made], Any]:
    return lambda body, made: next((i for i in body.get(key, []) if i.get("id") == getattr(made, attribute)), None)


PROBES = [
    Probe(
        "list volumes",
        "volume",
        "GET",
        lambda m: f"/volumes/detail?name={m.name}-vol",
        "3.0",
        _find("volumes", "volume"),
    ),
    Probe("show volume", "volume", "GET", lambda m: f"/volumes/{m.volume}", "3.0", lambda b, m: b["volume"]),
    Probe(
        "list snapshots",
        "volume",
        "GET",
        lambda m: f"/snapshots/detail?volume_id={m.volume}",
        "3.0",
        _find("snapshots", "snapshot"),
    ),
    Probe(
        "list snapshots by metadata",
        "volume",
        "GET",
        lambda m: f"/snapshots/detail?volume_id={m.volume}&metadata=" + json.dumps({"volimage_request": m.name}),
        "3.22",
        _find("snapshots", "snapshot"),
    ),
    Probe("show snapshot", "volume", "GET", lambda m: f"/snapshots/{m.snapshot}", "3.0", lambda b, m: b["snapshot"]),
    Probe("volume types", "volume", "GET", lambda m: "/types", "3.0"),
    Probe("volume limits", "volume", "GET", lambda m: "/limits", "3.0", lambda b, m: b["limits"]["absolute"]),
    Probe("list images", "image", "GET", lambda m: f"/images?name={m.name}-image", None, _find("images", "image")),
    Probe("show image", "image", "GET", lambda m: f"/images/{m.image}", None),
    Probe(
        "list servers",
        "compute",
        "GET",
        lambda m: f"/servers/detail?reservation_id={m.reservation}",
        "2.1",
        _find("servers", "server"),
    ),
    Probe(
        "list server ids",
        "compute",
        "GET",
        lambda m: f"/servers?reservation_id={m.reservation}",
        "2.1",
        _find("servers", "server"),
    ),
    Probe("show server", "compute", "GET", lambda m: f"/servers/{m.server}", "2.1", lambda b, m: b["server"]),
    Probe("flavors", "compute", "GET", lambda m: "/flavors/detail", "2.1", lambda b, m: b["flavors"][0]),
    Probe("key pairs", "compute", "GET", lambda m: "/os-keypairs", "2.1"),
    Probe(
        "zones", "compute", "GET", lambda m: "/os-availability-zone", "2.1", lambda b, m: b["availabilityZoneInfo"][0]
    ),
    Probe("compute limits", "compute", "GET", lambda m: "/limits", "2.1", lambda b, m: b["limits"]["absolute"]),
    Probe("networks", "network", "GET", lambda m: "/networks", None),
    Probe(
        "security groups", "network", "GET", lambda m: "/security-groups", None, lambda b, m: b["security_groups"][0]
    ),
]

STORES = (
    "Glance shows `stores` only when several stores are configured (`enabled_backends`), as the harness's Glance is; "
    "the simulation plays the single-store Glance most clouds run, and volimage does not read the field"
)

EXPECTED: dict[str, tuple[frozenset[str], frozenset[str], str]] = {
    "list images": (frozenset({"item.stores"}), frozenset(), STORES),
    "show image": (frozenset({"body.stores"}), frozenset(), STORES),
}
"""Request label -> (keys only the real service sends, keys only the simulation sends, why that is accepted).
The README's table of differences says the same."""

ADAPTERS = {"volume": "block_storage", "image": "image", "compute": "compute", "network": "network"}


def make_resources(conn: Connection, name: str) -> Made:
    """What volimage makes, made with its requests: volume, snapshot, placeholder, a server booted from it."""
    volume = _json(
        conn.block_storage.post("/volumes", json={"volume": {"size": 1, "name": f"{name}-vol"}}, microversion="3.0")
    )
    volume_id = volume["volume"]["id"]
    _wait(
        lambda: (
            _json(conn.block_storage.get(f"/volumes/{volume_id}", microversion="3.0"))["volume"]["status"]
            == "available"
        )
    )
    created: dict[str, Answer] = {}
    body = {"snapshot": {"volume_id": volume_id, "name": f"{name}-snap", "metadata": {"volimage_request": name}}}
    response = conn.block_storage.post("/snapshots", json=body, microversion="3.0")
    created["create snapshot"] = _keys(response, "snapshot")
    snapshot_id = _json(response)["snapshot"]["id"]
    _wait(
        lambda: (
            _json(conn.block_storage.get(f"/snapshots/{snapshot_id}", microversion="3.0"))["snapshot"]["status"]
            == "available"
        )
    )
    mapping = [
        {
            "source_type": "snapshot",
            "destination_type": "volume",
            "snapshot_id": snapshot_id,
            "boot_index": 0,
            "device_name": "/dev/vda",
            "volume_size": 1,
            "delete_on_termination": True,
        }
    ]
    image_id = str(uuid.uuid4())
    image = {
        "id": image_id,
        "name": f"{name}-image",
        "disk_format": "raw",
        "container_format": "bare",
        "visibility": "private",
        "tags": ["volimage"],
        "block_device_mapping": json.dumps(mapping),
        "bdm_v2": "True",
        "root_device_name": "/dev/vda",
    }
    created["create image"] = _keys(conn.image.post("/images", json=image))
    upload = conn.image.put(f"/images/{image_id}/file", data=b"", headers={"Content-Type": "application/octet-stream"})
    created["upload"] = _keys(upload)
    flavor = next(
        f for f in _json(conn.compute.get("/flavors/detail", microversion="2.1"))["flavors"] if f["name"] == "m1.tiny"
    )
    server = {"server": {"name": f"{name}-server", "imageRef": image_id, "flavorRef": flavor["id"], "networks": "none",
                         "return_reservation_id": True, "min_count": 1, "max_count": 1,
                         "metadata": {"volimage_request": name}}}  # fmt: skip
    response = conn.compute.post("/servers", json=server, microversion="2.37")
    created["create server"] = _keys(response)
    reservation = _json(response)["reservation_id"]
    listed = _json(conn.compute.get(f"/servers?reservation_id={reservation}", microversion="2.1"))["servers"]
    server_id = listed[0]["id"]
    _wait(lambda: _json(conn.compute.get(f"/servers/{server_id}", microversion="2.1"))["server"]["status"] == "ACTIVE")
    return Made(volume_id, snapshot_id, image_id, server_id, reservation, name, created)


def _keys(response: Any, item: str | None = None) -> Answer:
    """A create's answer: its status and the keys of its body (and of the item under `item`)."""
    body = response.json() if response.content else {}
    keys = {f"body.{key}" for key in body} | {f"item.{key}" for key in (body.get(item) or {} if item else {})}
    return response.status_code, frozenset(keys)


def answer(conn: Connection, probe: Probe, made: Made) -> Answer:
    adapter = getattr(conn, ADAPTERS[probe.service])
    response = adapter.request(probe.path(made), probe.method, microversion=probe.microversion)
    body = response.json() if response.content else {}
    item = probe.item(body, made) if 200 <= response.status_code < 300 else None
    keys = {f"body.{key}" for key in body} | {f"item.{key}" for key in item or ()}
    return response.status_code, frozenset(keys)


def _json(response: Any) -> Any:
    assert 200 <= response.status_code < 300, f"{response.request.method} {response.url}: {response.text}"
    return response.json()


def _wait(ready: Callable[[], bool], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(1)


@pytest.fixture(scope="module")
def clouds(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[tuple[Connection, Made], tuple[Connection, Made]]]:
    info_file = os.environ.get("VOLIMAGE_REALCLOUD")
    if not info_file:
        pytest.fail("VOLIMAGE_REALCLOUD is not set: run this with `make conformance`")
    info = json.loads(Path(info_file).read_text())
    config = openstack.config.OpenStackConfig(config_files=[info["clouds_yaml"]])
    real = openstack.connection.Connection(config=config.get_one(info["cloud"]))
    name = f"diff{uuid.uuid4().hex[:6]}"
    with SimCloud(SimConfig(seed=42)) as sim:
        # no clouds.yaml for the simulated cloud: OS_CLIENT_CONFIG_FILE (the real one's) would win over it
        simulated = openstack.connect(**sim.connect_args())
        real_made = make_resources(real, name)
        try:
            yield (real, real_made), (simulated, make_resources(simulated, name))
        finally:
            real.compute.delete(f"/servers/{real_made.server}", microversion="2.1")
            _wait(lambda: real.compute.get(f"/servers/{real_made.server}", microversion="2.1").status_code == 404)
            real.image.delete(f"/images/{real_made.image}")
            real.block_storage.delete(f"/snapshots/{real_made.snapshot}", microversion="3.0")
            _wait(
                lambda: (
                    real.block_storage.get(f"/snapshots/{real_made.snapshot}", microversion="3.0").status_code == 404
                )
            )
            real.block_storage.delete(f"/volumes/{real_made.volume}", microversion="3.0")


@pytest.mark.parametrize("probe", PROBES, ids=[probe.label for probe in PROBES])
def test_the_simulation_answers_as_the_real_service_does(
    clouds: tuple[tuple[Connection, Made], tuple[Connection, Made]], probe: Probe
) -> None:
    (real, real_made), (simulated, sim_made) = clouds
    real_status, real_keys = answer(real, probe, real_made)
    sim_status, sim_keys = answer(simulated, probe, sim_made)
    assert sim_status == real_status
    only_real, only_sim, _why = EXPECTED.get(probe.label, (frozenset(), frozenset(), ""))
    assert (sorted(real_keys - sim_keys), sorted(sim_keys - real_keys)) == (sorted(only_real), sorted(only_sim))


CREATES = ("create snapshot", "create image", "upload", "create server")


@pytest.mark.parametrize("label", CREATES)
def test_the_simulation_answers_volimage_s_creates_as_the_real_service_does(
    clouds: tuple[tuple[Connection, Made], tuple[Connection, Made]], label: str
) -> None:
    (_, real_made), (_, sim_made) = clouds
    real_status, real_keys = real_made.created[label]
    sim_status, sim_keys = sim_made.created[label]
    assert sim_status == real_status
    assert (sorted(real_keys - sim_keys), sorted(sim_keys - real_keys)) == ([], [])
