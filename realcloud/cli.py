"""The `python -m realcloud` commands: install, up, down, status, run."""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from . import cloud as cloudmod
from . import install, processes
from .install import InstallError
from .processes import SetupError

STOP_CMD_GRACE = 10.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m realcloud", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("install", help="install the services into cached venvs, and RabbitMQ if missing")
    up = commands.add_parser("up", help="start a cloud in a fresh state folder and wait until it is ready")
    up.add_argument("--state-dir", type=Path, help="an empty or new folder (default: a new temporary folder)")
    down = commands.add_parser("down", help="stop every process `up` started and remove its state folder")
    down.add_argument("--keep", action="store_true", help="keep the state folder (logs, databases, configs)")
    commands.add_parser("status", help="what runs, where, and how to use it")
    run = commands.add_parser("run", help="install, up, run CMD against the cloud, down; exits with CMD's code")
    run.add_argument("--state-dir", type=Path, help="as for `up`")
    run.add_argument("--keep", action="store_true", help="as for `down`")
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD ARGS...")
    return parser


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwind through the finally blocks that stop the cloud."""


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


def _handle_signals() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)


def cmd_install() -> int:
    started = time.monotonic()
    install.install_all()
    print(f"realcloud: install took {time.monotonic() - started:.1f} s")
    return 0


def cmd_up(state_dir: Path | None) -> int:
    started = time.monotonic()
    cloud = cloudmod.up(state_dir)
    print(f"realcloud: start-up took {time.monotonic() - started:.1f} s")
    _print_status(cloud)
    return 0


def cmd_down(keep: bool) -> int:
    cloud = cloudmod.find()
    if cloud is None:
        print("realcloud: no cloud recorded; nothing to stop")
        return 0
    started = time.monotonic()
    with processes.signals_held():
        notes = cloudmod.down(cloud, keep=keep)
    for note in notes:
        print(f"realcloud: {note}")
    kept = f"; state kept in {cloud.plan.state_dir}" if keep else ""
    print(f"realcloud: stopped {len(cloud.processes)} processes in {time.monotonic() - started:.1f} s{kept}")
    return 1 if any("survived" in note for note in notes) else 0


def _print_status(cloud: cloudmod.Cloud) -> None:
    plan = cloud.plan
    print(f"state folder: {plan.state_dir} ({cloud.phase})")
    print("processes:")
    for process in cloud.processes:
        state = "alive" if processes.alive(process) else "not running"
        print(f"  {process.name:<17} PID {process.pid:<8} {state:<12} log {process.log}")
    print("endpoints:")
    for service_type, url in plan.endpoints().items():
        print(f"  {service_type:<14} {url}")
    print(f"  {'rabbitmq':<14} amqp://127.0.0.1:{plan.ports['amqp']}/")
    if plan.clouds_yaml.is_file():
        info = cloud.info()
        print(f"clouds.yaml: {plan.clouds_yaml} (clouds {info['cloud']!r} and {info['admin_cloud']!r})")
        print("use it with:")
        print(f"  export OS_CLIENT_CONFIG_FILE={plan.clouds_yaml}")
        print(f"  export VOLIMAGE_REALCLOUD={plan.info_file}")
        print(f"  volimage --cloud {info['cloud']} ...")
        print(f"  openstack --os-cloud {info['cloud']} ...")
        print(f"  openstack --os-cloud {info['admin_cloud']} ...   # admin")


def cmd_status() -> int:
    cloud = cloudmod.find()
    if cloud is None:
        print("realcloud: no cloud recorded (start one with `python -m realcloud up`)")
        return 1
    _print_status(cloud)
    return 0 if cloud.phase == "ready" and all(processes.alive(p) for p in cloud.processes) else 1


def _run_cmd(argv: Sequence[str], env: dict[str, str]) -> int:
    """Run CMD in the foreground; if the harness is interrupted, CMD gets SIGTERM, then SIGKILL."""
    child = subprocess.Popen(list(argv), env=env)  # noqa: S603 - the caller's own command
    try:
        return child.wait()
    except BaseException:
        child.terminate()
        try:
            child.wait(STOP_CMD_GRACE)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


def cmd_run(argv: Sequence[str], state_dir: Path | None, keep: bool) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("realcloud: run needs a command: python -m realcloud run -- CMD ARGS...", file=sys.stderr)
        return 2
    timings: list[tuple[str, float]] = []
    code = 1
    cloud: cloudmod.Cloud | None = None
    try:
        started = time.monotonic()
        install.install_all()
        timings.append(("install", time.monotonic() - started))
        started = time.monotonic()
        cloud = cloudmod.up(state_dir, keep_failed=keep)
        timings.append(("start-up", time.monotonic() - started))
        env = {
            **os.environ,
            "OS_CLIENT_CONFIG_FILE": str(cloud.plan.clouds_yaml),
            "VOLIMAGE_REALCLOUD": str(cloud.plan.info_file),
        }
        started = time.monotonic()
        print(f"realcloud: running {' '.join(argv)}", flush=True)
        try:
            code = _run_cmd(argv, env)
        finally:
            timings.append(("command", time.monotonic() - started))
        if code != 0:
            print(f"realcloud: command exited {code}; service logs follow", flush=True)
            for tail in cloud.log_tails():
                print(tail, flush=True)
    finally:
        if cloud is not None:
            started = time.monotonic()
            with processes.signals_held():
                notes = cloudmod.down(cloud, keep=keep)
            for note in notes:
                print(f"realcloud: {note}", flush=True)
            timings.append(("stop", time.monotonic() - started))
        print("realcloud: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings), flush=True)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _handle_signals()
    try:
        if args.command == "install":
            return cmd_install()
        if args.command == "up":
            return cmd_up(args.state_dir)
        if args.command == "down":
            return cmd_down(args.keep)
        if args.command == "status":
            return cmd_status()
        return cmd_run(args.cmd, args.state_dir, args.keep)
    except (InstallError, SetupError) as error:
        print(f"realcloud: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted) as error:
        print(f"realcloud: interrupted ({type(error).__name__} {error})", file=sys.stderr)
        return 130
