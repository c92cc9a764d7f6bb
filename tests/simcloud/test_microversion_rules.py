"""The simulated services follow each request's microversion as the real ones do, through the raw API, at the
versions on both sides of each change, and can play an older cloud or one that ignores filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openstack
import pytest
from openstack.connection import Connection

from volimage_tui.simcloud import Fault, SimCloud, SimConfig


def snapshot_names(conn: Connection, query: str, microversion: str) -> set[str]:
    response = conn.block_storage.get(f"/snapshots/detail{query}", microversion=microversion)
    assert response.status_code == 200, response.text
    return {snapshot["name"] for snapshot in response.json()["snapshots"]}


def marked_snapshot(sim: SimCloud, conn: Connection) -> str:
    """A snapshot carrying metadata `{"who": "me"}` beside the demo project's unmarked ones."""
    volume = next(volume for volume in sim.region().volumes if volume.name == "scratch")
    body = {"snapshot": {"volume_id": volume.id, "name": "marked", "metadata": {"who": "me"}}}
    response = conn.block_storage.post("/snapshots", json=body, microversion="3.0")
    assert response.status_code == 202, response.text
    return str(response.json()["snapshot"]["id"])


METADATA_QUERY = "?metadata=" + json.dumps({"who": "me"})


def test_cinder_drops_a_snapshot_metadata_filter_below_3_22(sim: SimCloud, conn: Connection) -> None:
    """cinder/api/v3/snapshots.py MV_ADDED_FILTERS: metadata is popped below 3.22, so every snapshot is listed."""
    marked_snapshot(sim, conn)
    everything = snapshot_names(conn, "", "3.21")
    assert len(everything) > 1
    assert snapshot_names(conn, METADATA_QUERY, "3.0") == everything
    assert snapshot_names(conn, METADATA_QUERY, "3.21") == everything
    assert snapshot_names(conn, METADATA_QUERY, "3.22") == {"marked"}
    assert snapshot_names(conn, METADATA_QUERY, "3.71") == {"marked"}


def test_without_a_header_cinder_reads_a_request_at_3_0_and_drops_the_filter(sim: SimCloud, conn: Connection) -> None:
    marked_snapshot(sim, conn)
    response = conn.block_storage.get(f"/snapshots/detail{METADATA_QUERY}")
    assert response.headers["OpenStack-API-Version"] == "volume 3.0"
    assert len(response.json()["snapshots"]) == len(snapshot_names(conn, "", "3.0")) > 1


def test_the_volume_group_id_filter_counts_only_from_3_10(sim: SimCloud, conn: Connection) -> None:
    """cinder/api/v3/volumes.py _MV_ADDED_FILTERS: group_id is popped below 3.10."""

    def count(microversion: str) -> int:
        response = conn.block_storage.get("/volumes/detail?group_id=nothing-has-this", microversion=microversion)
        return len(response.json()["volumes"])

    assert count("3.9") == len(sim.region().volumes)
    assert count("3.10") == 0


def boot(conn: Connection, image_id: str, flavor_id: str, networks: Any, microversion: str) -> Any:
    body = {"server": {"name": "mv", "imageRef": image_id, "flavorRef": flavor_id, "networks": networks}}
    return conn.compute.post("/servers", json=body, microversion=microversion)


def only_the_private_network(sim: SimCloud) -> None:
    """Leave the project one network, as `auto` needs (with several Nova answers 409 "Multiple possible ...")."""
    for network in list(sim.region().networks):
        if network.name != "private":
            sim.region().networks.remove(network.id)


def test_nova_takes_networks_none_and_auto_only_from_2_37(sim: SimCloud, conn: Connection) -> None:
    """nova/api/openstack/compute/schemas/servers.py: `networks` is a list below 2.37 (create_v237 adds the words)."""
    only_the_private_network(sim)
    image = next(image for image in sim.region().images if image.name == "web-01-backup")
    flavor = next(flavor for flavor in sim.region().flavors if flavor.name == "m1.small")
    for word in ("none", "auto"):
        refused = boot(conn, image.id, flavor.id, word, "2.36")
        assert refused.status_code == 400
        assert f"'{word}' is not of type 'array'" in refused.text
        assert boot(conn, image.id, flavor.id, word, "2.37").status_code == 202


@pytest.fixture
def old_sim() -> Iterator[SimCloud]:
    with SimCloud(SimConfig(max_microversions={"compute": "2.36", "volume": "3.21"})) as cloud:
        yield cloud


def test_a_cloud_can_offer_an_older_maximum_in_its_documents_and_its_answers(old_sim: SimCloud) -> None:
    conn = openstack.connect(**old_sim.connect_args())
    compute, volume = conn.compute.get_endpoint_data(), conn.block_storage.get_endpoint_data()
    assert compute is not None and volume is not None
    assert (compute.max_microversion, volume.max_microversion) == ((2, 36), (3, 21))
    assert conn.compute.get("/servers", microversion="2.36").status_code == 200
    assert conn.compute.get("/servers", microversion="2.37").status_code == 406
    assert conn.block_storage.get("/snapshots", microversion="3.22").status_code == 406
    conn.close()


def test_a_cloud_can_ignore_the_filters_of_one_path(sim: SimCloud, conn: Connection) -> None:
    marked_snapshot(sim, conn)
    sim.inject(Fault(service="volume", method="GET", path=r"/snapshots/detail$", ignore_filters=True, times=None))
    everything = snapshot_names(conn, "", "3.71")
    assert snapshot_names(conn, METADATA_QUERY, "3.71") == everything
    assert snapshot_names(conn, "?name=marked", "3.71") == everything
    assert len(snapshot_names(conn, "?limit=1", "3.71")) == 1
    logged = [entry for entry in sim.requests() if entry.path.endswith("/snapshots/detail")]
    assert logged[-2].query == "name=marked"
    sim.clear_faults()
    assert snapshot_names(conn, "?name=marked", "3.71") == {"marked"}


def test_the_request_log_records_the_microversion_each_request_asked_for(sim: SimCloud, conn: Connection) -> None:
    conn.block_storage.get("/snapshots/detail", microversion="3.22")
    conn.compute.get("/servers", microversion="2.37")
    conn.block_storage.get("/volumes/detail")
    *_, snapshots, servers, volumes = sim.requests()
    assert (snapshots.microversion, servers.microversion, volumes.microversion) == ("3.22", "2.37", None)
