"""How long listing 10,000 volumes takes with volimage, against raw HTTP and against the `openstack` CLI.

The issue's targets: `volimage volumes -f json` within 2x of the time raw HTTP needs for the same listing, and at
most a tenth of the `openstack volume list --long -f json` time. All three run as subprocesses, interpreter
start-up included (that is what a script calling them waits for), against one simulated cloud served from this
process, in rounds (one warm-up, then three timed), so that a slow moment hits all three alike. The report is the
medians and their ratios, measured in this run: absolute seconds depend on the machine, the ratios much less.

A second measure leaves out what every process pays once (importing openstacksdk, about half a second): the
listing alone, in this process, through volimage's connected session against the same raw HTTP. That is what
the interactive UI waits for when it refreshes a view.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from raw_listing import count_volumes

from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session
from volimage_tui.simcloud import DEMO_CLOUD_NAME, SimCloud, SimConfig

EXTRA_VOLUMES = 10_000
TIMED_RUNS = 5
BIN = Path(sys.executable).parent  # the venv's bin/, not resolved: its python is a symlink
RAW_SCRIPT = Path(__file__).with_name("raw_listing.py")


@dataclass
class Contender:
    label: str
    argv: list[str]
    count: Callable[[str], int]
    """How many volumes its standard output lists."""
    stdin: str | None = None
    seconds: list[float] = field(default_factory=list)
    counts: set[int] = field(default_factory=set)

    def run(self, env: dict[str, str]) -> float:
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own fixed command lines
            self.argv, input=self.stdin, env=env, capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{self.label} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
        self.counts.add(self.count(done.stdout))
        return elapsed

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def json_length(stdout: str) -> int:
    return len(json.loads(stdout))


def main() -> None:
    cloud = SimCloud(SimConfig(volumes=EXTRA_VOLUMES, seed=42, delay=0.0)).start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            clouds_yaml = cloud.write_clouds_yaml(Path(scratch) / "clouds.yaml", DEMO_CLOUD_NAME)
            env = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}
            env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # let the warm-up write the .pyc files a user's machine has
            expected = len(cloud.region("RegionOne").volumes)
            contenders = [
                Contender(
                    "raw HTTP (requests + json)",
                    [sys.executable, str(RAW_SCRIPT)],
                    int,
                    stdin=json.dumps(cloud.cloud_entry("RegionOne")),
                ),
                Contender(
                    "volimage volumes -f json",
                    [str(BIN / "volimage"), "--cloud", DEMO_CLOUD_NAME, "volumes", "-f", "json"],
                    json_length,
                ),
                Contender(
                    "openstack volume list --long -f json",
                    [str(BIN / "openstack"), "--os-cloud", DEMO_CLOUD_NAME, "volume", "list", "--long", "-f", "json"],
                    json_length,
                ),
            ]
            for contender in contenders:  # warm-up: page cache, .pyc files, the cloud's cached listing order
                contender.run(env)
            for _ in range(TIMED_RUNS):
                for contender in contenders:
                    contender.seconds.append(contender.run(env))
            os.environ["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
            in_process = listing_alone(cloud, expected)
    finally:
        cloud.stop()
    report(contenders, expected)
    session_seconds, raw_seconds = in_process
    print("\nThe listing alone, in one process (median of 5; volimage's session already connected):")
    print(f"  raw HTTP (requests + json, incl. auth)  {raw_seconds:6.2f} s")
    print(f"  volimage Session.volumes()              {session_seconds:6.2f} s")
    print(f"  volimage / raw HTTP          {session_seconds / raw_seconds:6.2f}x   target: <= 2x")


def listing_alone(cloud: SimCloud, expected: int) -> tuple[float, float]:
    """Median seconds of volimage's session listing and of the raw listing, alternating, in this process."""
    session = Session(choose_profile(DEMO_CLOUD_NAME))
    session.connect()
    entry = cloud.cloud_entry("RegionOne")
    volimage_runs, raw_runs = [], []
    for _ in range(5):
        start = time.perf_counter()
        assert len(session.volumes()) == expected
        volimage_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert count_volumes(entry) == expected
        raw_runs.append(time.perf_counter() - start)
    session.close()
    return statistics.median(volimage_runs), statistics.median(raw_runs)


def report(contenders: list[Contender], expected: int) -> None:
    raw, volimage, openstack = contenders
    print(f"Listing {expected:,} volumes of RegionOne ({EXTRA_VOLUMES:,} extra) from a simulated cloud on 127.0.0.1")
    print(f"median of {TIMED_RUNS} runs after 1 warm-up, each a subprocess including interpreter start-up\n")
    for contender in contenders:
        runs = ", ".join(f"{seconds:.2f}" for seconds in contender.seconds)
        counts = ", ".join(f"{count:,}" for count in sorted(contender.counts))
        print(f"  {contender.label:<38} {contender.median:6.2f} s   {counts} volumes   (runs: {runs} s)")
    print()
    ratios = [
        ("volimage / raw HTTP", volimage.median / raw.median, 2.0, "within 2x of raw HTTP"),
        ("volimage / openstack CLI", volimage.median / openstack.median, 0.1, "at most a tenth of the openstack CLI"),
    ]
    for label, ratio, target, wording in ratios:
        verdict = "met" if ratio <= target else "NOT met"
        print(f"  {label:<26} {ratio:6.2f}x   target: {wording} (<= {target:g}x): {verdict}")
    seen = set.union(*(contender.counts for contender in contenders))
    if seen != {expected}:
        sys.exit(f"\nthe listings disagree: the cloud holds {expected:,} volumes, the runs saw {sorted(seen)}")
    print(f"\n  all three listed the same {expected:,} volumes")


if __name__ == "__main__":
    main()
