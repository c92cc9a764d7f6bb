"""Launch plans and pre-flight checks, and the exported requests and commands."""

from __future__ import annotations

import json
import shlex

from volimage_tui.core.export import launch_commands, placeholder_commands, placeholder_requests
from volimage_tui.core.launch import LaunchOptions, LaunchPlan, check_launch
from volimage_tui.core.models import Flavor, Image, Limits
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan

from .factories import in_use_volume, snapshot, volume

SMALL = Flavor(id="2", name="m1.small", ram=2048, vcpus=1, disk=20)
TINY = Flavor(id="1", name="m1.tiny", ram=256, vcpus=1, disk=1)


def placeholder(**options: object) -> Image:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden", **options))  # type: ignore[arg-type]
    return Image(
        id="img-1",
        name="golden",
        status="active",
        min_ram=plan.min_ram,
        properties=dict(plan.properties),
        tags=plan.tags,
    )


def codes(plan: LaunchPlan, **context: object) -> set[str]:
    defaults: dict[str, object] = {"snapshots": {snapshot().id: snapshot()}, "volumes": {volume().id: volume()}}
    defaults.update(context)
    return {check.code for check in check_launch(plan, **defaults)}  # type: ignore[arg-type]


def test_the_server_body_always_names_networks_and_carries_the_request_id() -> None:
    body = LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("net-1",), count=2)).server_body(
        "r1"
    )
    assert body["server"]["networks"] == [{"uuid": "net-1"}]
    assert body["server"]["min_count"] == body["server"]["max_count"] == 2
    assert body["server"]["metadata"] == {"volimage_request": "r1"}
    assert body["server"]["return_reservation_id"] is True
    none = LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("none",))).server_body("r2")
    assert none["server"]["networks"] == "none"


def test_a_valid_launch_has_no_checks() -> None:
    assert codes(LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("net-1",)))) == set()


def test_flavor_ram_below_min_ram_blocks() -> None:
    assert "min-ram" in codes(LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=TINY, networks=("n",))))


def test_a_snapshot_not_yet_available_or_gone_blocks() -> None:
    plan = LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("n",)))
    assert "snapshot-unavailable" in codes(plan, snapshots={snapshot().id: snapshot(status="creating")})
    assert "dangling" in codes(plan, snapshots={})


def test_several_servers_from_a_volume_source_block() -> None:
    plan = build_plan(BootSource.from_volume(volume()), PlaceholderOptions(name="direct", snapshot_first=False))
    image = Image(id="i", name="direct", status="active", properties=dict(plan.properties))
    found = codes(LaunchPlan(image, LaunchOptions(name="web", flavor=SMALL, networks=("n",), count=2)))
    assert "count-volume" in found
    assert "volume-in-use" in codes(
        LaunchPlan(image, LaunchOptions(name="web", flavor=SMALL, networks=("n",))),
        volumes={volume().id: in_use_volume()},
    )


def test_quota_headroom_counts_servers_cores_ram_and_new_volumes() -> None:
    limits = Limits(
        max_instances=10, used_instances=9, max_volumes=100, used_volumes=99, max_gigabytes=1000, used_gigabytes=990
    )
    plan = LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("n",), count=2))
    assert {"quota-instances", "quota-volumes", "quota-gigabytes"} <= codes(plan, limits=limits)


def test_an_inactive_image_and_an_unknown_zone_block() -> None:
    queued = Image(id="i", name="q", status="queued", properties=dict(placeholder().properties))
    plan = LaunchPlan(queued, LaunchOptions(name="w", flavor=SMALL, networks=("n",), availability_zone="moon"))
    assert {"image-inactive", "zone"} <= codes(plan, availability_zones=("nova",))


def test_the_exported_image_command_round_trips_through_a_shell() -> None:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden web's image"))
    (command,) = placeholder_commands(plan)
    words = shlex.split(command)
    assert words[-1] == "golden web's image"
    mapping = next(w for w in words if w.startswith("block_device_mapping="))
    assert json.loads(mapping.split("=", 1)[1]) == json.loads(plan.properties["block_device_mapping"])


def test_snapshot_first_sends_the_snapshot_before_the_image() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    first, create, upload, confirm = placeholder_requests(plan)
    assert (first.service, first.method, first.path) == ("volume", "POST", "/snapshots")
    assert (create.method, upload.method, confirm.method) == ("POST", "PUT", "GET")
    assert create.describe().startswith("POST image:/v2/images\n")


def test_the_launch_command_uses_nic_none_for_no_network_at_the_microversion_it_needs() -> None:
    plan = LaunchPlan(placeholder(), LaunchOptions(name="web", flavor=SMALL, networks=("none",), count=2))
    (command,) = launch_commands(plan)
    assert "--nic none" in command and "--min 2 --max 2" in command
    assert "--os-compute-api-version 2.37 server create" in command
