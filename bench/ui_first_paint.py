"""How soon `volimage --demo` paints its first screen, against how long `openstack --help` takes.

The issue's target: first paint at most 0.3x the `openstack --help` time. Both run as the commands a user types,
interpreter start-up included: `volimage --demo` in a pseudo-terminal (120x40), timed until its first frame
(the view tabs and the footer) has been written; `openstack --help` until it has printed its help and exited.
Rounds: one warm-up each, then seven timed, alternating, so a slow moment hits both; the report is the medians
and their ratio. The warm-up also writes the bytecode caches a user's second start would find.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

TIMED_RUNS = 7
BIN = Path(sys.executable).parent
FIRST_FRAME = (b"Volumes", b"Quit")
"""Bytes the first frame holds: the first tab's label and the footer's last key."""


def first_paint(environment: dict[str, str]) -> float:
    """Seconds from starting `volimage --demo` in a pseudo-terminal until its first frame has been written."""
    started = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:  # the child: become volimage
        os.execve(str(BIN / "volimage"), [str(BIN / "volimage"), "--demo"], environment)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    written = b""
    try:
        while not all(marker in written for marker in FIRST_FRAME):
            ready, _, _ = select.select([terminal], [], [], 30)
            if not ready:
                raise SystemExit("volimage --demo painted nothing in 30 s")
            written += os.read(terminal, 65536)
        return time.perf_counter() - started
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(terminal)


def openstack_help(environment: dict[str, str]) -> float:
    started = time.perf_counter()
    command = [str(BIN / "openstack"), "--help"]
    subprocess.run(command, capture_output=True, check=True, env=environment)  # noqa: S603 - a fixed command line
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        environment = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_STATE_HOME": f"{home}/s"}
        environment = {key: value for key, value in environment.items() if not key.startswith("OS_")}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["TERM"] = "xterm-256color"
        first_paint(environment)
        openstack_help(environment)
        paints, helps = [], []
        for _ in range(TIMED_RUNS):
            paints.append(first_paint(environment))
            helps.append(openstack_help(environment))
    paint, help_time = statistics.median(paints), statistics.median(helps)
    print(f"first paint of volimage --demo (in a terminal): {paint:.3f} s (median of {TIMED_RUNS})")
    print(f"openstack --help:                               {help_time:.3f} s")
    print(f"ratio: {paint / help_time:.2f}x (target at most 0.30x)")


if __name__ == "__main__":
    main()
