"""Which microversion each request is sent at, what an older cloud gets instead, and the commands that name it."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from volimage_tui.core.export import (
    Target,
    launch_commands,
    launch_request,
    placeholder_commands,
    placeholder_requests,
    snapshot_request,
)
from volimage_tui.core.launch import LaunchOptions, LaunchPlan, check_launch
from volimage_tui.core.microversions import BASE, NETWORK_WORDS, SNAPSHOT_IN_USE, Version, version_for
from volimage_tui.core.models import Flavor, Image
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan

from .factories import in_use_volume, snapshot, volume

SMALL = Flavor(id="2", name="m1.small", ram=2048, vcpus=1, disk=20)
NEW = Target(cloud="prod", region="east", offered={"compute": Version(2, 96), "volume": Version(3, 71)})
OLD = Target(cloud="prod", region="east", offered={"compute": Version(2, 36), "volume": Version(3, 65)})


def image() -> Image:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden"))
    return Image(id="img-1", name="golden", status="active", properties=dict(plan.properties), tags=plan.tags)


def launch_plan(*networks: str) -> LaunchPlan:
    return LaunchPlan(image(), LaunchOptions(name="web", flavor=SMALL, networks=networks))


@given(
    st.tuples(st.integers(2, 3), st.integers(0, 120)),
    st.tuples(st.integers(2, 3), st.integers(0, 120)),
)
def test_versions_order_by_number_not_by_text(first: tuple[int, int], second: tuple[int, int]) -> None:
    a, b = Version(*first), Version(*second)
    assert (a < b) == (first < second)
    assert Version.parse(str(a)) == a


def test_a_request_needing_nothing_newer_is_sent_at_the_base_version() -> None:
    assert version_for("compute") == BASE["compute"] == Version(2, 1)
    assert version_for("volume") == BASE["volume"] == Version(3, 0)
    assert launch_request(launch_plan("net-1"), "r").microversion == Version(2, 1)


@pytest.mark.parametrize("word", ["none", "auto"])
def test_networks_none_and_auto_are_sent_at_2_37(word: str) -> None:
    request = launch_request(launch_plan(word), "r")
    assert request.microversion == Version(2, 37)
    assert request.body["server"]["networks"] == word
    assert "OpenStack-API-Version: compute 2.37" in request.describe()


def test_an_older_nova_gets_one_line_that_says_which_version_and_what_to_do() -> None:
    checks = check_launch(launch_plan("none"), snapshots={snapshot().id: snapshot()}, volumes={}, offered=OLD.offered)
    (problem,) = [check for check in checks if check.code == "microversion"]
    assert problem.message == (
        "Launching with networks 'none' or 'auto' needs Nova microversion 2.37, and this cloud offers up to 2.36; "
        "name a network instead (--network NAME)."
    )
    named = check_launch(launch_plan("net-1"), snapshots={snapshot().id: snapshot()}, volumes={}, offered=OLD.offered)
    assert "microversion" not in {check.code for check in named}
    assert OLD.require(NETWORK_WORDS) == problem.message
    assert NEW.require(NETWORK_WORDS) is None


def test_an_in_use_volume_is_snapshotted_at_3_66_without_force() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    request = snapshot_request(plan, "r", NEW)
    assert request.microversion == SNAPSHOT_IN_USE.version
    assert "force" not in request.body["snapshot"]


def test_an_older_cinder_gets_force_for_an_in_use_volume_at_3_0() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    request = snapshot_request(plan, "r", OLD)
    assert request.microversion == Version(3, 0)
    assert request.body["snapshot"]["force"] is True


def test_an_available_volume_is_snapshotted_at_3_0_without_force() -> None:
    plan = build_plan(BootSource.from_volume(volume()), PlaceholderOptions(name="golden"))
    request = snapshot_request(plan, "r", NEW)
    assert request.microversion == Version(3, 0)
    assert "force" not in request.body["snapshot"]


def test_glance_requests_carry_no_microversion() -> None:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden"))
    assert all(request.microversion is None for request in placeholder_requests(plan, NEW))
    assert all("OpenStack-API-Version" not in request.describe() for request in placeholder_requests(plan, NEW))


def test_every_exported_command_names_the_cloud_and_region() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    commands = [*placeholder_commands(plan, NEW), *launch_commands(launch_plan("none"), NEW)]
    assert len(commands) == 4
    assert all("openstack --os-cloud prod --os-region-name east " in command for command in commands)


def test_a_volume_source_exports_a_snapshot_whose_id_the_image_command_uses() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    create, wait, make_image = placeholder_commands(plan, NEW)
    assert create.startswith("snapshot_id=$(openstack ")
    assert "--os-volume-api-version 3.66 volume snapshot create" in create and "-f value -c id" in create
    assert '"$snapshot_id"' in wait and "available) break" in wait
    assert "<new snapshot>" not in make_image
    assert '"snapshot_id": "\'"$snapshot_id"\'"' in make_image
    words = shlex.split(make_image.replace('"$snapshot_id"', "SNAP"))
    assert "volimage_sources=snapshot:SNAP" in words


def test_an_older_cinder_exports_force_instead_of_3_66() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    create = placeholder_commands(plan, OLD)[0]
    assert "--force" in create and "--os-volume-api-version" not in create
