"""The simulated Cinder v3 as openstacksdk sees it over HTTP: discovery, listing, views and Cinder's refusals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openstack
import pytest
from openstack import exceptions, utils
from openstack.block_storage.v3._proxy import Proxy as BlockStorage
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud, SimConfig
from volimage_tui.simcloud.model import Volume


def volume_named(sim: SimCloud, name: str) -> Volume:
    return next(volume for volume in sim.region().volumes if volume.name == name)


def snapshot_id(sim: SimCloud, name: str) -> str:
    return next(snapshot.id for snapshot in sim.region().snapshots if snapshot.name == name)


def raw_volumes(cinder: BlockStorage, query: str = "", microversion: str = "3.71") -> Any:
    response = cinder.get(f"/volumes/detail{query}", microversion=microversion)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def cinder(conn: Connection) -> BlockStorage:
    """The SDK's block storage proxy, which against this cloud is always the v3 one."""
    proxy = conn.block_storage
    assert isinstance(proxy, BlockStorage)
    return proxy


@pytest.fixture
def scale_sim() -> Iterator[SimCloud]:
    with SimCloud(SimConfig(volumes=2500, seed=1)) as cloud:
        yield cloud


# discovery and microversions


def test_the_sdk_discovers_cinder_and_uses_its_newest_microversion(sim: SimCloud, cinder: BlockStorage) -> None:
    names = {volume.name for volume in cinder.volumes()}

    assert {"web-01-root", "scratch", "build-root"} <= names
    volume_requests = [entry for entry in sim.requests() if entry.service == "volume"]
    assert [(entry.path.split("/volume")[1], entry.status) for entry in volume_requests[:1]] == [("/v3/", 200)]
    assert volume_requests[1].path.endswith("/volumes/detail") and volume_requests[1].status == 200
    assert utils.maximum_supported_microversion(cinder, "3.71") == "3.71"
    echoed = cinder.get("/volumes", microversion="3.71").headers["OpenStack-API-Version"]
    assert echoed == "volume 3.71"


def test_the_unversioned_root_answers_multiple_choices_without_a_token(sim: SimCloud, cinder: BlockStorage) -> None:
    response = cinder.session.get(f"{sim.url}/RegionOne/volume/", authenticated=False, raise_exc=False)

    assert response.status_code == 300
    (version,) = response.json()["versions"]
    assert (version["id"], version["status"], version["min_version"], version["version"]) == (
        "v3.0",
        "CURRENT",
        "3.0",
        "3.71",
    )


def test_an_unsupported_microversion_is_refused_with_406(cinder: BlockStorage) -> None:
    response = cinder.get("/volumes", microversion="3.72")

    assert response.status_code == 406
    assert response.json()["computeFault"]["code"] == 406


# listing


def test_listing_follows_volumes_links_across_pages_and_yields_each_volume_once(scale_sim: SimCloud) -> None:
    conn = openstack.connect(**scale_sim.connect_args())
    try:
        ids = [volume.id for volume in conn.block_storage.volumes(limit=1000)]
    finally:
        conn.close()

    assert len(ids) == len(set(ids)) == len(scale_sim.region().volumes)
    pages = [entry for entry in scale_sim.requests() if entry.path.endswith("/volumes/detail")]
    assert len(pages) >= 3
    assert all("marker=" in entry.query for entry in pages[1:])


def test_a_full_page_carries_a_next_link_that_keeps_the_filters(cinder: BlockStorage) -> None:
    body = raw_volumes(cinder, "?status=available&limit=2")

    assert len(body["volumes"]) == 2
    (link,) = body["volumes_links"]
    assert link["rel"] == "next"
    assert "status=available" in link["href"] and f"marker={body['volumes'][-1]['id']}" in link["href"]
    following = raw_volumes(cinder, "?" + link["href"].split("?", 1)[1])
    assert {volume["id"] for volume in following["volumes"]}.isdisjoint(v["id"] for v in body["volumes"])


def test_a_sorted_listing_pages_in_that_order(cinder: BlockStorage) -> None:
    first = raw_volumes(cinder, "?sort=name:asc&limit=4")
    second = raw_volumes(cinder, "?" + first["volumes_links"][0]["href"].split("?", 1)[1])

    names = [volume["name"] for volume in first["volumes"] + second["volumes"]]
    assert names == sorted(names) and len(names) == len(set(names)) == 8


