"""How the lineage, the fleet columns and prune look, as SVG snapshots checked by eye (the conventions of
`test_snapshots.py`: a seeded cloud with a frozen clock, seeded ids, workers awaited, nothing blinking).

Each starts from the same fleet: placeholder `web` made from snapshot web-golden with its volumes kept after their
servers, two servers launched from it, and web-2 deleted, which leaves its root volume orphaned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openstack.connection import Connection
from textual.pilot import Pilot
from textual.widgets import Checkbox

from volimage_tui.simcloud import SimCloud

from .conftest import settle, wait_for_text
from .test_lineage_view import Fleet, make_fleet
from .test_snapshots import MakeApp, Snap, clouds_yaml, seeded_ids, set_field, shot, sim

__all__ = ["clouds_yaml", "seeded_ids", "sim"]  # the fixtures of test_snapshots.py, used here by name

VOLUMES_LISTED = "Volumes: 16 of 16"
"""The demo's 14 volumes and the fleet's two clones: where every walk starts."""


async def show_view(pilot: Pilot[int], key: str, listed: str) -> None:
    await wait_for_text(pilot, VOLUMES_LISTED)
    await pilot.press(key)
    await wait_for_text(pilot, listed)


async def select(pilot: Pilot[int], key: str, name: str) -> None:
    """Filter the view `key` down to `name`, its row highlighted."""
    await show_view(pilot, key, name)
    await pilot.press("slash")
    await set_field(pilot, "#view-filter", name)
    await pilot.press("enter")
    await settle(pilot)


@pytest.fixture
def fleet(clouds_yaml: Path, sim: SimCloud, conn: Connection) -> Fleet:
    return make_fleet(sim, conn)


def test_the_lineage_of_a_placeholder_with_a_server_and_an_orphaned_clone(
    make_app: MakeApp, fleet: Fleet, snap_compare: Snap
) -> None:
    """L on placeholder web: the tree from its source volume, the counts above it (1 server, 2 clones, 1 orphaned
    of 20 GiB), the orphan in yellow, and the placeholder's detail with its fleet beside the tree."""

    async def walk(pilot: Pilot[int]) -> None:
        await select(pilot, "3", "volimage")  # the one placeholder volimage made: web
        await pilot.press("L")
        await wait_for_text(pilot, "1 orphaned (20 GiB)")

    assert shot(snap_compare, make_app(), walk)


def test_the_images_view_with_the_servers_and_gib_of_each_placeholder(
    make_app: MakeApp, fleet: Fleet, snap_compare: Snap
) -> None:
    """The images: web (volimage) with 1 server holding 20 GiB, Nova's web-01-backup with none, plain images blank."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "3", "web-01-backup")
        await wait_for_text(pilot, " ok ")

    assert shot(snap_compare, make_app(), walk)


def test_the_servers_view_grouped_by_image(make_app: MakeApp, fleet: Fleet, snap_compare: Snap) -> None:
    """i on the servers view: a heading per image across the row (web, placeholder made by volimage, first), the
    servers indented under it, the count without the headings."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "4", "web-1")
        await wait_for_text(pilot, " volimage ")
        await pilot.press("i")
        await wait_for_text(pilot, "grouped by image")

    assert shot(snap_compare, make_app(), walk)


def test_the_prune_plan_with_the_orphaned_clone(make_app: MakeApp, fleet: Fleet, snap_compare: Snap) -> None:
    """P, then the clones option: the orphaned volume to delete in red, why and what it frees, the total, and the
    Delete button saying how much it deletes."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "1", "web-01-root")
        await pilot.press("P")
        await wait_for_text(pilot, "in all:")
        pilot.app.screen.query_one("#prune-clones", Checkbox).value = True
        await wait_for_text(pilot, "1 volume(s); 20 GiB freed")

    assert shot(snap_compare, make_app(), walk)
