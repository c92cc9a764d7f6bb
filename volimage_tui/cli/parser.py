"""The command line's grammar: every subcommand, option and help text, and nothing else."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..core.vocabulary import DEVICE_TYPES, DISK_BUSES, VISIBILITIES

FORMATS = ("table", "json", "yaml")
"""How the commands can print: rich tables for people, JSON or YAML for scripts."""

DEMO_DELAY_SECONDS = 2.0
"""How long a status change takes in the served demo cloud: slow enough to watch, quick enough not to bore."""

DESCRIPTION = """Make OpenStack placeholder images (zero-byte Glance images carrying a block device mapping)
from Cinder volumes and snapshots, and launch servers from them. Without a command, the interactive UI starts."""

EPILOG = """exit codes: 0 success, 2 a user error (bad option, unknown name, blocked plan, bad clouds.yaml),
3 the cloud refused or could not be reached, 130 interrupted.

examples:
  volimage --demo volumes
  volimage --cloud mycloud preview --snapshot web-golden --name web-template
  volimage --cloud mycloud create-image --volume db-root --name db-template --yes
  volimage --cloud mycloud launch --image web-template --flavor m1.small --network private --count 2 --wait
"""


class Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake told in one line like every other error (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="volimage", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"volimage {__version__}")
    _cloud_options(parser, argparse.SUPPRESS)
    parser.add_argument("--read-only", action="store_true", help="disable every change to the cloud (UI)")
    parser.add_argument("--debug", action="store_true", help="log more to the log file (UI)")
    headless = parser.add_argument_group("headless mode (the UI without a terminal)")
    headless.add_argument("--headless", action="store_true", help="run the UI without a terminal and print its screen")
    headless.add_argument("--size", default="120x40", metavar="COLUMNSxLINES", help="screen size (default: 120x40)")
    keys = headless.add_mutually_exclusive_group()
    keys.add_argument("--press", metavar="KEYS", help="Textual key names to press, comma separated (tab,down,enter)")
    keys.add_argument(
        "--script", type=Path, metavar="FILE", help="steps, one a line: press KEYS, type TEXT, wait, pause SECONDS"
    )
    headless.add_argument("--screenshot", type=Path, metavar="FILE.svg", help="write the screen as SVG")
    headless.add_argument("--text", type=Path, metavar="FILE", help="write the screen as text (default: stdout)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = Parser(add_help=False)
    _cloud_options(common, argparse.SUPPRESS)
    common.add_argument("-f", "--format", choices=FORMATS, default="table", help="output format (default: table)")
    common.add_argument(
        "--timeout",
        type=_request_seconds,
        default=60.0,
        metavar="SECONDS",
        help="how long one request may take before it counts as failed (default: 60)",
    )
    mutation = Parser(add_help=False)
    mutation.add_argument("--dry-run", action="store_true", help="print the plan and the requests; change nothing")
    mutation.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    commands.add_parser("clouds", parents=[common], help="list the clouds of clouds.yaml")
    volumes = commands.add_parser("volumes", parents=[common], help="list volumes")
    volumes.add_argument("--status", help="only volumes in this status (available, in-use, ...)")
    volumes.add_argument("--name", help="only volumes with exactly this name")
    commands.add_parser("snapshots", parents=[common], help="list volume snapshots")
    images = commands.add_parser("images", parents=[common], help="list images, decoding placeholders")
    images.add_argument("--placeholders", action="store_true", help="only images that carry a mapping")
    images.add_argument(
        "--dangling", action="store_true", help="only placeholders whose snapshot or volume no longer exists"
    )
    images.add_argument(
        "--usage", action="store_true", help="placeholders with the servers booted from each and the GiB they hold"
    )
    every_project = Parser(add_help=False)
    every_project.add_argument(
        "--all-projects", action="store_true", help="every project's servers (an admin's right; default: this project)"
    )
    images.add_argument("--all-projects", action="store_true", help="with --usage: every project's servers (admin)")
    lineage = commands.add_parser(
        "lineage",
        parents=[common, every_project],
        help="the chain of a placeholder, snapshot or volume: source, snapshots, placeholders, servers, clones",
    )
    lineage.add_argument("subject", metavar="IMAGE|SNAPSHOT|VOLUME", help="a name or ID")
    prune = commands.add_parser(
        "prune",
        parents=[common, mutation, every_project],
        help="delete what volimage made that nothing uses: dangling placeholders, loose snapshots (the plan first)",
    )
    prune.add_argument("--unused", action="store_true", help="also the placeholders no server boots from")
    prune.add_argument("--clones", action="store_true", help="also delete the orphaned clones (always listed)")

    for name, help_text, parents in (
        ("preview", "show the placeholder image a source would make, its checks, requests and commands", [common]),
        ("create-image", "create a placeholder image from a snapshot or a volume", [common, mutation]),
    ):
        command = commands.add_parser(name, parents=parents, help=help_text, description=help_text)
        placeholder_options(command)

    launch = commands.add_parser(
        "launch", parents=[common, mutation], help="launch servers from an image", description="launch servers"
    )
    launch_options(launch)

    delete = commands.add_parser(
        "delete-image", parents=[common, mutation], help="delete a placeholder image, showing the plan first"
    )
    delete.add_argument("image", metavar="NAME_OR_ID")
    delete.add_argument(
        "--with-snapshots",
        action="store_true",
        help="also delete the snapshots volimage made that only this image uses and no volume was made from",
    )

    simcloud = commands.add_parser("simcloud", help="the embedded simulated OpenStack cloud")
    simcloud_commands = simcloud.add_subparsers(dest="simcloud_command", metavar="ACTION", required=True)
    serve = simcloud_commands.add_parser(
        "serve",
        help="serve a simulated cloud on 127.0.0.1 until interrupted",
        description="Serve a simulated OpenStack cloud (Keystone, Nova, Cinder, Glance, Neutron) on 127.0.0.1 "
        "and print (or write) the clouds.yaml entry that reaches it.",
    )
    serve.add_argument("--port", type=_port, default=0, help="TCP port (default: a free one)")
    serve.add_argument("--volumes", type=_count, default=0, metavar="N", help="extra data volumes, for scale")
    serve.add_argument("--seed", type=int, default=42, help="seed of the demo data (default: 42)")
    serve.add_argument(
        "--delay",
        type=_seconds,
        default=DEMO_DELAY_SECONDS,
        metavar="SECONDS",
        help=f"how long a status change takes (default: {DEMO_DELAY_SECONDS}; 0 = at the next request)",
    )
    serve.add_argument("--clouds-yaml", type=Path, metavar="PATH", help="write the entry into this clouds.yaml")
    serve.add_argument("--cloud-name", default="volimage-demo", metavar="NAME", help="the entry's cloud name")
    return parser


def _cloud_options(parser: argparse.ArgumentParser, default: object) -> None:
    """--cloud, --region and --demo, accepted before or after the command (suppressed defaults, so that a
    subcommand's absent option does not overwrite the value given before it)."""
    parser.add_argument("--cloud", default=default, metavar="NAME", help="cloud of clouds.yaml (default: OS_CLOUD)")
    parser.add_argument("--region", default=default, metavar="NAME", help="region (default: the cloud's)")
    parser.add_argument("--demo", action="store_true", default=default, help="use the built-in simulated cloud")


def placeholder_options(command: argparse.ArgumentParser, *, positional_name: bool = False) -> None:
    """Every option of a placeholder plan, which `images.compose` reads; shared with `openstack placeholder
    create` (which takes the name as its positional argument, as `openstack image create` does)."""
    group = command.add_argument_group("source (--snapshot or --volume)")
    source = group.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", metavar="NAME_OR_ID", help="boot every server from a copy of this snapshot")
    source.add_argument("--volume", metavar="NAME_OR_ID", help="snapshot this volume first (or see --direct)")
    group.add_argument(
        "--direct",
        action="store_true",
        help="map the volume itself instead of a snapshot of it: single use, one server at a time",
    )
    image = command.add_argument_group("the image")
    if positional_name:
        image.add_argument("name", metavar="NAME", help="the image's name")
    else:
        image.add_argument("--name", required=True, help="the image's name (required)")
    image.add_argument("--visibility", choices=VISIBILITIES, default="private", help="(default: private)")
    image.add_argument("--tag", action="append", default=[], help="an image tag besides 'volimage' (repeatable)")
    image.add_argument("--min-ram", type=_count, metavar="MIB", help="minimum flavor RAM (default: the source's)")
    image.add_argument(
        "--keep-property",
        action="append",
        metavar="KEY",
        help="carry over only these of the source's image properties (repeatable; default: all)",
    )
    image.add_argument("--no-properties", action="store_true", help="carry over none of the source's properties")
    root = command.add_argument_group("each server's root volume")
    root.add_argument("--size", type=_gib, metavar="GIB", help="size (default and minimum: the source's)")
    root.add_argument("--volume-type", metavar="TYPE", help="Cinder volume type (default: the cloud's)")
    root.add_argument("--disk-bus", choices=DISK_BUSES, metavar="BUS", help=f"one of {', '.join(DISK_BUSES)}")
    root.add_argument("--device-type", choices=DEVICE_TYPES, default="disk", help="(default: disk)")
    root.add_argument("--device-name", default="/dev/vda", metavar="DEVICE", help="(default: /dev/vda)")
    root.add_argument(
        "--delete-on-termination",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="delete it with its server (default: yes for a snapshot, no for a volume used directly)",
    )
    data = command.add_argument_group(
        "data disks every server gets (repeatable; snapshots, then volumes, then blank ones)"
    )
    data.add_argument("--data-snapshot", action="append", default=[], metavar="NAME_OR_ID", help="a copy of a snapshot")
    data.add_argument("--data-volume", action="append", default=[], metavar="NAME_OR_ID", help="a volume (single use)")
    data.add_argument("--blank-disk", action="append", type=_gib, default=[], metavar="GIB", help="an empty volume")


def launch_options(command: argparse.ArgumentParser, *, positional_image: bool = False) -> None:
    """Every option of a launch plan, which `servers.launch_plan` reads; shared with `openstack placeholder
    launch`, which takes the image as its positional argument and, like `openstack server create`, Nova's
    `auto` network when none is named."""
    if positional_image:
        command.add_argument("image", metavar="IMAGE", help="the placeholder image (name or ID)")
    else:
        command.add_argument("--image", required=True, metavar="NAME_OR_ID")
    command.add_argument("--flavor", required=True, metavar="NAME_OR_ID")
    command.add_argument(
        "--network",
        action="append",
        required=not positional_image,
        metavar="NAME_OR_ID",
        help="a network for each server (repeatable), or Nova's 'none' or 'auto'"
        + (" (default: auto)" if positional_image else ""),
    )
    command.add_argument("--name", metavar="NAME", help="server name (default: the image's name)")
    command.add_argument("--key-name", metavar="NAME")
    command.add_argument("--security-group", action="append", default=[], metavar="NAME", help="repeatable")
    command.add_argument("--availability-zone", metavar="ZONE")
    command.add_argument("--count", type=_positive, default=1, help="how many servers (default: 1)")
    command.add_argument("--wait", action="store_true", help="wait until every server is ACTIVE or ERROR")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    if value > 1000:
        raise argparse.ArgumentTypeError(f"{text} is more than 1000")
    return value


def _gib(text: str) -> int:
    value = _count(text)
    if not 1 <= value <= 2147483647:
        raise argparse.ArgumentTypeError(f"{text} is not a size in GiB from 1")
    return value


def _request_seconds(text: str) -> float:
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _port(text: str) -> int:
    value = _count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (0-65535)")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 3600 seconds")
    return value
