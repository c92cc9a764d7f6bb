"""Keystone as openstacksdk and keystoneauth use it: discovery, password auth, catalog, expiry."""

from __future__ import annotations

from pathlib import Path

import openstack
import pytest
import requests
from openstack import exceptions as sdk_exceptions

from volimage_tui.simcloud import SimCloud


def test_a_clouds_yaml_entry_authenticates_and_lists_volumes(clouds_yaml: Path) -> None:
    connection = openstack.connect(cloud="volimage-demo")
    names = {volume.name for volume in connection.block_storage.volumes()}
    assert {"web-01-root", "build-root", "scratch"} <= names


def test_a_wrong_password_is_refused_with_401(sim: SimCloud) -> None:
    arguments = {**sim.connect_args(), "password": "not-the-password"}
    connection = openstack.connect(**arguments)
    with pytest.raises(sdk_exceptions.SDKException, match="HTTP 401"):
        connection.authorize()
    assert any(r.path == "/identity/v3/auth/tokens" and r.status == 401 for r in sim.requests())


def test_the_catalog_offers_every_service_in_two_regions(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    connection.authorize()
    auth = connection.session.auth
    assert auth is not None
    catalog = auth.get_access(connection.session).service_catalog  # type: ignore[attr-defined]
    for service_type in ("compute", "volumev3", "block-storage", "image", "network", "identity"):
        for region in ("RegionOne", "RegionTwo"):
            assert catalog.url_for(service_type=service_type, region_name=region, interface="public")


def test_each_region_answers_with_its_own_data(sim: SimCloud) -> None:
    one = openstack.connect(**sim.connect_args("RegionOne"))
    two = openstack.connect(**sim.connect_args("RegionTwo"))
    assert "edge-root" not in {v.name for v in one.block_storage.volumes()}
    assert {v.name for v in two.block_storage.volumes()} == {"edge-root", "edge-data"}


def test_an_expired_token_gets_401_and_the_client_authenticates_again(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    list(connection.block_storage.volumes())
    assert sim.expire_tokens() == 1
    mark = len(sim.requests())
    assert list(connection.block_storage.volumes())
    seen = [(r.method, r.path.split("/")[-1], r.status) for r in sim.requests(mark)]
    assert ("GET", "detail", 401) in seen
    assert ("POST", "tokens", 201) in seen
    assert seen[-1] == ("GET", "detail", 200)


def test_a_request_without_a_token_gets_keystonemiddleware_401(sim: SimCloud) -> None:
    response = requests.get(f"{sim.url}/RegionOne/compute/v2.1/servers", timeout=5)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The request you have made requires authentication."


def test_the_identity_root_is_a_version_document(sim: SimCloud) -> None:
    response = requests.get(sim.auth_url, timeout=5)
    assert response.status_code == 300
    (version,) = response.json()["versions"]["values"]
    assert version["id"].startswith("v3.")
    assert version["status"] == "stable"


def test_a_token_can_be_validated_and_revoked(sim: SimCloud) -> None:
    connection = openstack.connect(**sim.connect_args())
    token = connection.auth_token
    headers = {"X-Auth-Token": token, "X-Subject-Token": token}
    shown = requests.get(f"{sim.auth_url}/v3/auth/tokens", headers=headers, timeout=5)
    assert shown.status_code == 200
    assert shown.json()["token"]["project"]["name"] == "demo"
    assert requests.delete(f"{sim.auth_url}/v3/auth/tokens", headers=headers, timeout=5).status_code == 204
    again = requests.get(f"{sim.url}/RegionOne/compute/v2.1/flavors", headers={"X-Auth-Token": token}, timeout=5)
    assert again.status_code == 401


def test_an_application_credential_authenticates(sim: SimCloud) -> None:
    user = next(iter(sim.state.users.values()))
    user.app_credentials["0f0e0d0c0b0a49988776655443322110"] = "a-secret"
    connection = openstack.connect(
        auth_type="v3applicationcredential",
        auth={
            "auth_url": sim.auth_url,
            "application_credential_id": "0f0e0d0c0b0a49988776655443322110",
            "application_credential_secret": "a-secret",
        },
        region_name="RegionOne",
    )
    assert connection.compute.find_flavor("m1.small") is not None
