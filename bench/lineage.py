"""Who boots from each placeholder: volimage's lineage against the same question put to the `openstack` CLI.

A simulated project of 10,000 volumes, 2,000 snapshots, 200 placeholders and 2,000 servers (each on a clone of
its placeholder's snapshot) is served from this process. volimage answers for every placeholder at once with
`volimage images --usage -f json` (servers, statuses, GiB), and in-process with the lineage read and every
placeholder's chain built. The `openstack` CLI answers with `server list --image ID` per placeholder plus one
`volume list --long` (sizes and attachments; it shows no `snapshot_id`, so it cannot tell which volumes were
cloned from which snapshot at all). 200 CLI runs take minutes, so the CLI's per-image command is timed on a
sample and extrapolated, and the output says so. Requests are counted from the simulated cloud's log. Nothing
fails on speed; the figures are medians and ratios of this run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from volimage_tui.cloud.lineage import read_lineage
from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session
from volimage_tui.core.chain import Kind, chain_of
from volimage_tui.simcloud import DEMO_CLOUD_NAME, LoggedRequest, SimCloud, SimConfig
from volimage_tui.simcloud.seed.lineage import seed_lineage

VOLUMES, SNAPSHOTS, PLACEHOLDERS, SERVERS = 10_000, 2_000, 200, 2_000
SAMPLE = 8
"""Placeholders the CLI's `server list --image` is timed on (a whole run would take about 200 CLI starts)."""
RUNS = 3
BIN = Path(sys.executable).parent  # the venv's bin/, not resolved: its python is a symlink
LISTINGS = ("/volumes/detail", "/snapshots/detail", "/v2/images", "/servers/detail")


def timed(cloud: SimCloud, argv: list[str], env: dict[str, str]) -> tuple[float, str, list[LoggedRequest]]:
    """Seconds, standard output and the requests the cloud answered, of one command."""
    start_log = len(cloud.requests())
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed commands
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)[:200]} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return elapsed, done.stdout, cloud.requests(start_log)


def pages(requests: list[LoggedRequest]) -> int:
    return sum(1 for r in requests if r.method == "GET" and r.path.endswith(LISTINGS))


