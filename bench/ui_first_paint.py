"""How soon `volimage --demo` paints its first screen, against how long `openstack --help` takes.

The issue's target: first paint at most 0.3x the `openstack --help` time. Both run as the commands a user types,
interpreter start-up included: `volimage --demo` in a pseudo-terminal (120x40), timed until its first frame has
been written (the header and the view tabs over the empty table: the first paint) and until the footer's key hints
have been drawn too (the whole first screen); `openstack --help` until it has printed its help and exited.
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
FIRST_FRAME = b"Volumes"
"""Bytes the first frame holds: the first tab's label."""
FOOTER = b"Quit"
"""Bytes the footer holds once its key hints are drawn: the last key's description."""


def first_paint(environment: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `volimage --demo` in a pseudo-terminal until its first frame, and until its footer,
    have been written."""
    started = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:  # the child: become volimage
        os.execve(BIN / "volimage", [BIN / "volimage", "--demo"], environment)  # noqa: S606 - our own command
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    written = b""
    painted: float | None = None
    try:
        while FOOTER not in written:
            ready, _, _ = select.select([terminal], [], [], 30)
            if not ready:
                raise SystemExit("volimage --demo did not paint its first screen in 30 s")
            written += os.read(terminal, 65536)
            if painted is None and FIRST_FRAME in written:
                painted = time.perf_counter() - started
        assert painted is not None
        return painted, time.perf_counter() - started
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
        paints, screens, helps = [], [], []
        for _ in range(TIMED_RUNS):
            paint, screen = first_paint(environment)
            paints.append(paint)
            screens.append(screen)
            helps.append(openstack_help(environment))
    paint, screen, help_time = statistics.median(paints), statistics.median(screens), statistics.median(helps)
    print(f"openstack --help:                                 {help_time:.3f} s (median of {TIMED_RUNS})")
    print(f"volimage --demo (in a terminal), first paint:     {paint:.3f} s = {paint / help_time:.2f}x (target 0.30x)")
    print(f"volimage --demo, whole first screen with footer:  {screen:.3f} s = {screen / help_time:.2f}x")


if __name__ == "__main__":
    main()
