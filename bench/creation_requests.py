"""How many HTTP requests making a placeholder image takes: volimage, against the by-hand `openstack` recipe.

Both make the same zero-byte image from the seeded, available snapshot `web-golden`. volimage runs
`create-image`; the by-hand run is what a user would type: look up the snapshot (`openstack volume snapshot show`)
and its source volume (`openstack volume show`, whose image metadata the image's properties come from), then run
the `openstack` commands volimage itself prints for this plan (`volimage preview ... -f json`, not counted). Every
request is counted from the simulated cloud's own log and sorted into identity (auth and its discovery), version
discovery of the other services, reads and writes. The report is the per-run tables and the ratio of the totals.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openstack

from volimage_tui.simcloud import DEMO_CLOUD_NAME, LoggedRequest, SimCloud, SimConfig

SNAPSHOT = "web-golden"
BIN = Path(sys.executable).parent  # the venv's bin/, not resolved: its python is a symlink
KINDS = ("identity", "discovery", "read", "write")
SERVICE_ROOT = re.compile(r"^/[^/]+/[^/]+(/v\d+(\.\d+)?)?/?$")
"""`/RegionOne/image`, `/RegionOne/volume/v3/`: a service's root or version document."""
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")


def kind(request: LoggedRequest) -> str:
    if request.service == "identity":
        return "identity"
    if request.mutating:
        return "write"
    if request.method == "GET" and SERVICE_ROOT.match(request.path):
        return "discovery"
    return "read"


def run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed commands
    if done.returncode != 0:
        sys.exit(f"{shlex.join(argv)[:200]} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def counted(cloud: SimCloud, argv: list[str], env: dict[str, str]) -> tuple[str, list[LoggedRequest]]:
    """Run one command; return its output and the requests the cloud answered meanwhile."""
    start = len(cloud.requests())
    stdout = run(argv, env)
    return stdout, cloud.requests(start)


@dataclass
class Step:
    """One command of the by-hand run and the requests it sent."""

    label: str
    requests: list[LoggedRequest]
    lookup: bool
    """A user's lookup before volimage's printed recipe (the recipe already holds the ids it found)."""


def by_hand_steps(cloud: SimCloud, env: dict[str, str]) -> list[Step]:
    """The snapshot and source volume lookups a user makes, then the recipe volimage prints for this plan."""
    osc = ["openstack", "--os-cloud", DEMO_CLOUD_NAME]
    snapshot, requests = counted(cloud, [*osc, "volume", "snapshot", "show", SNAPSHOT, "-f", "json"], env)
    steps = [Step(f"openstack volume snapshot show {SNAPSHOT}", requests, lookup=True)]
    _, requests = counted(cloud, [*osc, "volume", "show", json.loads(snapshot)["volume_id"], "-f", "json"], env)
    steps.append(Step("openstack volume show <its volume>", requests, lookup=True))
    preview = ["volimage", "--cloud", DEMO_CLOUD_NAME, "preview", "--snapshot", SNAPSHOT, "--name", "bench-osc"]
    for command in json.loads(run([*preview, "-f", "json"], env))["commands"]:
        argv = shlex.split(command)
        _, requests = counted(cloud, argv, env)
        steps.append(Step(" ".join(argv[:3]) + " ...", requests, lookup=False))
    return steps


def tally(requests: list[LoggedRequest]) -> Counter[str]:
    return Counter(kind(request) for request in requests)


def main() -> None:
    cloud = SimCloud(SimConfig(seed=42, delay=0.0)).start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            clouds_yaml = cloud.write_clouds_yaml(Path(scratch) / "clouds.yaml", DEMO_CLOUD_NAME)
            env = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}
            env |= {
                "OS_CLIENT_CONFIG_FILE": str(clouds_yaml),
                "OS_CLOUD": DEMO_CLOUD_NAME,  # the printed recipe names no cloud, as a user's shell would not
                "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            }
            create = ["volimage", "--cloud", DEMO_CLOUD_NAME, "create-image", "--snapshot", SNAPSHOT]
            _, volimage = counted(cloud, [*create, "--name", "bench-volimage", "--yes", "-f", "json"], env)
            steps = by_hand_steps(cloud, env)
            images = made_images(cloud, ["bench-volimage", "bench-osc"])
    finally:
        cloud.stop()
    if not report(volimage, steps, images):
        sys.exit("\nthe two runs did not both make an active, empty placeholder image with the same mapping")


def made_images(cloud: SimCloud, names: list[str]) -> list[dict[str, Any]]:
    """Each image as openstacksdk sees it: status, size and the mapping property."""
    connection = openstack.connect(**cloud.connect_args())
    try:
        found = [connection.image.find_image(name, ignore_missing=False) for name in names]
        return [
            {"name": image.name, "status": image.status, "size": image.size,
             "mapping": image.properties.get("block_device_mapping")}
            for image in found
        ]  # fmt: skip
    finally:
        connection.close()


def report(volimage: list[LoggedRequest], steps: list[Step], images: list[dict[str, Any]]) -> bool:
    """Print the report; return whether both runs made an active, empty image with the same mapping."""
    by_hand = [request for step in steps for request in step.requests]
    print(f"Requests to make a placeholder image from the snapshot {SNAPSHOT!r} (simulated cloud, its request log)\n")
    print(f"volimage create-image sends {len(volimage)}:")
    for request in volimage:
        query = f"?{request.query}" if request.query else ""
        print(f"  {kind(request):<10} {request.method:<5} {IDS.sub('<id>', request.path)}{query}")
    print("\nby hand with the openstack CLI, each command a new process:")
    for step in steps:
        counts = tally(step.requests)
        kinds = ", ".join(f"{counts[name]} {name}" for name in KINDS if counts[name])
        print(f"  {step.label:<42} {len(step.requests):3}  ({kinds})")
    mine, theirs = tally(volimage), tally(by_hand)
    print(f"\n  {'':<10} {'volimage':>9} {'by hand':>9}")
    for name in KINDS:
        print(f"  {name:<10} {mine[name]:9} {theirs[name]:9}")
    print(f"  {'total':<10} {len(volimage):9} {len(by_hand):9}")
    recipe = sum(len(step.requests) for step in steps if not step.lookup)
    print(f"\n  by hand / volimage: {len(by_hand) / len(volimage):.2f}x the requests", end="")
    print(f" (the printed commands alone, without the lookups: {recipe / len(volimage):.2f}x)")
    print("\nresults (openstacksdk):")
    for image in images:
        print(f"  {image['name']:<15} status {image['status']}, size {image['size']} bytes")
    same = len({image["mapping"] for image in images}) == 1
    print(f"  same block_device_mapping property: {'yes' if same else 'NO'}")
    return same and all(image["status"] == "active" and image["size"] == 0 for image in images)


if __name__ == "__main__":
    main()