def test_an_unknown_marker_is_answered_404(cinder: BlockStorage) -> None:
    with pytest.raises(exceptions.NotFoundException):
        list(cinder.volumes(limit=5, marker="9b0b5f2e-0000-4000-8000-000000000000"))


def test_with_count_reports_the_total_beside_a_short_page(sim: SimCloud, cinder: BlockStorage) -> None:
    body = raw_volumes(cinder, "?with_count=true&limit=3")

    assert body["count"] == len(sim.region().volumes)
    assert len(body["volumes"]) == 3


def test_the_bootable_filter_accepts_only_boolean_words_from_3_2(cinder: BlockStorage) -> None:
    bootable = raw_volumes(cinder, "?bootable=true")["volumes"]

    assert bootable and all(volume["bootable"] == "true" for volume in bootable)
    refused = cinder.get("/volumes/detail?bootable=maybe", microversion="3.71")
    assert refused.status_code == 400
    assert refused.json()["badRequest"]["message"] == "Invalid input received: 'bootable = maybe'"


def test_a_non_admin_filter_outside_cinders_list_is_refused_from_3_31(sim: SimCloud, cinder: BlockStorage) -> None:
    project = volume_named(sim, "scratch").project_id

    with pytest.raises(exceptions.BadRequestException, match="Invalid filters project_id are provided"):
        list(cinder.volumes(project_id=project))


# views


def test_bootable_is_a_string_on_the_wire_and_a_boolean_in_the_sdk(cinder: BlockStorage) -> None:
    wire = {volume["name"]: volume["bootable"] for volume in raw_volumes(cinder)["volumes"]}

    assert set(wire.values()) == {"true", "false"}
    assert (wire["web-01-root"], wire["scratch"]) == ("true", "false")
    assert cinder.find_volume("web-01-root", ignore_missing=False).is_bootable is True
    assert cinder.find_volume("scratch", ignore_missing=False).is_bootable is False


def test_volume_image_metadata_appears_only_on_volumes_made_from_images(cinder: BlockStorage) -> None:
    wire = {volume["name"]: volume for volume in raw_volumes(cinder)["volumes"]}

    assert "volume_image_metadata" not in wire["scratch"]
    metadata = wire["web-01-root"]["volume_image_metadata"]
    assert metadata["image_name"] == "ubuntu-24.04"
    assert all(isinstance(value, str) for value in metadata.values())


def test_an_attached_volume_lists_its_attachment_as_cinder_shows_it(cinder: BlockStorage) -> None:
    volume = raw_volumes(cinder, "?name=db-01-data")["volumes"][0]

    (attachment,) = volume["attachments"]
    assert volume["status"] == "in-use"
    assert set(attachment) == {"id", "attachment_id", "volume_id", "server_id", "host_name", "device", "attached_at"}
    assert (attachment["id"], attachment["device"], attachment["host_name"]) == (volume["id"], "/dev/vdb", None)


def test_fields_follow_the_microversion(cinder: BlockStorage) -> None:
    old = raw_volumes(cinder, "?name=scratch", microversion="3.0")["volumes"][0]
    new = raw_volumes(cinder, "?name=scratch", microversion="3.71")["volumes"][0]

    assert not {"group_id", "volume_type_id", "consumes_quota", "shared_targets"} & set(old)
    assert new["volume_type"] == "__DEFAULT__" and new["volume_type_id"] and new["consumes_quota"] is True
    assert old["os-vol-tenant-attr:tenant_id"] == new["os-vol-tenant-attr:tenant_id"]


# creating and deleting volumes


def test_a_volume_from_a_snapshot_is_at_least_the_snapshots_size(sim: SimCloud, cinder: BlockStorage) -> None:
    snapshot = snapshot_id(sim, "rocky-base")

    same = cinder.create_volume(snapshot_id=snapshot, name="same")
    larger = cinder.create_volume(snapshot_id=snapshot, size=40, name="larger")

    assert (same.size, larger.size) == (30, 40)
    assert cinder.get_volume(same).status == "available"
    assert cinder.get_volume(same).is_bootable is True
    with pytest.raises(exceptions.BadRequestException, match="cannot be smaller than the snapshot size"):
        cinder.create_volume(snapshot_id=snapshot, size=10)