def main() -> None:
    cloud = SimCloud(SimConfig(seed=42, delay=0.0))
    seed_lineage(
        cloud.state, cloud.region(), volumes=VOLUMES, snapshots=SNAPSHOTS, placeholders=PLACEHOLDERS,
        servers=SERVERS, orphans=100,
    )  # fmt: skip
    region = cloud.region()
    totals = (len(region.volumes), len(region.snapshots), len(region.servers))
    cloud.start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            clouds_yaml = cloud.write_clouds_yaml(Path(scratch) / "clouds.yaml", DEMO_CLOUD_NAME)
            env = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}
            env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
            os.environ["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
            report(cloud, env, totals)
    finally:
        cloud.stop()


def report(cloud: SimCloud, env: dict[str, str], totals: tuple[int, int, int]) -> None:
    volimage_argv = [str(BIN / "volimage"), "--cloud", DEMO_CLOUD_NAME, "images", "--usage", "-f", "json"]
    timed(cloud, volimage_argv, env)  # warm-up: .pyc files, the page cache
    runs = [timed(cloud, volimage_argv, env) for _ in range(RUNS)]
    volimage_seconds = statistics.median(run[0] for run in runs)
    usage = json.loads(runs[0][1])
    volimage_requests = runs[0][2]
    placeholders = [item for item in usage if item["placeholder"] == "volimage"]
    served = sum(len(item["servers"]) for item in placeholders)

    in_process, chains_seconds, in_process_requests = lineage_in_process(cloud)

    openstack = str(BIN / "openstack")
    sample = [item["image"]["id"] for item in placeholders[:: max(1, len(placeholders) // SAMPLE)][:SAMPLE]]
    per_image = []
    for image_id in sample:
        seconds, stdout, requests = timed(
            cloud, [openstack, "--os-cloud", DEMO_CLOUD_NAME, "server", "list", "--image", image_id, "-f", "json"], env
        )
        expected = next(len(item["servers"]) for item in placeholders if item["image"]["id"] == image_id)
        if len(json.loads(stdout)) != expected:
            sys.exit(f"the CLI lists {len(json.loads(stdout))} servers of {image_id}, volimage {expected}")
        per_image.append((seconds, len(requests)))
    volume_list = [openstack, "--os-cloud", DEMO_CLOUD_NAME, "volume", "list", "--long", "-f", "json"]
    volume_seconds, volume_stdout, volume_requests = timed(cloud, volume_list, env)
    if len(json.loads(volume_stdout)) != totals[0]:
        sys.exit("the CLI's volume list disagrees with the cloud")
    image_seconds = statistics.median(seconds for seconds, _ in per_image)
    image_requests = statistics.median(count for _, count in per_image)
    cli_seconds = image_seconds * len(placeholders) + volume_seconds
    cli_requests = image_requests * len(placeholders) + len(volume_requests)

    volumes, snapshots, servers = totals
    print(f"The lineage of {len(placeholders)} placeholders, in a simulated project on 127.0.0.1 of")
    print(f"{volumes:,} volumes, {snapshots:,} snapshots and {servers:,} servers ({served:,} booted from them)\n")
    print(f"  volimage images --usage -f json        {volimage_seconds:7.2f} s   median of {RUNS}, one process")
    print(f"      requests: {len(volimage_requests)} in all, {pages(volimage_requests)} of them listing pages")
    print(f"  volimage in-process: read_lineage      {in_process:7.2f} s   {in_process_requests} listing pages")
    print(f"      and the chain of every placeholder {chains_seconds * 1000:7.1f} ms  (no request)")
    print(f"  openstack server list --image ID       {image_seconds:7.2f} s   each (median of {len(sample)} sampled)")
    print(f"      requests: {image_requests:g} each")
    print(f"  openstack volume list --long           {volume_seconds:7.2f} s   {len(volume_requests)} requests")
    every = f"openstack CLI, all {len(placeholders)} placeholders"
    print(f"  {every:<38} {cli_seconds:7.1f} s   EXTRAPOLATED from the sample:")
    print(f"      {len(placeholders)} x {image_seconds:.2f} s + {volume_seconds:.2f} s; {cli_requests:,.0f} requests")
    print("      (and still without the clones: volume list shows no snapshot_id)\n")
    ratio = volimage_seconds / cli_seconds
    verdict = "met" if ratio <= 0.1 else "NOT met"
    print(f"  volimage / openstack CLI   time {ratio:6.3f}x   target: at most a tenth (<= 0.1x): {verdict}")
    print(f"                             requests {len(volimage_requests)} vs {cli_requests:,.0f}", end="")
    print(f" ({len(volimage_requests) / cli_requests:.3f}x)")
    pages_only = expected_pages(totals)
    verdict = "met" if pages(volimage_requests) == pages_only else "NOT met"
    listed = pages(volimage_requests)
    print(f"  volimage's listing pages {listed}, the pages of the four listings {pages_only}: {verdict}")


def lineage_in_process(cloud: SimCloud) -> tuple[float, float, int]:
    """Median seconds of `read_lineage` in a connected session, the chain of every placeholder, and the pages."""
    session = Session(choose_profile(DEMO_CLOUD_NAME))
    session.connect()
    read_lineage(session)
    reads, chains = [], []
    start_log = len(cloud.requests())
    for _ in range(RUNS):
        start = time.perf_counter()
        lineage = read_lineage(session)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        for image in lineage.placeholders():
            chain_of(lineage, Kind.IMAGE, image.id)
        chains.append(time.perf_counter() - start)
    session.close()
    return statistics.median(reads), statistics.median(chains), pages(cloud.requests(start_log)) // RUNS


def expected_pages(totals: tuple[int, int, int]) -> int:
    """Each listing's pages at 1,000 a page; Cinder and Nova link a next page after every full one, so a count
    that divides evenly costs one empty page more. Glance's images (a few hundred) fit in one."""
    volumes, snapshots, servers = totals
    return sum(count // 1000 + 1 for count in (volumes, snapshots, servers)) + 1


if __name__ == "__main__":
    main()
