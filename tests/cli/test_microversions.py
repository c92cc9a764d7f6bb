"""Every request to Nova and Cinder carries the microversion it needs, through the command line as a user runs it;
an older cloud gets the fallback or one line that says which feature needs which version."""

from __future__ import annotations

import pytest

from volimage_tui.simcloud import SimCloud

from .conftest import Volimage

LAUNCH = ("launch", "--image", "web-01-backup", "--flavor", "m1.small", "--wait", "--yes", "-f", "json")


def only_one_network(sim: SimCloud) -> None:
    """`auto` takes the project's only network (with several, Nova answers 409 'Multiple possible networks')."""
    for network in list(sim.region().networks):
        if network.name != "private":
            sim.region().networks.remove(network.id)


def versioned(sim: SimCloud, since: int = 0) -> list[tuple[str, str, str | None]]:
    """(method, path, microversion asked) of every Nova and Cinder API request, version documents left out."""
    return [
        (entry.method, entry.path, entry.microversion)
        for entry in sim.requests(since)
        if entry.service in ("compute", "volume") and not entry.path.rstrip("/").endswith(("/v3", "/v2.1"))
    ]


@pytest.mark.parametrize("word", ["none", "auto"])
def test_launch_with_network_none_or_auto_boots_at_2_37(volimage: Volimage, sim: SimCloud, word: str) -> None:
    only_one_network(sim)
    run = volimage(*LAUNCH, "--network", word, "--count", "2", "--name", f"net-{word}")
    assert run.code == 0, run.err
    servers = run.json()["servers"]
    assert [server["status"] for server in servers] == ["ACTIVE", "ACTIVE"]
    assert all(bool(server["addresses"]) is (word == "auto") for server in servers)
    (boot,) = [entry for entry in versioned(sim) if entry[:2] == ("POST", "/RegionOne/compute/v2.1/servers")]
    assert boot[2] == "2.37"


def test_every_nova_and_cinder_request_names_its_microversion(volimage: Volimage, sim: SimCloud) -> None:
    assert volimage("create-image", "--volume", "web-01-root", "--name", "mv", "--yes").code == 0
    assert volimage(*LAUNCH, "--network", "private", "--name", "mv-server").code == 0
    sent = versioned(sim)
    assert sent and all(version is not None for _, _, version in sent), [s for s in sent if s[2] is None]
    snapshot_posts = [version for method, path, version in sent if method == "POST" and path.endswith("/snapshots")]
    assert snapshot_posts == ["3.66"]
    assert {version for method, path, version in sent if path.endswith("/servers")} == {"2.1"}


def test_the_preview_shows_the_microversion_it_will_send(volimage: Volimage) -> None:
    run = volimage("preview", "--volume", "web-01-root", "--name", "mv", "-f", "json")
    assert run.code == 0, run.err
    snapshot = run.json()["requests"][0]
    assert (snapshot["method"], snapshot["path"], snapshot["microversion"]) == ("POST", "/snapshots", "volume 3.66")
    assert "force" not in snapshot["body"]["snapshot"]
    people = volimage("preview", "--volume", "web-01-root", "--name", "mv")
    assert "POST volumev3:/snapshots\nOpenStack-API-Version: volume 3.66\n" in people.out
