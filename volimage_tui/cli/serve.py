"""`volimage simcloud serve`: the simulated cloud, for the openstack CLI, scripts and demos."""

from __future__ import annotations

import argparse
import sys

from ..simcloud import SimCloud, SimConfig


def serve(args: argparse.Namespace) -> int:
    cloud = SimCloud(SimConfig(seed=args.seed, volumes=args.volumes, delay=args.delay), port=args.port)
    try:
        cloud.start()
    except OSError as error:
        print(f"volimage: cannot serve on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    name = args.cloud_name
    if args.clouds_yaml is not None:
        cloud.write_clouds_yaml(args.clouds_yaml, name)
        print(f"Wrote the cloud '{name}' into {args.clouds_yaml}.")
        where = f"OS_CLIENT_CONFIG_FILE={args.clouds_yaml} "
    else:
        print(f"# clouds.yaml entry for the simulated cloud (save it as clouds.yaml):\n{cloud.clouds_yaml(name)}")
        where = ""
    print(f"Simulated OpenStack cloud at {cloud.url} (Keystone at {cloud.auth_url}).")
    print(f"Try: {where}openstack --os-cloud {name} volume list --long")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        cloud.wait()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        cloud.stop()
    return 0
