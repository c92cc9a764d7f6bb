"""Every listing volimage shows, read field by field against the same resources listed by the `openstack` CLI."""

from __future__ import annotations

from typing import Any

from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session

from .test_placeholders import create, launch
from .world import World


def by_id(rows: list[dict[str, Any]], key: str = "ID") -> dict[str, dict[str, Any]]:
    return {str(row[key]): row for row in rows}


def test_volumes_snapshots_images_and_servers_read_as_the_openstack_cli_reads_them(world: World) -> None:
    volume_id = world.make_volume("listed", size=2, image_properties={"os_distro": "cirros"})
    snapshot_id = world.make_snapshot(volume_id, "listed-snap")
    image_id = create(world, "--snapshot", snapshot_id, "--name", world.name("listed-image"))["image"]["id"]
    (server,) = launch(world, image_id, "listed-server")
    ours = {volume_id, *server["volume_ids"]}

    volumes = by_id(world.volimage("volumes", "-f", "json").json(), "id")
    cli_volumes = by_id(world.openstack("volume", "list", "--long"))
    for volume in ours:
        mine, theirs = volumes[volume], cli_volumes[volume]
        assert (mine["name"], mine["status"], mine["size"]) == (theirs["Name"], theirs["Status"], theirs["Size"])
        assert (mine["bootable"], mine["volume_type"]) == (theirs["Bootable"], theirs["Type"])
        assert [a["server_id"] for a in mine["attachments"]] == [a["server_id"] for a in theirs["Attached to"]]

    snapshots = by_id(world.volimage("snapshots", "-f", "json").json(), "id")
    theirs = by_id(world.openstack("volume", "snapshot", "list", "--long"))[snapshot_id]
    mine = snapshots[snapshot_id]
    assert (mine["name"], mine["status"], mine["size"], mine["volume_id"], mine["description"]) == (
        theirs["Name"], theirs["Status"], theirs["Size"], theirs["Volume"], theirs["Description"] or "",
    )  # fmt: skip
    assert mine["metadata"] == theirs["Properties"]

    images = {entry["image"]["id"]: entry["image"] for entry in world.volimage("images", "-f", "json").json()}
    theirs = by_id(world.openstack("image", "list", "--long"))[image_id]
    mine = images[image_id]
    assert (mine["name"], mine["status"], mine["size"], mine["visibility"], mine["protected"]) == (
        theirs["Name"], theirs["Status"], theirs["Size"], theirs["Visibility"], theirs["Protected"],
    )  # fmt: skip
    assert (mine["disk_format"], mine["container_format"], mine["owner"]) == (
        theirs["Disk Format"], theirs["Container Format"], theirs["Project"],
    )  # fmt: skip
    assert sorted(mine["tags"]) == sorted(theirs["Tags"])

    session = Session(choose_profile(world.backend.cloud))
    try:
        listed = {server.id: server for server in session.servers()}
    finally:
        session.close()
    theirs = by_id(world.openstack("server", "list", "--long"))[server["id"]]
    row = listed[server["id"]]
    assert (row.name, row.status, row.image_id, row.availability_zone) == (
        theirs["Name"], theirs["Status"], theirs["Image ID"], theirs["Availability Zone"],
    )  # fmt: skip
    flavors = {row["ID"]: row["Name"] for row in world.openstack("flavor", "list")}
    assert flavors[row.flavor_id] == theirs["Flavor"]
