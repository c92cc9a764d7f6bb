"""What tests and benchmarks steer the simulated cloud with: faults, the request log, audits, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openstack
import pytest
import requests
from openstack import exceptions as sdk_exceptions

from volimage_tui.simcloud import Fault, SimCloud, SimConfig


def test_an_injected_503_reaches_the_client_with_its_retry_after(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    connection.authorize()
    sim.inject(service="volume", method="GET", path="/volumes/detail", status=503, retry_after=7, times=1)
    with pytest.raises(sdk_exceptions.HttpException) as raised:
        list(connection.block_storage.volumes())
    assert raised.value.status_code == 503
    assert raised.value.response.headers["Retry-After"] == "7"
    assert list(connection.block_storage.volumes()), "the fault was used up; the next listing works"


def test_the_request_log_counts_the_pages_of_a_listing() -> None:
    with SimCloud(SimConfig(volumes=2500)) as cloud:
        connection = openstack.connect(**cloud.connect_args())
        connection.authorize()
        mark = len(cloud.requests())
        volumes = list(connection.block_storage.volumes(limit=1000))
        pages = [r for r in cloud.requests(mark) if r.path.endswith("/volumes/detail")]
    assert len(volumes) == 2514
    assert len({volume.id for volume in volumes}) == 2514
    assert len(pages) >= 3
    assert all(page.status == 200 for page in pages)


def test_a_dropped_connection_is_a_connection_failure_for_the_client(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args(), connect_retries=0, status_code_retries=0)
    connection.authorize()
    sim.inject(service="compute", path="/flavors", drop=True)
    with pytest.raises(Exception, match=r"(?i)connect|abort|closed|reset"):
        list(connection.compute.flavors())


def test_latency_slows_only_the_matching_requests(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    connection.authorize()
    sim.inject(service="image", path="/v2/images$", latency=0.3, times=None)
    with pytest.raises(Exception, match=r"(?i)timed out|timeout"):
        connection.image.get("/images", timeout=0.1)
    assert list(connection.compute.flavors())


def test_an_audit_lists_what_was_created_since_a_mark(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    mark = sim.mark()
    assert sim.audit(mark).clean
    volume = connection.block_storage.create_volume(size=1, name="left-behind")
    audit = sim.audit(mark)
    assert audit.created == {"RegionOne/volumes": [volume.id]}
    assert not audit.clean


def test_the_admin_http_path_steers_the_cloud(sim: SimCloud) -> None:
    base = f"{sim.url}/_sim"
    added = requests.post(f"{base}/faults", json={"service": "compute", "status": 500, "path": "/flavors"}, timeout=5)
    assert added.json()["status"] == 500
    connection = openstack.connect(**sim.connect_args())
    with pytest.raises(sdk_exceptions.HttpException):
        list(connection.compute.flavors())
    log = requests.get(f"{base}/requests", timeout=5).json()
    assert {"method": "GET", "status": 500, "service": "compute"}.items() <= log[-1].items()
    mark = requests.post(f"{base}/marks", timeout=5).json()["mark"]
    assert requests.get(f"{base}/audit/{mark}", timeout=5).json() == {"created": {}, "deleted": {}}
    quotas = requests.put(f"{base}/quotas/RegionOne", json={"volumes": 3}, timeout=5).json()
    assert quotas["volumes"] == 3
    assert requests.delete(f"{base}/tokens", timeout=5).json()["expired"] >= 1
    assert not any(r["path"].startswith("/_sim") for r in requests.get(f"{base}/requests", timeout=5).json())


def test_a_fault_can_let_requests_through_before_it_strikes(sim: SimCloud) -> None:
    fault = sim.inject(Fault(service="compute", path="/flavors", status=500, skip=1))
    connection = openstack.connect(**sim.connect_args())
    assert list(connection.compute.flavors())
    with pytest.raises(sdk_exceptions.HttpException):
        list(connection.compute.flavors())
    assert fault.hits == 1


def test_the_same_seed_gives_the_same_ids() -> None:
    first, second = SimCloud(SimConfig(seed=5)), SimCloud(SimConfig(seed=5))
    assert [v.id for v in first.region().volumes] == [v.id for v in second.region().volumes]
    assert [v.id for v in SimCloud(SimConfig(seed=6)).region().volumes] != [v.id for v in first.region().volumes]


def test_simcloud_serve_writes_a_clouds_yaml_the_openstack_cli_can_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clouds_yaml = tmp_path / "clouds.yaml"
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds_yaml))
    server = subprocess.Popen(
        [sys.executable, "-m", "volimage_tui", "simcloud", "serve", "--delay", "0", "--clouds-yaml", str(clouds_yaml)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline() for _ in range(3)]
        assert any("Try: " in line for line in banner), banner
        connection = openstack.connect(cloud="volimage-demo")
        result = subprocess.run(
            [
                Path(sys.executable).parent / "openstack",
                "--os-cloud",
                "volimage-demo",
                "volume",
                "list",
                "-f",
                "value",
                "-c",
                "Name",
            ],
            env={"OS_CLIENT_CONFIG_FILE": str(clouds_yaml), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "build-root" in result.stdout.split()
        assert connection.compute.find_flavor("m1.tiny") is not None
    finally:
        server.terminate()
        server.wait(timeout=10)
