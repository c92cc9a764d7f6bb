"""The lineage in the UI: the tree of a placeholder's chain, its nodes acted on, the fleet columns of the images and
servers views, the servers grouped by image, the metrics hints, and prune, all against the simulated cloud."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from openstack.connection import Connection
from textual.pilot import Pilot
from textual.widgets import Checkbox
from textual.widgets.tree import TreeNode

from volimage_tui.cli import main
from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp
from volimage_tui.ui.screens.lineage import LineageScreen
from volimage_tui.ui.widgets.lineage_tree import LineageRef, LineageTree

from .conftest import CLOUD, SIZE, pick, screen_text, settle, wait_for_notice, wait_for_text

MakeApp = Callable[..., VolimageApp]


@dataclass(frozen=True)
class Fleet:
    """Placeholder `web` (from snapshot web-golden, its volumes kept after their servers), server web-1 booted
    from it, and the root volume web-2 left behind when it was deleted: an orphaned clone."""

    image_id: str
    server_id: str
    orphan_id: str


def volimage(*arguments: str) -> str:
    """The command line, in this process, against the test's cloud; its output."""
    out = StringIO()
    with redirect_stdout(out), redirect_stderr(StringIO()):
        code = main(["--cloud", CLOUD, *arguments])
    assert code == 0, out.getvalue()
    return out.getvalue()


@pytest.fixture
def fleet(clouds_yaml: Path, sim: SimCloud, conn: Connection) -> Fleet:
    return make_fleet(sim, conn)


def make_fleet(sim: SimCloud, conn: Connection) -> Fleet:
    """Make the `Fleet` through volimage's command line and openstacksdk (the test's clouds.yaml must be set)."""
    volimage("create-image", "--snapshot", "web-golden", "--name", "web", "--no-delete-on-termination", "--yes")
    volimage(
        "launch", "--image", "web", "--flavor", "m1.small", "--network", "private", "--count", "2", "--name", "web",
        "--wait", "--yes",
    )  # fmt: skip
    servers = {server.name: server for server in conn.compute.servers(name="web")}
    (orphan_id,) = [a["id"] for a in servers["web-2"].attached_volumes]
    conn.compute.delete_server(servers["web-2"].id)
    sim.settle()
    image = conn.image.find_image("web")
    assert image is not None
    return Fleet(image.id, servers["web-1"].id, orphan_id)


async def open_lineage(pilot: Pilot[int], view: str, name: str) -> str:
    await pick(pilot, view, name)
    await pilot.press("L")
    return await wait_for_text(pilot, "Lineage of ")


def walk_nodes(tree: LineageTree) -> list[TreeNode[LineageRef]]:
    found, pending = [], list(tree.root.children)
    while pending:
        node = pending.pop(0)
        found.append(node)
        pending[:0] = node.children
    return found


def tree_lines(app: VolimageApp) -> list[str]:
    tree = app.screen.query_one(LineageTree)
    return [str(tree.get_node_at_line(line).label) for line in range(tree.last_line + 1)]  # type: ignore[union-attr]


