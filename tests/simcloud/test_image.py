"""The simulated Glance v2 through real openstacksdk over HTTP: the rules of OPENSTACK.md sections 4 and 10."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from openstack import exceptions
from openstack.connection import Connection
from openstack.image.v2._proxy import Proxy as ImageProxy
from requests import Response

from volimage_tui.simcloud import SimCloud

OCTET_STREAM = {"Content-Type": "application/octet-stream"}
JSON_PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
JSON_ERRORS = {"Accept": "application/json"}
EMPTY_MD5 = hashlib.md5(b"").hexdigest()  # noqa: S324 - Glance's checksum algorithm
EMPTY_SHA512 = hashlib.sha512(b"").hexdigest()
QCOW2_HEADER = b"QFI\xfb\x00\x00\x00\x03" + bytes(16) + (2**30).to_bytes(8, "big") + bytes(72)


@pytest.fixture
def glance(conn: Connection) -> ImageProxy:
    """The image (Glance v2) proxy of the connection to the fresh simulated cloud."""
    proxy = conn.image
    assert isinstance(proxy, ImageProxy)
    return proxy


def create(glance: ImageProxy, **body: Any) -> dict[str, Any]:
    """POST /v2/images with exactly `body`; the created image's view."""
    response = glance.post("/images", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def refusal(response: Response) -> exceptions.HttpException:
    """The exception openstacksdk raises for this response."""
    with pytest.raises(exceptions.HttpException) as caught:
        exceptions.raise_from_response(response)
    return caught.value


def upload(glance: ImageProxy, image_id: str, data: bytes = b"") -> Response:
    return glance.put(f"/images/{image_id}/file", data=data, headers=OCTET_STREAM)


def patch(glance: ImageProxy, image_id: str, *operations: dict[str, Any]) -> Response:
    return glance.patch(f"/images/{image_id}", data=json.dumps(list(operations)), headers=JSON_PATCH)


def placeholder(glance: ImageProxy, name: str = "placeholder", **properties: str) -> dict[str, Any]:
    """An active zero-byte raw/bare image carrying `properties`."""
    image = create(glance, name=name, disk_format="raw", container_format="bare", **properties)
    assert upload(glance, image["id"]).status_code == 204
    return image


def test_a_properties_only_image_becomes_active_with_a_zero_byte_upload(glance: ImageProxy) -> None:
    created = create(
        glance, name="golden", disk_format="raw", container_format="bare", bdm_v2="True", root_device_name="/dev/vda"
    )
    assert (created["status"], created["size"], created["visibility"]) == ("queued", None, "shared")
    glance.get_image(created["id"]).upload(glance)
    image = glance.get_image(created["id"])
    assert (image.status, image.size, image.virtual_size) == ("active", 0, None)
    assert (image.checksum, image.hash_algo, image.hash_value) == (EMPTY_MD5, "sha512", EMPTY_SHA512)
    assert image.visibility == "shared"
    assert image.properties["bdm_v2"] == "True"


def test_the_image_view_has_glance_s_links_and_timestamps(glance: ImageProxy) -> None:
    created = create(glance, name="view", min_ram=512)
    assert created["self"] == f"/v2/images/{created['id']}"
    assert created["file"] == f"/v2/images/{created['id']}/file"
    assert created["schema"] == "/v2/schemas/image"
    assert created["created_at"].endswith("Z") and len(created["created_at"]) == len("2026-01-01T00:00:00Z")
    assert (created["tags"], created["protected"], created["os_hidden"], created["min_ram"]) == ([], False, False, 512)


@pytest.mark.parametrize("disk_format", ["qcow2", "vmdk", "iso"])
def test_a_zero_byte_upload_is_refused_for_a_format_that_is_not_raw(glance: ImageProxy, disk_format: str) -> None:
    image = create(glance, name="wrong-format", disk_format=disk_format, container_format="bare")
    response = glance.put(f"/images/{image['id']}/file", data=b"", headers={**OCTET_STREAM, **JSON_ERRORS})
    assert response.status_code == 415
    assert f"Image disk_format {disk_format} does not match stream data raw" in response.json()["message"]
    assert glance.get_image(image["id"]).status == "queued"


def test_qcow2_data_declared_raw_is_refused(glance: ImageProxy) -> None:
    image = create(glance, name="really-qcow2", disk_format="raw", container_format="bare")
    response = glance.put(f"/images/{image['id']}/file", data=QCOW2_HEADER, headers={**OCTET_STREAM, **JSON_ERRORS})
    assert response.status_code == 415
    assert "Image disk_format raw does not match stream data qcow2" in response.json()["message"]


def test_qcow2_data_declared_qcow2_activates_with_its_virtual_size(glance: ImageProxy) -> None:
    image = create(glance, name="small-qcow2", disk_format="qcow2", container_format="bare")
    assert upload(glance, image["id"], QCOW2_HEADER).status_code == 204
    stored = glance.get_image(image["id"])
    assert (stored.status, stored.size, stored.virtual_size) == ("active", len(QCOW2_HEADER), 2**30)


def test_an_upload_before_the_formats_are_set_is_a_bad_request(glance: ImageProxy) -> None:
    image = create(glance, name="no-formats")
    error = refusal(glance.put(f"/images/{image['id']}/file", data=b"", headers={**OCTET_STREAM, **JSON_ERRORS}))
    assert error.status_code == 400
    assert "Properties disk_format, container_format must be set prior to saving data." in str(error.details)
    assert glance.get_image(image["id"]).status == "queued"


@pytest.mark.parametrize("value", [1, 2.5, True, None, ["a"], {"a": "b"}])
def test_a_property_value_that_is_not_a_string_is_a_bad_request(glance: ImageProxy, value: Any) -> None:
    error = refusal(glance.post("/images", json={"name": "typed", "bdm_v2": value}, headers=JSON_ERRORS))
    assert error.status_code == 400
    assert f"{value!r} is not of type 'string'" in str(error.details)


def test_a_key_in_the_os_glance_namespace_is_reserved(glance: ImageProxy) -> None:
    error = refusal(glance.post("/images", json={"name": "x", "os_glance_import_task": "1"}))
    assert error.status_code == 403
    assert "is reserved" in str(error.details)


def test_a_key_of_300_characters_is_a_bad_request(glance: ImageProxy) -> None:
    error = refusal(glance.post("/images", json={"name": "x", "k" * 300: "v"}))
    assert error.status_code == 400
    assert "Custom property should not be greater than 255 characters." in str(error.details)


@pytest.mark.parametrize(("key", "value"), [("size", 0), ("status", "active"), ("checksum", EMPTY_MD5)])
def test_a_read_only_attribute_at_create_is_forbidden(glance: ImageProxy, key: str, value: Any) -> None:
    error = refusal(glance.post("/images", json={"name": "x", key: value}))
    assert error.status_code == 403
    assert f"Attribute {key!r} is read-only." in str(error.details).replace("&#x27;", "'")


@pytest.mark.parametrize(
    "body",
    [{"disk_format": "qcow3"}, {"container_format": "tar"}, {"visibility": "everyone"}, {"min_ram": "512"}],
)
def test_a_base_attribute_outside_the_schema_is_a_bad_request(glance: ImageProxy, body: dict[str, Any]) -> None:
    assert refusal(glance.post("/images", json={"name": "x", **body})).status_code == 400


def test_a_negative_min_disk_is_a_bad_request(glance: ImageProxy) -> None:
    assert refusal(glance.post("/images", json={"name": "x", "min_disk": -1})).status_code == 400


def test_a_second_upload_to_an_active_image_conflicts(glance: ImageProxy) -> None:
    image = placeholder(glance)
    error = refusal(upload(glance, image["id"]))
    assert error.status_code == 409


def test_properties_of_an_active_image_can_be_changed(glance: ImageProxy) -> None:
    image = glance.get_image(placeholder(glance, bdm_v2="True")["id"])
    glance.update_image_properties(image, root_device_name="/dev/vdb", hw_disk_bus="scsi")
    changed = glance.get_image(image.id)
    assert changed.properties["root_device_name"] == "/dev/vdb"
    assert changed.hw_disk_bus == "scsi"
    assert changed.status == "active"


def test_a_patch_adds_replaces_and_removes_properties(glance: ImageProxy) -> None:
    image = placeholder(glance, bdm_v2="True", note="old")
    response = patch(
        glance,
        image["id"],
        {"op": "add", "path": "/extra", "value": "x"},
        {"op": "replace", "path": "/note", "value": "new"},
        {"op": "remove", "path": "/bdm_v2"},
        {"op": "replace", "path": "/name", "value": "renamed"},
    )
    assert response.status_code == 200
    view = response.json()
    assert (view["extra"], view["note"], view["name"]) == ("x", "new", "renamed")
    assert "bdm_v2" not in view


def test_a_patch_that_fails_part_way_changes_nothing(glance: ImageProxy) -> None:
    image = placeholder(glance, note="kept")
    response = patch(
        glance, image["id"], {"op": "replace", "path": "/note", "value": "lost"}, {"op": "remove", "path": "/absent"}
    )
    assert response.status_code == 409
    assert glance.get_image(image["id"]).properties["note"] == "kept"


def test_a_patch_with_a_non_string_property_is_a_bad_request(glance: ImageProxy) -> None:
    image = placeholder(glance)
    assert patch(glance, image["id"], {"op": "add", "path": "/bdm_v2", "value": True}).status_code == 400


def test_a_patch_in_another_media_type_is_unsupported(glance: ImageProxy) -> None:
    image = placeholder(glance)
    body = json.dumps([{"op": "add", "path": "/x", "value": "y"}])
    response = glance.patch(f"/images/{image['id']}", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 415
    assert "application/openstack-images-v2.1-json-patch" in response.headers["Accept-Patch"]


def test_the_disk_format_can_change_only_while_queued(glance: ImageProxy) -> None:
    queued = create(glance, name="queued", disk_format="qcow2", container_format="bare")
    assert patch(glance, queued["id"], {"op": "replace", "path": "/disk_format", "value": "raw"}).status_code == 200
    active = placeholder(glance)
    assert patch(glance, active["id"], {"op": "replace", "path": "/disk_format", "value": "qcow2"}).status_code == 403


def test_listing_with_an_extra_property_filters_on_that_property(glance: ImageProxy) -> None:
    mine = placeholder(glance, name="mine", bdm_v2="True")
    placeholder(glance, name="other", bdm_v2="False")
    listed = glance.get("/images?bdm_v2=True").json()["images"]
    names = {image["name"] for image in listed}
    assert "mine" in names and "other" not in names and "ubuntu-24.04" not in names
    assert all(image["bdm_v2"] == "True" for image in listed)
    assert mine["id"] in {image["id"] for image in listed}


def test_paging_by_two_yields_every_image_exactly_once(glance: ImageProxy, sim: SimCloud) -> None:
    for number in range(4):
        create(glance, name=f"extra-{number}")
    expected = {image.id for image in sim.region().images}
    mark = len(sim.requests())
    paged = [image.id for image in glance.images(limit=2)]
    assert sorted(paged) == sorted(expected)
    listings = [entry for entry in sim.requests(mark) if entry.path.endswith("/v2/images")]
    # Glance links a next page from every full page, the SDK asks again after a short one: both end on an empty page.
    assert len(listings) == -(-len(expected) // 2) + 1


def test_a_full_page_carries_a_next_link_that_keeps_the_query(glance: ImageProxy, sim: SimCloud) -> None:
    total = len(sim.region().images)
    first = glance.get(f"/images?limit={total}&sort=name:asc").json()
    assert first["first"] == f"/v2/images?limit={total}&sort=name%3Aasc"
    assert first["next"] == f"/v2/images?limit={total}&sort=name%3Aasc&marker={first['images'][-1]['id']}"
    assert [image["name"] for image in first["images"]] == sorted(image["name"] for image in first["images"])
    assert glance.get(first["next"].removeprefix("/v2")).json()["images"] == []


def test_a_hidden_image_is_listed_only_when_hidden_images_are_asked_for(glance: ImageProxy) -> None:
    hidden = create(glance, name="hidden", os_hidden=True)
    assert hidden["id"] not in {image["id"] for image in glance.get("/images").json()["images"]}
    assert [image["id"] for image in glance.get("/images?os_hidden=true").json()["images"]] == [hidden["id"]]
    assert glance.get_image(hidden["id"]).is_hidden is True


def test_a_limit_that_is_not_a_number_is_a_bad_request(glance: ImageProxy) -> None:
    assert glance.get("/images?limit=many").status_code == 400
    assert glance.get("/images?sort_key=owner").status_code == 400


def test_a_protected_image_cannot_be_deleted_until_it_is_unprotected(glance: ImageProxy) -> None:
    image = create(glance, name="keep-me", protected=True)
    with pytest.raises(exceptions.ForbiddenException) as caught:
        glance.delete_image(image["id"])
    assert f"Image {image['id']} is protected and cannot be deleted." in str(caught.value.details)
    assert patch(glance, image["id"], {"op": "replace", "path": "/protected", "value": False}).status_code == 200
    glance.delete_image(image["id"])
    with pytest.raises(exceptions.NotFoundException):
        glance.get_image(image["id"])


def test_more_extra_properties_than_the_quota_is_too_large(glance: ImageProxy) -> None:
    body = {"name": "crowded", **{f"key_{index}": "v" for index in range(129)}}
    assert refusal(glance.post("/images", json=body)).status_code == 413
    image = create(glance, name="full", **{f"key_{index}": "v" for index in range(128)})
    assert patch(glance, image["id"], {"op": "add", "path": "/one_more", "value": "v"}).status_code == 413


def test_the_sdk_details_carry_glance_s_message(glance: ImageProxy) -> None:
    response = glance.post("/images", json={"name": "x", "disk_format": "qcow3"}, headers=JSON_ERRORS)
    body = response.json()
    assert (body["code"], body["title"]) == ("400 Bad Request", "Bad Request")
    assert str(refusal(response).details).startswith("Provided object does not match schema 'image': 'qcow3'")
    with pytest.raises(exceptions.NotFoundException) as caught:
        glance.get_image("00000000-0000-4000-8000-000000000000")
    assert caught.value.details == "404 Not Found: No image found with ID 00000000-0000-4000-8000-000000000000"
    with pytest.raises(exceptions.BadRequestException) as listing:
        list(glance.images(visibility="everyone"))
    assert str(listing.value.details).startswith("Invalid visibility value: everyone")


def test_making_an_image_public_needs_the_admin_role(glance: ImageProxy) -> None:
    assert refusal(glance.post("/images", json={"name": "x", "visibility": "public"})).status_code == 403
    image = create(glance, name="private", visibility="private")
    assert patch(glance, image["id"], {"op": "replace", "path": "/visibility", "value": "public"}).status_code == 403


def test_tags_are_added_listed_filtered_and_removed(glance: ImageProxy) -> None:
    image = placeholder(glance)
    glance.add_tag(image["id"], "volimage")
    assert glance.get_image(image["id"]).tags == ["volimage"]
    assert [found["id"] for found in glance.get("/images?tag=volimage").json()["images"]] == [image["id"]]
    glance.remove_tag(image["id"], "volimage")
    assert glance.get_image(image["id"]).tags == []
    assert glance.delete(f"/images/{image['id']}/tags/volimage").status_code == 404


def test_a_deactivated_image_refuses_its_data_until_reactivated(glance: ImageProxy) -> None:
    image = create(glance, name="small", disk_format="raw", container_format="bare")
    assert glance.get(f"/images/{image['id']}/file").status_code == 204
    assert upload(glance, image["id"], b"hello").status_code == 204
    downloaded = glance.get(f"/images/{image['id']}/file")
    assert (downloaded.status_code, downloaded.content) == (200, b"hello")
    glance.deactivate_image(image["id"])
    assert glance.get_image(image["id"]).status == "deactivated"
    assert glance.get(f"/images/{image['id']}/file").status_code == 403
    glance.reactivate_image(image["id"])
    assert glance.get_image(image["id"]).status == "active"


def test_the_versions_document_lists_v2_17_as_current(conn: Connection, sim: SimCloud) -> None:
    root = conn.session.get(f"{sim.url}/RegionOne/image/", authenticated=False)
    assert root.status_code == 300
    versions = root.json()["versions"]
    assert versions[0] == {
        "id": "v2.17",
        "status": "CURRENT",
        "links": [{"rel": "self", "href": f"{sim.url}/RegionOne/image/v2/"}],
    }
    assert versions[-1]["id"] == "v2.0"
    assert conn.session.get(f"{sim.url}/RegionOne/image/versions", authenticated=False).status_code == 200
    unknown = conn.session.get(f"{sim.url}/RegionOne/image/v1/images", authenticated=False, raise_exc=False)
    assert unknown.status_code == 300


def test_the_schemas_describe_the_image_and_the_collection(glance: ImageProxy) -> None:
    image_schema = glance.get("/schemas/image").json()
    assert image_schema["additionalProperties"] == {"type": "string"}
    assert "raw" in image_schema["properties"]["disk_format"]["enum"]
    assert glance.get("/schemas/images").json()["properties"]["images"]["items"]["name"] == "image"