def test_a_volume_from_a_snapshot_that_is_not_available_is_refused(sim: SimCloud, cinder: BlockStorage) -> None:
    with pytest.raises(exceptions.BadRequestException, match="Originating snapshot status must be one of"):
        cinder.create_volume(snapshot_id=snapshot_id(sim, "fedora-nightly"))


def test_a_volume_from_an_unknown_snapshot_is_answered_404(cinder: BlockStorage) -> None:
    with pytest.raises(exceptions.NotFoundException, match="could not be found"):
        cinder.create_volume(snapshot_id="0b8b3c4e-1d2f-4a5b-8c6d-7e8f9a0b1c2d", size=1)


def test_a_volume_of_size_zero_is_refused(cinder: BlockStorage) -> None:
    with pytest.raises(exceptions.BadRequestException, match="less than the minimum of 1"):
        cinder.create_volume(size=0, name="empty")


def test_a_volume_made_from_an_image_is_bootable_and_carries_its_metadata(sim: SimCloud, cinder: BlockStorage) -> None:
    image = next(image for image in sim.region().images if image.name == "debian-12")

    volume = cinder.create_volume(image_id=image.id, size=8, name="from-debian")

    assert volume.is_bootable is True
    assert volume.volume_image_metadata["image_id"] == image.id
    assert volume.volume_image_metadata["os_distro"] == "debian"
    with pytest.raises(exceptions.BadRequestException, match="smaller than the image minDisk size 8GB"):
        cinder.create_volume(image_id=image.id, size=5)


def test_a_nova_placeholder_image_makes_a_volume_from_its_root_snapshot_from_3_46(
    sim: SimCloud, cinder: BlockStorage
) -> None:
    placeholder = next(image.id for image in sim.region().images if image.name == "web-01-backup")
    request = {"volume": {"imageRef": placeholder, "name": "restored"}}

    new = cinder.post("/volumes", json=request, microversion="3.46").json()["volume"]
    old = cinder.post("/volumes", json={"volume": {**request["volume"], "size": 20}}, microversion="3.45").json()[
        "volume"
    ]

    assert new["snapshot_id"] == snapshot_id(sim, "snapshot for web-01-backup") and new["size"] == 20
    assert old["snapshot_id"] is None and old["volume_image_metadata"]["image_id"] == placeholder


def test_deleting_a_volume_that_has_snapshots_is_refused(cinder: BlockStorage) -> None:
    with pytest.raises(exceptions.BadRequestException, match="have snapshots"):
        cinder.delete_volume(cinder.find_volume("build-root", ignore_missing=False))


def test_a_deleted_volume_shows_deleting_and_then_is_gone(sim: SimCloud, cinder: BlockStorage) -> None:
    scratch = cinder.find_volume("scratch", ignore_missing=False)

    cinder.delete_volume(scratch)

    assert volume_named(sim, "scratch").status == "deleting"
    with pytest.raises(exceptions.NotFoundException):
        cinder.get_volume(scratch.id)


def test_going_over_the_volume_quota_is_answered_413(sim: SimCloud, cinder: BlockStorage) -> None:
    sim.set_quotas(volumes=len(sim.region().volumes))

    with pytest.raises(exceptions.HttpException) as refused:
        cinder.create_volume(size=1, name="one-too-many")

    assert refused.value.status_code == 413


def test_limits_reflect_what_the_project_uses(cinder: BlockStorage) -> None:
    before = cinder.get_limits().absolute

    cinder.create_volume(size=3, name="counted")
    after = cinder.get_limits().absolute

    assert after.total_volumes_used == before.total_volumes_used + 1
    assert after.total_gigabytes_used == before.total_gigabytes_used + 3
    assert after.max_total_volumes == before.max_total_volumes