def test_the_lineage_of_a_placeholder_shows_its_chain_with_counts_its_server_and_its_orphaned_clone(
    make_app: MakeApp, fleet: Fleet
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_lineage(pilot, "3", "web")
            await wait_for_text(pilot, "orphaned")
            lines = tree_lines(app)
            assert lines[0].startswith("volume web-01-root · in-use · 20 GiB · attached to web-01")
            assert lines[1].startswith("snapshot web-golden · available · 20 GiB")
            assert "2 clones, 1 orphaned" in lines[1]
            (placeholder,) = [line for line in lines if line.startswith("placeholder web ")]
            assert "volimage · 1 server (1 ACTIVE) · holds 20 GiB" in placeholder
            assert "server web-1 · ACTIVE" in lines
            assert "clone (no name) · in-use · 20 GiB · attached to web-1" in lines
            assert "clone (no name) · available · 20 GiB · ORPHANED: attached to nothing" in lines
            shown = screen_text(app)
            assert f"Lineage of image web ({fleet.image_id})" in shown
            counts = (
                "1 source volume · 1 snapshot · 1 placeholder · 1 server (1 ACTIVE) · 2 clones · 1 orphaned (20 GiB)"
            )
            assert counts in shown
            # the cursor starts on the subject, whose detail is beside the tree
            assert app.screen.query_one(LineageTree).cursor_node.data.id == fleet.image_id  # type: ignore[union-attr]
            assert "Placeholder (made by volimage)" in shown

    asyncio.run(walk())


def test_enter_on_a_node_shows_it_in_its_own_view_and_esc_shows_every_row(make_app: MakeApp, fleet: Fleet) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_lineage(pilot, "3", "web")
            tree = app.screen.query_one(LineageTree)
            await wait_for_text(pilot, "server web-1")
            (server,) = [node for node in walk_nodes(tree) if node.data and node.data.id == fleet.server_id]
            tree.move_cursor(server)
            await settle(pilot)
            await pilot.press("enter")
            shown = await wait_for_text(pilot, "Servers: 1 of 4")  # web-1 among the demo's three and itself
            assert not isinstance(app.screen, LineageScreen)
            assert f"filter '{fleet.server_id}'" in shown and "web-1" in shown
            await pilot.press("escape")
            await wait_for_text(pilot, "Servers: 4 of 4")
            assert app.screen.query_one("#table-servers").highlighted.id == fleet.server_id  # type: ignore[attr-defined]

    asyncio.run(walk())


def test_L_on_a_node_follows_its_own_lineage_and_esc_comes_back(make_app: MakeApp, fleet: Fleet) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_lineage(pilot, "3", "web")
            await wait_for_text(pilot, "orphaned")
            tree = app.screen.query_one(LineageTree)
            tree.move_cursor(tree.root.children[0])  # the source volume
            await settle(pilot)
            await pilot.press("L")
            shown = await wait_for_text(pilot, "Lineage of volume web-01-root")
            assert "placeholder web-01-backup" in shown and "placeholder web " in shown  # both its snapshots'
            await pilot.press("escape")
            await wait_for_text(pilot, "Lineage of image web ")
            await pilot.press("escape")
            await wait_for_text(pilot, "filter 'web'")
            assert not isinstance(app.screen, LineageScreen)

    asyncio.run(walk())


def test_a_server_opens_the_lineage_of_its_image_with_the_cursor_on_itself_whose_keys_act_on_it(
    make_app: MakeApp, fleet: Fleet
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_lineage(pilot, "4", "web-1")
            await wait_for_text(pilot, "Lineage of image web ")
            assert app.screen.query_one(LineageTree).cursor_node.data.id == fleet.server_id  # type: ignore[union-attr]
            await pilot.press("m")
            await wait_for_notice(pilot, f"Copied the Prometheus and Gnocchi queries of image {fleet.image_id}")
            assert f"\"image_ref='{fleet.image_id}'\"" in app.clipboard
            assert "__meta_openstack_instance_image" in app.clipboard
            await pilot.press("y")
            shown = await wait_for_text(pilot, "server web-1")
            assert f"id: {fleet.server_id}" in shown  # the raw server, as Nova sends it

    asyncio.run(walk())


def test_the_images_view_counts_each_placeholders_servers_and_gib_after_the_rows(
    make_app: MakeApp, sim: SimCloud, fleet: Fleet
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, f"{CLOUD} · RegionOne")
            await settle(pilot)
            mark = len(sim.requests())
            await pilot.press("3")
            shown = await wait_for_text(pilot, "Servers")
            rows = {line.split()[0]: line for line in shown.splitlines() if line.startswith(("web ", "web-01-backup"))}
            assert " 1 " in rows["web"] and " 20 " in rows["web"]
            assert " 0 " in rows["web-01-backup"]
            listings = [r for r in sim.requests(mark) if r.method == "GET" and r.path.endswith(("/images", "/detail"))]
            listed = [r.path.split("/")[-2:] for r in listings]  # (version documents and tokens aside)
            # the images' pages, then one listing each of volumes, snapshots and servers: none per placeholder
            assert sorted(map(tuple, listed)) == sorted(
                [("v2", "images"), ("volumes", "detail"), ("snapshots", "detail"), ("servers", "detail")]
            ), listed

    asyncio.run(walk())


def test_the_servers_view_names_each_servers_image_and_groups_by_it(make_app: MakeApp, fleet: Fleet) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, f"{CLOUD} · RegionOne")
            await pilot.press("4")
            shown = await wait_for_text(pilot, " volimage ")
            (web_1,) = [line for line in shown.splitlines() if line.startswith("web-1 ")]
            assert " web " in web_1 and " volimage " in web_1
            (web_01,) = [line for line in shown.splitlines() if line.startswith("web-01 ")]
            assert "(a volume)" in web_01  # booted from its volume, with no image

            await pilot.press("i")
            grouped = await wait_for_text(pilot, "grouped by image")
            assert "▾ web · placeholder (volimage) · 1 server (1 ACTIVE)" in grouped
            lines = grouped.splitlines()
            heading = next(i for i, line in enumerate(lines) if "▾ web ·" in line)
            assert lines[heading + 1].startswith("  web-1 ")
            assert "Servers: 4 of 4 · grouped by image" in grouped  # the headings are not counted
            await pilot.press("i")
            await wait_for_notice(pilot, "Servers ungrouped")
            assert "▾" not in screen_text(app)

    asyncio.run(walk())


def test_the_detail_pane_of_a_placeholder_says_how_to_group_its_servers_metrics_by_image(
    make_app: MakeApp, fleet: Fleet
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=(200, 80)) as pilot:  # room for every line of the pane
            await pick(pilot, "3", "web")
            shown = await wait_for_text(pilot, "Metrics by image")
            assert "__meta_openstack_instance_image" in shown
            assert f'image_id="{fleet.image_id}"' in shown
            assert "gnocchi resource search --type instance \\" in shown
            assert f"\"image_ref='{fleet.image_id}'\"" in shown
            assert "Servers 1 (1 ACTIVE)" in shown

    asyncio.run(walk())


def test_prune_shows_the_plan_confirms_and_deletes_exactly_what_it_listed(
    make_app: MakeApp, sim: SimCloud, conn: Connection, fleet: Fleet
) -> None:
    made = json.loads(volimage("create-image", "--volume", "fedora-dev", "--name", "idle", "--yes", "-f", "json"))
    idle_id, idle_snapshot_id = made["image"]["id"], made["snapshot"]["id"]

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, f"{CLOUD} · RegionOne")
            await pilot.press("P")
            plan = await wait_for_text(pilot, "in all:")
            assert "in all: 0 image(s), 0 snapshot(s), 0 volume(s); 0 GiB freed" in plan
            assert f"keep volume (no name) ({fleet.orphan_id})" in plan  # listed, kept without the option
            app.screen.query_one("#prune-unused", Checkbox).value = True
            app.screen.query_one("#prune-clones", Checkbox).value = True
            plan = await wait_for_text(pilot, "in all: 1 image(s), 1 snapshot(s), 1 volume(s)")
            assert f"delete image idle ({idle_id}): no server boots from it; frees 1 snapshot(s)" in plan
            assert f"delete volume (no name) ({fleet.orphan_id})" in plan
            assert "keep image web-01-backup" in plan  # Nova's: named, never deleted
            await pilot.click("#prune-yes")
            question = await wait_for_text(pilot, "GiB?")
            assert "Delete 1 image(s), 1 snapshot(s) and 1 volume(s)" in question
            mark = sim.mark()
            await pilot.press("y")
            await wait_for_text(pilot, "Deleted: image idle")
            await pilot.press("escape")
            await wait_for_notice(pilot, "Pruned 3 resource(s)")
            sim.settle()
            deleted = sim.audit(mark).deleted
            assert sorted(gone for ids in deleted.values() for gone in ids) == sorted(
                [idle_id, idle_snapshot_id, fleet.orphan_id]
            ), deleted

    asyncio.run(walk())


def test_prune_in_read_only_mode_shows_the_plan_and_deletes_nothing(make_app: MakeApp, fleet: Fleet) -> None:
    async def walk() -> None:
        app = make_app(read_only=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, f"{CLOUD} · RegionOne")
            await pilot.press("P")
            app_screen = app.screen
            await wait_for_text(pilot, "in all:")
            app_screen.query_one("#prune-clones", Checkbox).value = True
            shown = await wait_for_text(pilot, "1 volume(s); 20 GiB freed")
            assert "Delete (read-only)" in shown
            assert app_screen.query_one("#prune-yes").disabled

    asyncio.run(walk())
