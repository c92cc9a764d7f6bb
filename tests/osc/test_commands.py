"""Every `openstack placeholder` command through the real `openstack` binary, asserting what a user sees (the
output, the exit code, the one-line error) and, from the simulated cloud's own state and request log, what was done.

Each run of `openstack` costs a second or two, so the life of a placeholder is one test, run as a user would.
"""

from __future__ import annotations

import argparse

import openstack as sdk
import pytest

from volimage_tui.simcloud import SimCloud

from .conftest import Openstack, changes


def snapshot_id(sim: SimCloud, name: str) -> str:
    return next(snapshot.id for snapshot in sim.region().snapshots if snapshot.name == name)


def test_a_placeholder_from_creation_to_deletion(openstack: Openstack, sim: SimCloud) -> None:
    golden = snapshot_id(sim, "web-golden")
    made = openstack("placeholder", "create", "--snapshot", "web-golden", "--min-ram", "1024", "web-tpl", "-f", "json")
    assert made.code == 0, made.err
    image = made.json()
    assert (image["Name"], image["Status"], image["Size"], image["Snapshot"]) == ("web-tpl", "active", 0, "")
    (root,) = image["Mapping"]
    assert (root["snapshot_id"], root["boot_index"], root["delete_on_termination"]) == (golden, 0, True)

    from_volume = openstack("placeholder", "create", "--volume", "build-root", "build-tpl", "-f", "json").json()
    made_snapshot = sim.region().snapshots.get(from_volume["Snapshot"])
    assert made_snapshot is not None and made_snapshot.status == "available", "the volume is snapshotted first"
    assert from_volume["Mapping"][0]["snapshot_id"] == made_snapshot.id

    listed = {row["Name"]: row for row in openstack("placeholder", "list", "-f", "json").json()}
    made_by = {name: row["Made By"] for name, row in listed.items()}
    assert made_by == {"web-tpl": "volimage", "build-tpl": "volimage", "web-01-backup": "nova"}, "and no plain image"
    assert listed["web-tpl"]["Mapping"][0]["snapshot_id"] == golden

    shown = openstack("placeholder", "show", "web-tpl", "-f", "json").json()
    assert shown["Sources"] == [
        {"type": "snapshot", "id": golden, "name": "web-golden", "status": "available", "size": 20}
    ]
    assert (shown["Root Device"], shown["Checks"]) == ("/dev/vda", [])

    mark = len(sim.requests())
    refused = openstack("placeholder", "launch", "web-tpl", "--flavor", "m1.tiny", "--network", "private")
    assert refused.code == 1
    assert refused.error_lines == [
        "Launching from image 'web-tpl' is blocked: Flavor m1.tiny has 512 MiB of RAM; the image needs at least "
        "1024 MiB."
    ], "the pre-flight checks of `volimage launch`"
    assert changes(sim, mark) == []

    launched = openstack(
        "placeholder", "launch", "web-tpl", "--flavor", "m1.small", "--network", "private", "--count", "2", "--wait",
        "-f", "json",
    ).json()  # fmt: skip
    assert [(server["Name"], server["Status"]) for server in launched] == [
        ("web-tpl-1", "ACTIVE"),
        ("web-tpl-2", "ACTIVE"),
    ]
    for server in launched:
        (volume_id,) = server["Volumes"]
        assert sim.region().volumes.get(volume_id).snapshot_id == golden  # type: ignore[union-attr]

    usage = openstack("placeholder", "list", "--usage", "-c", "Name", "-c", "Servers", "-c", "Server Statuses",
                      "-f", "json").json()  # fmt: skip
    assert {"Name": "web-tpl", "Servers": 2, "Server Statuses": "2 ACTIVE"} in usage
    chain = openstack("placeholder", "lineage", "web-tpl", "-f", "json").json()
    shown = [(row["Kind"].strip(), row["Name"]) for row in chain]
    assert ("placeholder", "web-tpl") in shown and ("server", "web-tpl-1") in shown and ("server", "web-tpl-2") in shown
    clones = [row for row in chain if row["Kind"].strip() == "clone"]
    assert {row["ID"] for row in clones} >= {server["Volumes"][0] for server in launched}
    assert all(row["Notes"].startswith("attached to web-tpl-") for row in clones if row["ID"] in str(launched))

    mark = len(sim.requests())
    plan = openstack("placeholder", "delete", "build-tpl", "--with-snapshots", "--dry-run")
    assert plan.out.splitlines() == [
        f"delete image build-tpl ({from_volume['ID']})",
        f"delete snapshot {made_snapshot.name} ({made_snapshot.id})",
    ]
    assert plan.error_lines == ["Dry run: nothing was deleted."]
    assert changes(sim, mark) == []

    deleted = openstack("placeholder", "delete", "build-tpl", "--with-snapshots")
    assert (deleted.code, deleted.out) == (0, "")
    assert sim.region().images.get(from_volume["ID"]) is None
    assert sim.region().snapshots.get(made_snapshot.id) is None, "the snapshot only it used went with it"


