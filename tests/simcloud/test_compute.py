"""The simulated Nova through openstacksdk over HTTP: discovery, catalog listings, server views and boot checks."""

from __future__ import annotations

import base64
from typing import Any

import openstack
import pytest
import requests
from openstack import exceptions

from volimage_tui.simcloud import SimCloud, SimConfig

SAMPLE_V296_KEYS = {
    "accessIPv4",
    "accessIPv6",
    "addresses",
    "created",
    "description",
    "locked",
    "locked_reason",
    "flavor",
    "hostId",
    "id",
    "image",
    "key_name",
    "links",
    "metadata",
    "name",
    "config_drive",
    "OS-DCF:diskConfig",
    "OS-EXT-AZ:availability_zone",
    "OS-EXT-SRV-ATTR:hostname",
    "OS-EXT-STS:power_state",
    "OS-EXT-STS:task_state",
    "OS-EXT-STS:vm_state",
    "os-extended-volumes:volumes_attached",
    "OS-SRV-USG:launched_at",
    "OS-SRV-USG:terminated_at",
    "pinned_availability_zone",
    "progress",
    "security_groups",
    "server_groups",
    "status",
    "tags",
    "tenant_id",
    "trusted_image_certificates",
    "updated",
    "user_id",
}
"""The keys of nova's `doc/api_samples/servers/v2.96/server-get-resp.json` (a member's view)."""

MISSING = "0b1e5a3c-9d7f-4e2a-8c6b-5f4d3e2a1b0c"
"""A well-formed id that names nothing."""
PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHd0aXN0ZWQtYnV0LXZhbGlkLWtleS1ib2R5LTAw tester@example"


def server_named(conn: openstack.connection.Connection, name: str) -> Any:
    return conn.compute.find_server(name, ignore_missing=False)


def network_id(conn: openstack.connection.Connection, name: str) -> str:
    return str(conn.network.find_network(name, ignore_missing=False).id)


def ubuntu_id(conn: openstack.connection.Connection) -> str:
    return image_id(conn, "ubuntu-24.04")


def image_id(conn: openstack.connection.Connection, name: str) -> str:
    return str(conn.image.find_image(name, ignore_missing=False).id)


def raw_boot(conn: openstack.connection.Connection, server: dict[str, Any], microversion: str = "2.96") -> Any:
    return conn.compute.post("/servers", json={"server": server}, microversion=microversion)


def test_the_version_documents_follow_nova_samples(sim: SimCloud) -> None:
    root = f"{sim.url}/RegionOne/compute"
    versions = requests.get(f"{root}/", timeout=10).json()["versions"]
    assert [(v["id"], v["status"]) for v in versions] == [("v2.0", "SUPPORTED"), ("v2.1", "CURRENT")]
    assert (versions[1]["version"], versions[1]["min_version"]) == ("2.96", "2.1")
    for path in ("/v2.1", "/v2.1/"):
        version = requests.get(f"{root}{path}", timeout=10).json()["version"]
        assert (version["id"], version["version"], version["min_version"]) == ("v2.1", "2.96", "2.1")
        assert version["links"][0] == {"href": f"{root}/v2.1/", "rel": "self"}


def test_an_unsupported_microversion_is_not_acceptable(conn: Any) -> None:
    response = conn.compute.get("/servers", microversion="2.200")
    assert response.status_code == 406
    assert response.json()["computeFault"]["message"] == (
        "Version 2.200 is not supported by the API. Minimum is 2.1 and maximum is 2.96."
    )


def test_answers_carry_the_negotiated_version_and_the_compute_request_id(conn: Any) -> None:
    response = conn.compute.get("/flavors", microversion="2.61")
    assert response.headers["OpenStack-API-Version"] == "compute 2.61"
    assert response.headers["X-OpenStack-Nova-API-Version"] == "2.61"
    assert response.headers["x-compute-request-id"] == response.headers["x-openstack-request-id"]


