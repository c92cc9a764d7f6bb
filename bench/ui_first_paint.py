"""How soon `volimage --demo` paints its first screen, against how long `openstack --help` takes.

The issue's target: first paint at most 0.3x the `openstack --help` time. Both run as subprocesses, interpreter
start-up included. The app runs headless and prints a line the moment its first screen has been painted (before
openstacksdk is imported, which happens in a worker); the time is taken when that line arrives. Rounds: one
warm-up, then five timed, alternating, so a slow moment hits both; the report is the medians and their ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMED_RUNS = 5
BIN = Path(sys.executable).parent

PAINT_PROBE = """
import sys
from volimage_tui.ui.app import VolimageApp

app = VolimageApp(demo=True, remember=False)

def painted() -> None:
    print("painted", "openstack" in sys.modules, flush=True)
    app.exit(0)

app.call_after_refresh(painted)
app.run(headless=True)
"""


def first_paint(environment: dict[str, str]) -> tuple[float, bool]:
    """Seconds until the app reports its first paint, and whether openstacksdk was loaded by then."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "-c", PAINT_PROBE],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    if not line.startswith("painted"):
        raise SystemExit(f"the app did not report a first paint: {line!r}")
    return elapsed, line.split()[1] == "True"


def openstack_help(environment: dict[str, str]) -> float:
    started = time.perf_counter()
    command = [str(BIN / "openstack"), "--help"]
    subprocess.run(command, capture_output=True, check=True, env=environment)  # noqa: S603 - a fixed command line
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        environment = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_STATE_HOME": f"{home}/s"}
        environment = {key: value for key, value in environment.items() if not key.startswith("OS_")}
        first_paint(environment)
        openstack_help(environment)
        paints, helps, sdk_loaded = [], [], False
        for _ in range(TIMED_RUNS):
            seconds, loaded = first_paint(environment)
            paints.append(seconds)
            sdk_loaded |= loaded
            helps.append(openstack_help(environment))
    paint, help_time = statistics.median(paints), statistics.median(helps)
    print(f"first paint of volimage --demo (headless): {paint:.3f} s (median of {TIMED_RUNS})")
    print(f"openstack --help:                          {help_time:.3f} s")
    print(f"ratio: {paint / help_time:.2f}x (target at most 0.30x)")
    print(f"openstacksdk loaded before the first paint: {'yes' if sdk_loaded else 'no'}")


if __name__ == "__main__":
    main()
