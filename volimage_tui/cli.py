"""The `volimage` command line: argument parsing and dispatch, no rules of its own.

volimage --demo                      run against the built-in simulated cloud
volimage simcloud serve [--port P]   serve a simulated cloud and print its clouds.yaml entry
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

DEMO_DELAY_SECONDS = 2.0
"""How long a status change takes in the demo cloud: slow enough to watch, quick enough not to bore."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="volimage",
        description="Make OpenStack placeholder images (zero-byte Glance images carrying a block device "
        "mapping) from Cinder volumes and snapshots, and launch servers from them.",
    )
    parser.add_argument("--version", action="version", version=f"volimage {__version__}")
    parser.add_argument("--demo", action="store_true", help="use the built-in simulated cloud")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "simcloud":
        return serve_simcloud(
            port=args.port,
            volumes=args.volumes,
            seed=args.seed,
            delay=args.delay,
            clouds_yaml=args.clouds_yaml,
            cloud_name=args.cloud_name,
        )
    if args.demo:
        return serve_simcloud(
            port=0, volumes=0, seed=42, delay=DEMO_DELAY_SECONDS, clouds_yaml=None, cloud_name="volimage-demo"
        )
    parser.print_help()
    return 0


def serve_simcloud(
    *, port: int, volumes: int, seed: int, delay: float, clouds_yaml: Path | None, cloud_name: str
) -> int:
    from .simcloud import SimCloud, SimConfig

    cloud = SimCloud(SimConfig(seed=seed, volumes=volumes, delay=delay), port=port)
    try:
        cloud.start()
    except OSError as error:
        print(f"volimage: cannot serve on 127.0.0.1:{port}: {error.strerror}", file=sys.stderr)
        return 2
    if clouds_yaml is not None:
        cloud.write_clouds_yaml(clouds_yaml, cloud_name)
        print(f"Wrote the cloud '{cloud_name}' into {clouds_yaml}.")
        where = f"OS_CLIENT_CONFIG_FILE={clouds_yaml} "
    else:
        print(f"# clouds.yaml entry for the simulated cloud (save it as clouds.yaml):\n{cloud.clouds_yaml(cloud_name)}")
        where = ""
    print(f"Simulated OpenStack cloud at {cloud.url} (Keystone at {cloud.auth_url}).")
    print(f"Try: {where}openstack --os-cloud {cloud_name} volume list --long")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        cloud.wait()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        cloud.stop()
    return 0


def _port(text: str) -> int:
    value = _count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (0-65535)")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 3600 seconds")
    return value