def test_setting_bootable_changes_the_string_cinder_reports(cinder: BlockStorage) -> None:
    scratch = cinder.find_volume("scratch", ignore_missing=False)

    cinder.set_volume_bootable_status(scratch, True)

    assert cinder.get_volume(scratch).is_bootable is True


# snapshots


def test_snapshotting_an_in_use_volume_needs_force_below_3_66(cinder: BlockStorage) -> None:
    volume = cinder.find_volume("web-02-root", ignore_missing=False)

    with pytest.raises(exceptions.BadRequestException, match="status must be available"):
        cinder.create_snapshot(volume_id=volume.id, name="unforced")
    forced = cinder.create_snapshot(volume_id=volume.id, name="forced", is_forced=True)

    assert forced.status == "creating"
    assert cinder.get_snapshot(forced).status == "available"


def test_from_3_66_an_in_use_snapshot_needs_no_force_and_refuses_force_false(cinder: BlockStorage) -> None:
    volume_id = cinder.find_volume("web-02-root", ignore_missing=False).id

    def post(**extra: Any) -> Any:
        body = {"snapshot": {"volume_id": volume_id, "name": "at-3.66", **extra}}
        return cinder.post("/snapshots", json=body, microversion="3.66")

    assert post().status_code == 202
    assert post(force=True).status_code == 202
    refused = post(force=False)
    assert refused.status_code == 400
    assert "'force' flag is invalid" in refused.json()["badRequest"]["message"]


def test_a_force_that_is_not_a_boolean_is_refused(cinder: BlockStorage) -> None:
    volume_id = cinder.find_volume("scratch", ignore_missing=False).id
    body = {"snapshot": {"volume_id": volume_id, "force": "maybe"}}

    assert cinder.post("/snapshots", json=body, microversion="3.65").status_code == 400


def test_snapshots_are_listed_with_cinders_extended_attributes(sim: SimCloud, cinder: BlockStorage) -> None:
    snapshots = {snapshot.name: snapshot for snapshot in cinder.snapshots()}

    golden = snapshots["web-golden"]
    assert golden.volume_id == volume_named(sim, "web-01-root").id
    assert (golden.size, golden.status, golden.progress) == (20, "available", "100%")
    assert golden.project_id and golden.user_id
    assert snapshots["fedora-nightly"].status == "creating"


def test_snapshots_filter_by_volume_and_page_through_snapshots_links(sim: SimCloud, cinder: BlockStorage) -> None:
    build_root = volume_named(sim, "build-root").id

    by_volume = {snapshot.name for snapshot in cinder.snapshots(volume_id=build_root)}
    paged = [snapshot.id for snapshot in cinder.snapshots(limit=3)]

    assert by_volume == {"rocky-base", "fedora-nightly"}
    assert len(paged) == len(set(paged)) == len(sim.region().snapshots)


# the project's view


def test_volume_types_and_availability_zones_are_listed(cinder: BlockStorage) -> None:
    assert {kind.name for kind in cinder.types()} == {"__DEFAULT__", "ssd", "hdd"}
    assert {zone.name for zone in cinder.availability_zones()} == {"nova", "az2"}


def test_the_quota_set_reports_usage_when_asked(sim: SimCloud, cinder: BlockStorage) -> None:
    project = volume_named(sim, "scratch").project_id

    quotas = cinder.get_quota_set(project, usage=True)

    assert quotas.volumes == sim.region().quotas["volumes"]
    assert quotas.usage["volumes"] == len(sim.region().volumes)


def test_the_extended_snapshot_attributes_appear_on_show_and_detail_but_not_on_create(
    sim: SimCloud, cinder: BlockStorage
) -> None:
    """cinder/api/contrib/extended_snapshot_attributes.py extends `show` and `detail` only (seen on real Cinder 29)."""
    body = {"snapshot": {"volume_id": volume_named(sim, "scratch").id, "name": "plain"}}
    created = cinder.post("/snapshots", json=body, microversion="3.0").json()["snapshot"]
    assert not [key for key in created if key.startswith("os-extended-snapshot-attributes:")]
    shown = cinder.get(f"/snapshots/{created['id']}", microversion="3.0").json()["snapshot"]
    assert {"os-extended-snapshot-attributes:progress", "os-extended-snapshot-attributes:project_id"} <= set(shown)
