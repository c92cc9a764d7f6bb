"""The simulated Neutron v2.0 as openstacksdk sees it over HTTP: networks, subnets, security groups and ports."""

from __future__ import annotations

import pytest
from openstack import exceptions
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud


def test_the_unversioned_root_lists_v2_0_without_a_token(sim: SimCloud, conn: Connection) -> None:
    response = conn.session.get(f"{sim.url}/RegionOne/networking/", authenticated=False, raise_exc=False)

    assert response.status_code == 200
    (version,) = response.json()["versions"]
    assert (version["id"], version["status"]) == ("v2.0", "CURRENT")
    assert version["links"][0]["href"].endswith("/RegionOne/networking/v2.0/")


def test_a_network_is_found_by_name_with_its_subnet(conn: Connection) -> None:
    private = conn.network.find_network("private", ignore_missing=False)

    (subnet,) = conn.network.subnets(network_id=private.id)
    assert private.subnet_ids == [subnet.id]
    assert (subnet.cidr, subnet.gateway_ip, subnet.ip_version) == ("10.0.0.0/24", "10.0.0.1", 4)
    assert subnet.allocation_pools == [{"start": "10.0.0.2", "end": "10.0.0.254"}]


def test_networks_are_listed_and_filtered_by_router_external(conn: Connection) -> None:
    names = {network.name for network in conn.network.networks()}
    external = [network.name for network in conn.network.networks(is_router_external=True)]

    assert names == {"private", "db-net", "public"}
    assert external == ["public"]
    assert conn.network.find_network("public", ignore_missing=False).is_shared is True


def test_paging_follows_networks_links_and_yields_each_network_once(sim: SimCloud, conn: Connection) -> None:
    ids = [network.id for network in conn.network.networks(limit=1)]

    assert len(ids) == len(set(ids)) == 3
    assert ids == sorted(ids)
    paged = [entry for entry in sim.requests() if entry.path.endswith("/v2.0/networks")]
    assert sum("marker=" in entry.query for entry in paged) >= 2


def test_security_groups_are_listed_and_found_by_name(conn: Connection) -> None:
    groups = {group.name: group for group in conn.network.security_groups()}

    assert set(groups) == {"default", "web", "ssh"}
    web = conn.network.find_security_group("web", ignore_missing=False)
    assert web.id == groups["web"].id
    assert {rule["direction"] for rule in web.security_group_rules} == {"egress"}
    assert any(rule["remote_group_id"] == groups["default"].id for rule in groups["default"].security_group_rules)


def test_each_server_address_shows_as_a_port_on_its_subnet(sim: SimCloud, conn: Connection) -> None:
    db_01 = next(server for server in sim.region().servers if server.name == "db-01")
    db_net = conn.network.find_network("db-net", ignore_missing=False)

    (port,) = conn.network.ports(device_id=db_01.id)

    assert port.network_id == db_net.id
    assert port.fixed_ips == [{"subnet_id": db_net.subnet_ids[0], "ip_address": db_01.networks[0]["address"]}]
    assert port.device_owner == "compute:nova" and port.status == "ACTIVE"


def test_an_unknown_network_is_answered_with_a_neutron_error(conn: Connection) -> None:
    response = conn.network.get("/networks/no-such-network")

    assert response.status_code == 404
    assert response.json() == {
        "NeutronError": {
            "type": "NetworkNotFound",
            "message": "Network no-such-network could not be found.",
            "detail": "",
        }
    }
    with pytest.raises(exceptions.NotFoundException):
        conn.network.get_network("no-such-network")


def test_an_unknown_filter_is_refused(conn: Connection) -> None:
    response = conn.network.get("/networks?colour=blue")

    assert response.status_code == 400
    assert response.json()["NeutronError"]["type"] == "HTTPBadRequest"


def test_the_extensions_the_clients_ask_about_are_listed(conn: Connection) -> None:
    aliases = {extension.alias for extension in conn.network.extensions()}

    assert {"external-net", "security-group", "pagination", "sorting", "availability_zone"} <= aliases
    assert conn.network.find_extension("no-such-extension") is None
