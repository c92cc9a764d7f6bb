"""The demo project, region by region: what the seeder writes, in which order, and the scale knob's volumes."""

from __future__ import annotations

from ..state import CloudState, Project, User
from .catalog import DISTRIBUTIONS
from .seeder import Seeder


def seed_cloud(cloud: CloudState) -> None:
    """Write the demo project into every region of `cloud`."""
    config = cloud.config
    project = Project(id=cloud.new_id().replace("-", ""), name=config.project_name, domain_id=cloud.domain_id)
    user = User(
        id=cloud.new_id().replace("-", ""),
        name=config.username,
        domain_id=cloud.domain_id,
        password=config.password,
        project_ids=[project.id],
    )
    cloud.projects[project.id] = project
    cloud.users[user.id] = user
    for index, region in enumerate(cloud.regions.values()):
        region.availability_zones = ("nova", "az2")
        seeder = Seeder(cloud, region, project, user)
        seeder.base()
        if index == 0:
            _seed_main_region(seeder)
            _seed_scale(seeder, config.volumes)
        else:
            _seed_edge_region(seeder)


def _seed_main_region(seed: Seeder) -> None:
    images = {distribution.name: seed.image(distribution) for distribution in DISTRIBUTIONS}
    private = seed.network("private", "10.0.0.0/24")
    db_net = seed.network("db-net", "10.0.1.0/24")
    seed.network("public", "172.24.4.0/24", external=True)
    ubuntu, debian = images["ubuntu-24.04"], images["debian-12"]
    web_01_root = seed.volume("web-01-root", 20, image=ubuntu, description="Root disk of web-01")
    web_02_root = seed.volume("web-02-root", 20, image=ubuntu, description="Root disk of web-02")
    db_01_root = seed.volume("db-01-root", 20, image=debian, description="Root disk of db-01")
    db_01_data = seed.volume("db-01-data", 200, volume_type="ssd", description="PostgreSQL data")
    build_root = seed.volume("build-root", 30, image=images["rocky-9"], description="Golden Rocky build")
    seed.volume("fedora-dev", 15, image=images["fedora-41"])
    win_root = seed.volume("win-2022-root", 60, image=images["windows-server-2022"], volume_type="ssd")
    cirros = seed.volume("cirros-test", 1, image=images["cirros-0.6.3"])
    old_root = seed.volume("old-root", 10, image=debian, status="error")
    seed.volume("scratch", 50)
    seed.volume("backups", 500, volume_type="hdd", description="Nightly backups")
    seed.volume("logs", 10, zone="az2")
    seed.volume("reports", 5, status="creating")
    seed.volume("broken-data", 20, status="error")
    web_01 = seed.server("web-01", "2", private, [web_01_root])
    seed.server("web-02", "2", private, [web_02_root])
    seed.server("db-01", "3", db_net, [db_01_root, db_01_data])
    seed.snapshot("web-golden", web_01_root, description="web-01 after the 2026-01 hardening")
    seed.snapshot("rocky-base", build_root)
    seed.snapshot("cirros-base", cirros)
    seed.snapshot("win-2022-base", win_root, description="Sysprepped")
    seed.snapshot("db-data-daily", db_01_data)
    seed.snapshot("fedora-nightly", build_root, status="creating")
    seed.snapshot("old-root-snap", old_root, status="error")
    seed.nova_placeholder("web-01-backup", web_01, web_01_root)


def _seed_edge_region(seed: Seeder) -> None:
    ubuntu = seed.image(DISTRIBUTIONS[0])
    seed.image(DISTRIBUTIONS[4])
    seed.network("private", "10.20.0.0/24")
    root = seed.volume("edge-root", 20, image=ubuntu, description="Edge gateway root disk")
    seed.volume("edge-data", 100, volume_type="hdd")
    seed.snapshot("edge-golden", root)


def _seed_scale(seed: Seeder, count: int) -> None:
    """Add `count` data volumes and a snapshot of every tenth, with quotas raised to leave headroom."""
    rng = seed.cloud.random()
    sizes = 0
    for number in range(1, count + 1):
        status = "error" if number % 97 == 0 else "available"
        volume = seed.volume(
            f"data-{number:05d}", rng.randint(1, 100), status=status, volume_type=("ssd", "hdd")[number % 2]
        )
        sizes += volume.size
        if number % 10 == 0 and status == "available":
            seed.snapshot(f"data-{number:05d}-snap", volume)
            sizes += volume.size
    quotas = seed.region.quotas
    quotas["volumes"] += count
    quotas["snapshots"] += count // 10
    quotas["gigabytes"] += sizes