def test_flavors_list_page_by_page_in_flavor_id_order(sim: SimCloud, conn: Any) -> None:
    start = len(sim.requests())
    flavors = list(conn.compute.flavors(limit=2))
    assert [f.name for f in flavors] == ["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]
    assert (flavors[1].ram, flavors[1].vcpus, flavors[1].disk, flavors[1].swap) == (2048, 1, 20, 0)
    pages = [r for r in sim.requests(start) if r.path.endswith("/flavors/detail")]
    assert len(pages) == 4, "three pages, then the empty one the SDK asks for after a page with a next link"
    assert "marker=" not in pages[0].query


def test_an_unknown_flavor_is_not_found_in_nova_words(conn: Any) -> None:
    with pytest.raises(exceptions.NotFoundException) as caught:
        conn.compute.get_flavor("99")
    assert caught.value.details == "Flavor 99 could not be found."


def test_flavor_extra_specs_are_listed(conn: Any) -> None:
    assert conn.compute.get("/flavors/1/os-extra_specs").json() == {"extra_specs": {}}


def test_keypairs_list_import_and_delete(conn: Any) -> None:
    assert sorted(k.name for k in conn.compute.keypairs()) == ["demo-key", "ops-ed25519"]
    listed = conn.compute.get("/os-keypairs", microversion="2.10").json()["keypairs"]
    assert set(listed[0]["keypair"]) == {"name", "public_key", "fingerprint", "type"}
    created = conn.compute.create_keypair(name="imported", public_key=PUBLIC_KEY)
    assert created.fingerprint.count(":") == 15
    with pytest.raises(exceptions.ConflictException):
        conn.compute.create_keypair(name="imported", public_key=PUBLIC_KEY)
    assert conn.compute.get_keypair("imported").public_key == PUBLIC_KEY
    conn.compute.delete_keypair("imported")
    assert conn.compute.find_keypair("imported") is None


def test_availability_zones_are_listed_and_their_detail_is_admin_only(conn: Any) -> None:
    assert [z.name for z in conn.compute.availability_zones()] == ["nova", "az2"]
    with pytest.raises(exceptions.ForbiddenException):
        list(conn.compute.availability_zones(details=True))


def test_limits_report_quotas_and_the_seeded_usage(conn: Any) -> None:
    absolute = conn.compute.get_limits().absolute
    assert (absolute.instances, absolute.instances_used) == (10, 3)
    assert (absolute.total_cores, absolute.total_cores_used) == (40, 4)
    assert (absolute.total_ram, absolute.total_ram_used) == (102400, 8192)
    assert absolute.keypairs == 100
    raw = conn.compute.get("/limits", microversion="2.1").json()["limits"]
    assert raw["rate"] == []
    assert raw["absolute"]["maxPersonality"] == 5


def test_a_servers_view_has_the_fields_of_the_v2_96_sample(conn: Any) -> None:
    web_01 = server_named(conn, "web-01")
    view = conn.compute.get(f"/servers/{web_01.id}", microversion="2.96").json()["server"]
    assert set(view) == SAMPLE_V296_KEYS
    assert view["image"] == ""
    assert view["flavor"]["original_name"] == "m1.small"
    assert view["addresses"]["private"][0]["OS-EXT-IPS:type"] == "fixed"


def test_below_2_47_the_flavor_is_a_link(conn: Any) -> None:
    web_01 = server_named(conn, "web-01")
    view = conn.compute.get(f"/servers/{web_01.id}", microversion="2.46").json()["server"]
    assert view["flavor"]["id"] == "2"
    assert view["flavor"]["links"][0]["rel"] == "bookmark"
    assert "tags" in view and "trusted_image_certificates" not in view


def test_servers_filter_by_name_pattern_and_page_with_links(sim: SimCloud, conn: Any) -> None:
    assert sorted(s.name for s in conn.compute.servers(name="^web")) == ["web-01", "web-02"]
    assert [s.name for s in conn.compute.servers(status="SHUTOFF")] == []
    page = conn.compute.get("/servers?limit=1").json()
    assert len(page["servers"]) == 1
    assert "marker=" in page["servers_links"][0]["href"]
    assert sorted(s.name for s in conn.compute.servers(limit=1)) == ["db-01", "web-01", "web-02"]


def test_an_unknown_marker_or_server_is_refused_in_nova_words(conn: Any) -> None:
    assert conn.compute.get("/servers?marker=nope").json()["badRequest"]["message"] == "marker [nope] not found"
    with pytest.raises(exceptions.NotFoundException) as caught:
        conn.compute.get_server("4a1e0b9c-0000-4000-8000-000000000000")
    assert caught.value.details == "Instance 4a1e0b9c-0000-4000-8000-000000000000 could not be found."


def test_a_servers_volume_attachments_list_each_device(conn: Any) -> None:
    db_01 = server_named(conn, "db-01")
    attachments = {a.device: a.volume_id for a in conn.compute.volume_attachments(db_01)}
    data = conn.block_storage.find_volume("db-01-data", ignore_missing=False)
    assert sorted(attachments) == ["/dev/vda", "/dev/vdb"]
    assert attachments["/dev/vdb"] == data.id


def test_a_server_stops_and_starts(sim: SimCloud, conn: Any) -> None:
    web_02 = server_named(conn, "web-02")
    conn.compute.stop_server(web_02)
    sim.settle()
    assert conn.compute.get_server(web_02.id).status == "SHUTOFF"
    with pytest.raises(exceptions.ConflictException):
        conn.compute.stop_server(web_02)
    conn.compute.start_server(web_02)
    sim.settle()
    assert conn.compute.get_server(web_02.id).status == "ACTIVE"


def test_networks_are_required_from_2_37_and_none_boots_without_them(sim: SimCloud, conn: Any) -> None:
    with pytest.raises(exceptions.BadRequestException) as caught:
        conn.compute.create_server(name="no-net", image_id=ubuntu_id(conn), flavor_id="2")
    assert "'networks' is a required property" in str(caught.value.details)
    assert str(caught.value.details).startswith("Invalid input for field/attribute server. Value: {")
    server = conn.compute.create_server(name="no-net", image_id=ubuntu_id(conn), flavor_id="2", networks="none")
    sim.settle()
    assert conn.compute.get_server(server.id).addresses == {}


def test_a_boot_without_networks_below_2_37_with_several_networks_is_ambiguous(conn: Any) -> None:
    response = raw_boot(conn, {"name": "old", "imageRef": ubuntu_id(conn), "flavorRef": "2"}, "2.36")
    assert response.status_code == 409
    assert "Multiple possible networks found" in response.json()["conflictingRequest"]["message"]


def test_an_image_boot_gets_an_address_and_its_image_link(sim: SimCloud, conn: Any) -> None:
    image_id = ubuntu_id(conn)
    server = conn.compute.create_server(
        name="plain",
        image_id=image_id,
        flavor_id="2",
        networks=[{"uuid": network_id(conn, "private")}],
        key_name="demo-key",
        security_groups=[{"name": "web"}],
        metadata={"role": "test"},
    )
    assert conn.compute.get_server(server.id).status == "BUILD"
    sim.settle()
    booted = conn.compute.get_server(server.id)
    assert (booted.status, booted.image.id, booted.key_name) == ("ACTIVE", image_id, "demo-key")
    assert booted.addresses["private"][0]["addr"].startswith("10.0.0.")
    assert booted.attached_volumes == []
    assert [s.name for s in conn.compute.servers(image=image_id)] == ["plain"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"networks": [{"uuid": MISSING}]}, f"Network {MISSING} could not be found."),
        ({"key_name": "nobody"}, "Invalid key_name provided."),
        ({"security_groups": [{"name": "nope"}]}, "Security group nope not found."),
        ({"availability_zone": "moon"}, "The requested availability zone is not available"),
        ({"imageRef": ""}, "Missing imageRef attribute"),
        ({"imageRef": MISSING}, "Can not find requested image"),
        ({"imageRef": "ubuntu"}, "Value: ubuntu. 'ubuntu' is not valid under any of the given schemas"),
        ({"flavorRef": "99"}, "Invalid flavorRef provided."),
        (
            {
                "block_device_mapping": [{"volume_id": MISSING, "device_name": "vdb"}],
                "block_device_mapping_v2": [{"source_type": "blank", "destination_type": "local", "boot_index": -1}],
            },
            "Using different block_device_mapping syntaxes is not allowed in the same request.",
        ),
        (
            {
                "block_device_mapping_v2": [
                    {"source_type": "image", "destination_type": "local", "boot_index": 1, "uuid": MISSING}
                ]
            },
            "Mapping image to local is not supported.",
        ),
    ],
    ids=[
        "network",
        "key",
        "security-group",
        "zone",
        "no-image",
        "unknown-image",
        "image-not-uuid",
        "flavor",
        "two-syntaxes",
        "image-to-local",
    ],
)
def test_bad_boot_requests_are_refused_in_nova_words(
    sim: SimCloud, conn: Any, changes: dict[str, Any], message: str
) -> None:
    mark = sim.mark()
    server = {"name": "bad", "imageRef": ubuntu_id(conn), "flavorRef": "2", "networks": "none", **changes}
    response = raw_boot(conn, server)
    assert response.status_code == 400
    assert message in response.json()["badRequest"]["message"]
    assert sim.audit(mark).clean