def test_list_dangling_shows_only_the_placeholders_whose_source_is_gone(openstack: Openstack, sim: SimCloud) -> None:
    cirros = snapshot_id(sim, "cirros-base")
    assert openstack("placeholder", "create", "--snapshot", "cirros-base", "cirros-tpl").code == 0
    connection = sdk.connect(**sim.connect_args())
    connection.block_storage.delete_snapshot(cirros)
    connection.close()
    sim.settle()

    dangling = openstack("placeholder", "list", "--dangling", "-c", "Name", "-c", "Problems", "-f", "json").json()

    assert dangling == [{"Name": "cirros-tpl", "Problems": [f"snapshot {cirros} is gone"]}], "-c is honoured"


@pytest.mark.parametrize("source", ["--snapshot web-golden", "--volume build-root"])
def test_a_dry_run_prints_the_plan_and_sends_nothing(openstack: Openstack, sim: SimCloud, source: str) -> None:
    mark, state = len(sim.requests()), sim.mark()

    result = openstack("placeholder", "create", *source.split(), "planned", "--dry-run", "-f", "json")

    assert result.code == 0, result.err
    plan = result.json()
    assert plan["Checks"] == []
    requests = [f"{request['method']} {request['path']}" for request in plan["Requests"]]
    image_requests = ["POST /v2/images", "PUT /v2/images/<new image>/file", "GET /v2/images/<new image>"]
    if source.startswith("--volume"):
        assert plan["Snapshot First"] is True
        assert requests[0] == "POST /snapshots"
    assert requests[-3:] == image_requests
    assert any(command.startswith("openstack --os-cloud volimage-demo") for command in plan["Commands"])
    assert changes(sim, mark) == []
    assert sim.audit(state).clean


def test_a_blocked_plan_is_refused_in_one_line_and_its_dry_run_shows_why(openstack: Openstack, sim: SimCloud) -> None:
    refused = openstack("placeholder", "create", "--snapshot", "web-golden", "--size", "5", "small")
    shown = openstack("placeholder", "create", "--snapshot", "web-golden", "--size", "5", "small", "--dry-run",
                      "-c", "Checks", "-f", "value")  # fmt: skip

    why = (
        "The volume size (5 GiB) is below the size of web-golden (20 GiB); Cinder cannot make a volume smaller "
        "than its source."
    )
    assert (refused.code, refused.out, refused.error_lines) == (1, "", [f"Image 'small' is blocked: {why}"])
    assert shown.code == 1, "the plan is shown, and the exit code says it cannot be made"
    assert why in shown.out
    assert changes(sim) == []


def test_an_unknown_snapshot_is_one_line_and_exit_code_1(openstack: Openstack, sim: SimCloud) -> None:
    result = openstack("placeholder", "create", "--snapshot", "no-such-snapshot", "x")

    assert (result.code, result.out) == (1, "")
    assert result.error_lines == ["There is no snapshot named or with ID 'no-such-snapshot'."]
    assert changes(sim) == []


def test_a_wrong_password_is_one_line_without_the_password(openstack: Openstack) -> None:
    secret = "not-the-password-7c1e9"

    result = openstack("--os-password", secret, "placeholder", "list")

    assert (result.code, result.out) == (1, "")
    (line,) = result.error_lines
    assert "(HTTP 401)" in line
    assert secret not in result.err


def test_help_shows_every_option_of_volimage_create_image(openstack: Openstack) -> None:
    from volimage_tui.cli.parser import build_parser

    result = openstack("help", "placeholder", "create")

    assert result.code == 0, result.err
    assert result.out.startswith("usage: openstack placeholder create")
    commands = next(action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction))
    volimage_create = commands.choices["create-image"]
    not_the_plan = {
        "-h",
        "--help",
        "--cloud",
        "--region",
        "--demo",
        "-f",
        "--format",
        "--timeout",
        "-y",
        "--yes",
        "--name",
    }
    options = {option for action in volimage_create._actions for option in action.option_strings} - not_the_plan
    assert options, "volimage's create-image options were found"
    assert {option for option in options if option not in result.out} == set()
    assert "--dry-run" in result.out
    assert " NAME" in result.out
