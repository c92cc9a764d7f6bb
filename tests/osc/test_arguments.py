"""`openstack placeholder create | launch` and `volimage create-image | launch` turn the same arguments into the
same plan: both grammars come from `parser.placeholder_options` / `parser.launch_options`, and both plans from
`images.compose` / `servers.launch_plan`. In process, against the shared simulated cloud (these only read)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from volimage_tui.cli.images import compose
from volimage_tui.cli.osc.create import CreatePlaceholder
from volimage_tui.cli.osc.launch import LaunchPlaceholder
from volimage_tui.cli.parser import build_parser
from volimage_tui.cli.servers import launch_plan
from volimage_tui.cloud.session import Session
from volimage_tui.core.models import CloudProfile
from volimage_tui.simcloud import DEMO_CLOUD_NAME, SimCloud

VOLIMAGE_ONLY = {
    "command", "cloud", "region", "demo", "format", "timeout", "yes", "dry_run", "read_only", "debug",
    "headless", "press", "script", "screenshot", "text",
}  # fmt: skip
"""What `volimage`'s namespace holds besides the plan: its own global, headless, output and confirmation options."""

PLANS = {
    "a snapshot, defaults": ["--snapshot", "web-golden"],
    "a volume used directly, every root option": [
        "--volume", "build-root", "--direct", "--size", "40", "--volume-type", "ssd", "--disk-bus", "scsi",
        "--device-type", "disk", "--device-name", "/dev/sda", "--no-delete-on-termination", "--visibility", "shared",
        "--tag", "web", "--tag", "prod", "--min-ram", "1024", "--keep-property", "os_distro",
    ],
    "a volume snapshotted first, with data disks": [
        "--volume", "build-root", "--data-snapshot", "db-data-daily", "--data-volume", "scratch",
        "--blank-disk", "10", "--no-properties", "--delete-on-termination",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def session(shared_sim: SimCloud) -> Iterator[Session]:
    opened = Session(CloudProfile(name=DEMO_CLOUD_NAME), connect_args=shared_sim.connect_args)
    yield opened
    opened.close()


def volimage_arguments(*arguments: str) -> argparse.Namespace:
    return build_parser().parse_args(list(arguments))


def osc_create_arguments(*arguments: str) -> argparse.Namespace:
    return CreatePlaceholder(None, None).get_parser("openstack placeholder create").parse_args(list(arguments))


def osc_launch_arguments(*arguments: str) -> argparse.Namespace:
    command = LaunchPlaceholder(None, None)  # type: ignore[arg-type]  # no OSC app: only its grammar is read
    return command.get_parser("openstack placeholder launch").parse_args(list(arguments))


@pytest.mark.parametrize("arguments", PLANS.values(), ids=PLANS.keys())
def test_both_commands_make_the_same_placeholder_plan(session: Session, arguments: list[str]) -> None:
    ours = volimage_arguments("create-image", *arguments, "--name", "tpl")
    osc = osc_create_arguments(*arguments, "tpl")

    assert set(vars(ours)) - VOLIMAGE_ONLY <= set(vars(osc)), "every plan option reaches the openstack command"
    assert compose(session, osc) == compose(session, ours)


def test_the_arguments_reach_the_plan(session: Session) -> None:
    plan = compose(session, osc_create_arguments(*PLANS["a volume used directly, every root option"], "tpl")).plan

    (root,) = plan.devices
    assert (plan.snapshot_first, root.volume_size, root.volume_type, root.disk_bus) == (False, 40, None, "scsi")
    assert (root.device_name, root.delete_on_termination, plan.options.visibility) == ("/dev/sda", False, "shared")
    assert (plan.tags, plan.min_ram, set(plan.carried)) == (("volimage", "web", "prod"), 1024, {"os_distro"})


def test_both_commands_make_the_same_launch_plan(session: Session) -> None:
    options = ["--flavor", "m1.small", "--network", "private", "--count", "2", "--name", "web", "--key-name",
               "demo-key", "--security-group", "default", "--availability-zone", "nova"]  # fmt: skip
    ours = launch_plan(session, volimage_arguments("launch", "--image", "web-01-backup", *options))
    osc = launch_plan(session, osc_launch_arguments("web-01-backup", *options))

    assert osc == ours
    assert (osc.options.count, osc.options.key_name, osc.options.security_groups) == (2, "demo-key", ("default",))


def test_a_launch_without_a_network_asks_nova_for_auto_as_server_create_does(session: Session) -> None:
    plan = launch_plan(session, osc_launch_arguments("web-01-backup", "--flavor", "m1.small"))

    assert plan.options.networks == ("auto",)
