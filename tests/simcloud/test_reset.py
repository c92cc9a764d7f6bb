"""`SimCloud.reset()`: one running cloud made as good as new between tests, on the same port."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import openstack
import pytest
from openstack import exceptions

from volimage_tui.simcloud import SimCloud, SimConfig


def records(cloud: SimCloud) -> dict[str, Any]:
    """The rows of every table of every region, users and projects, field by field."""
    regions: dict[str, Any] = {}
    for name, region in cloud.state.regions.items():
        tables = {
            field.name: [dataclasses.asdict(row) for row in getattr(region, field.name)]
            for field in dataclasses.fields(region)
            if field.name not in ("name", "availability_zones", "quotas")
        }
        regions[name] = {**tables, "zones": region.availability_zones, "quotas": dict(region.quotas)}
    return {
        "regions": regions,
        "users": {key: dataclasses.asdict(user) for key, user in cloud.state.users.items()},
        "projects": {key: dataclasses.asdict(project) for key, project in cloud.state.projects.items()},
    }


@pytest.fixture
def shared() -> Iterator[SimCloud]:
    """A cloud of its own, standing for the one a test session shares."""
    with SimCloud(SimConfig(seed=42)) as cloud:
        yield cloud


def test_a_reset_restores_every_seeded_record_as_a_fresh_cloud_has_it(shared: SimCloud) -> None:
    connection = openstack.connect(**shared.connect_args())
    seeded = records(shared)
    scratch = next(volume for volume in shared.region().volumes if volume.name == "scratch")
    connection.block_storage.create_volume(size=1, name="made-by-a-test")
    connection.block_storage.delete_volume(scratch.id)
    connection.block_storage.update_volume(
        next(volume for volume in shared.region().volumes if volume.name == "logs").id, name="renamed"
    )
    shared.set_quotas(volumes=3)
    assert records(shared) != seeded

    shared.reset()

    assert records(shared) == seeded
    with SimCloud(SimConfig(seed=42)) as fresh:
        assert records(fresh) == seeded
    names = {volume.name for volume in connection.block_storage.volumes()}
    assert "made-by-a-test" not in names
    assert {"scratch", "logs"} <= names


def test_ids_drawn_after_a_reset_repeat_those_of_a_fresh_cloud(shared: SimCloud) -> None:
    with SimCloud(SimConfig(seed=42)) as fresh:
        expected = openstack.connect(**fresh.connect_args()).block_storage.create_volume(size=1, name="v").id
    connection = openstack.connect(**shared.connect_args())
    connection.block_storage.create_volume(size=1, name="before")
    shared.reset()
    assert connection.block_storage.create_volume(size=1, name="v").id == expected


def test_an_injected_fault_stops_firing_after_a_reset(shared: SimCloud) -> None:
    connection = openstack.connect(**shared.connect_args(), status_code_retries=0)
    connection.authorize()
    shared.inject(service="compute", path="/flavors", status=500, times=None)
    with pytest.raises(exceptions.HttpException):
        list(connection.compute.flavors())
    shared.reset()
    assert list(connection.compute.flavors())


def test_the_request_log_and_the_marks_start_afresh_after_a_reset(shared: SimCloud) -> None:
    connection = openstack.connect(**shared.connect_args())
    list(connection.block_storage.volumes())
    assert shared.mark() == 0
    assert shared.mark() == 1
    assert shared.requests()
    shared.reset()
    assert shared.requests() == []
    assert shared.mark() == 0
    assert shared.audit(0).clean


def test_a_connection_opened_before_a_reset_goes_on_at_the_same_port_once_it_authenticates_again(
    shared: SimCloud,
) -> None:
    port = shared.port
    connection = openstack.connect(**shared.connect_args())
    connection.authorize()
    shared.reset()
    assert shared.port == port
    assert list(connection.block_storage.volumes())
    seen = [(entry.method, entry.path.rsplit("/", 1)[-1], entry.status) for entry in shared.requests()]
    assert seen[-3:] == [("GET", "detail", 401), ("POST", "tokens", 201), ("GET", "detail", 200)], seen