def test_a_boot_over_the_instance_quota_is_forbidden_in_nova_words(sim: SimCloud, conn: Any) -> None:
    sim.set_quotas(instances=4)
    with pytest.raises(exceptions.ForbiddenException) as caught:
        conn.compute.create_server(
            name="many",
            image_id=image_id(conn, "cirros-0.6.3"),
            flavor_id="1",
            networks="none",
            min_count=2,
            max_count=2,
        )
    assert caught.value.details == "Quota exceeded for instances: Requested 2, but already used 3 of 4 instances"


def test_a_boot_from_a_snapshot_without_image_takes_the_volume_metadata(sim: SimCloud, conn: Any) -> None:
    snapshot = conn.block_storage.find_snapshot("rocky-base", ignore_missing=False)
    server = conn.compute.create_server(
        name="from-snapshot",
        flavor_id="2",
        networks="none",
        image_id="",
        block_device_mapping=[
            {
                "uuid": snapshot.id,
                "source_type": "snapshot",
                "destination_type": "volume",
                "boot_index": 0,
                "delete_on_termination": True,
            }
        ],
    )
    sim.settle()
    view = conn.compute.get(f"/servers/{server.id}", microversion="2.96").json()["server"]
    assert (view["status"], view["image"]) == ("ACTIVE", "")
    assert view["os-extended-volumes:volumes_attached"][0]["delete_on_termination"] is True


