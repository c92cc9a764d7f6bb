"""Reading placeholders back: Nova's own, dangling ones, and deleting one with the snapshots only it uses."""

from __future__ import annotations

from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage


def by_name(listing: list[dict], name: str) -> dict:  # type: ignore[type-arg]
    return next(item for item in listing if item["image"]["name"] == name)


def test_the_nova_made_placeholder_is_decoded(volimage: Volimage, sim: SimCloud) -> None:
    run = volimage("images", "--placeholders", "-f", "json")
    assert run.code == 0, run.err
    listing = run.json()
    assert [item["image"]["name"] for item in listing] == ["web-01-backup"]
    (nova,) = listing
    snapshot = next(s for s in sim.region().snapshots if s.name == "snapshot for web-01-backup")
    assert nova["placeholder"] == "nova"
    assert nova["dangling"] == []
    (root,) = nova["mapping"]
    assert (root["source_type"], root["snapshot_id"], root["boot_index"]) == ("snapshot", snapshot.id, 0)
    assert root["delete_on_termination"] is False
    table = volimage("images")
    assert "web-01-backup" in table.out and "nova" in table.out


def test_a_placeholder_whose_snapshot_is_gone_is_dangling(volimage: Volimage, conn: Connection) -> None:
    assert volimage("images", "--dangling", "-f", "json").json() == []
    snapshot = conn.block_storage.find_snapshot("snapshot for web-01-backup", ignore_missing=False)
    conn.block_storage.delete_snapshot(snapshot.id)
    conn.block_storage.wait_for_delete(snapshot, interval=0.05)
    (dangling,) = volimage("images", "--dangling", "-f", "json").json()
    assert dangling["image"]["name"] == "web-01-backup"
    assert dangling["dangling"] == [f"snapshot {snapshot.id}"]
    table = volimage("images", "--dangling")
    assert f"snapshot {snapshot.id} is gone" in table.out


def test_deleting_a_placeholder_takes_only_the_snapshots_no_one_else_needs(volimage: Volimage, sim: SimCloud) -> None:
    made = volimage("create-image", "--volume", "fedora-dev", "--name", "fedora-tpl", "--yes", "-f", "json").json()
    own = made["snapshot"]["id"]
    shared = next(s.id for s in sim.region().snapshots if s.name == "web-golden")
    for name in ("golden-a", "golden-b"):
        assert volimage("create-image", "--snapshot", "web-golden", "--name", name, "--yes").code == 0

    deleted = volimage("delete-image", "fedora-tpl", "--with-snapshots", "--yes", "-f", "json")
    assert deleted.code == 0, deleted.err
    assert deleted.json()["done"] == ["deleted image fedora-tpl", "deleted snapshot fedora-tpl root"]
    sim.settle()
    assert own not in sim.region().snapshots

    kept = volimage("delete-image", "golden-a", "--with-snapshots", "--yes", "-f", "json")
    assert kept.code == 0, kept.err
    plan = kept.json()["plan"]
    assert plan[0].startswith("delete image golden-a (")
    assert plan[1:] == [f"keep snapshot {shared}: image golden-b also uses it"]
    assert shared in sim.region().snapshots


def test_listings_follow_every_page(clouds_yaml: object, sim: SimCloud, volimage: Volimage) -> None:
    sim.config.max_page = 3
    volumes = volimage("volumes", "-f", "json").json()
    assert len(volumes) == len(sim.region().volumes) > 3
    assert len({volume["id"] for volume in volumes}) == len(volumes)
    pages = [r for r in sim.requests() if r.path.endswith("/volumes/detail")]
    assert len(pages) >= len(volumes) // 3