def test_user_data_must_be_base64(conn: Any) -> None:
    server = {"name": "ud", "imageRef": ubuntu_id(conn), "flavorRef": "2", "networks": "none", "user_data": "%%%"}
    message = raw_boot(conn, server).json()["badRequest"]["message"]
    assert message == "Invalid input for field/attribute user_data. Value: %%%. '%%%' is not a 'base64'"
    server["user_data"] = base64.b64encode(b"#cloud-config\n").decode()
    assert raw_boot(conn, server).status_code == 202


def test_create_image_before_2_45_answers_with_a_location(sim: SimCloud, conn: Any) -> None:
    web_02 = server_named(conn, "web-02")
    response = conn.compute.post(
        f"/servers/{web_02.id}/action", json={"createImage": {"name": "old-style"}}, microversion="2.44"
    )
    assert response.status_code == 202
    image_id = response.headers["Location"].rsplit("/", 1)[1]
    assert conn.image.get_image(image_id).name == "old-style"


def test_deleting_a_server_frees_its_volume(sim: SimCloud, conn: Any) -> None:
    web_02 = server_named(conn, "web-02")
    root = conn.block_storage.find_volume("web-02-root", ignore_missing=False)
    conn.compute.delete_server(web_02)
    sim.settle()
    assert conn.compute.find_server(web_02.id) is None
    assert conn.block_storage.get_volume(root.id).status == "available"


def test_with_a_delay_the_build_is_visible_before_the_server_is_active() -> None:
    with SimCloud(SimConfig(seed=42, delay=3600)) as slow:
        conn = openstack.connect(**slow.connect_args())
        server = conn.compute.create_server(
            name="slow", image_id=ubuntu_id(conn), flavor_id="2", networks=[{"uuid": network_id(conn, "private")}]
        )
        building = conn.compute.get_server(server.id)
        assert (building.status, building.task_state, building.addresses) == ("BUILD", "scheduling", {})
        slow.settle()
        active = conn.compute.get_server(server.id)
        assert (active.status, active.task_state, active.power_state) == ("ACTIVE", None, 1)
        conn.close()


def test_a_server_can_be_renamed(conn: Any) -> None:
    web_01 = server_named(conn, "web-01")
    renamed = conn.compute.update_server(web_01, name="web-01-old", description="retired")
    assert (renamed.name, renamed.description) == ("web-01-old", "retired")
    assert conn.compute.find_server("web-01") is None


def test_a_boot_can_answer_with_its_reservation_id(sim: SimCloud, conn: Any) -> None:
    server = {
        "name": "r",
        "imageRef": ubuntu_id(conn),
        "flavorRef": "2",
        "networks": "none",
        "return_reservation_id": True,
    }
    response = raw_boot(conn, server)
    assert response.status_code == 202
    reservation = response.json()["reservation_id"]
    assert reservation.startswith("r-")
    assert [s.name for s in conn.compute.servers(reservation_id=reservation)] == ["r"]


def test_the_quota_set_shows_limits_and_usage(conn: Any) -> None:
    project_id = conn.current_project_id
    quota = conn.compute.get(f"/os-quota-sets/{project_id}/detail", microversion="2.96").json()["quota_set"]
    assert quota["instances"] == {"in_use": 3, "limit": 10, "reserved": 0}
    assert "floating_ips" not in quota
    assert conn.compute.get("/os-quota-sets/someone-else").status_code == 403
