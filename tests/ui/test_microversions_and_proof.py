"""Through the UI: launching with networks none or auto, an older Nova explained before anything is sent, and a
quota refusal that deletes nothing of anyone else's."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from openstack.connection import Connection
from textual.pilot import Pilot
from textual.widgets import Button, Static

from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp

from ..cli.test_microversions import only_one_network
from ..cli.test_proof_before_deletion import lookalikes
from .conftest import SIZE, pick, screen_text, settle, wait_for_notice, wait_for_text

OLD_NOVA = {"max_microversions": {"compute": "2.36"}}


async def launch_screen_with_network_mode(pilot: Pilot[int], downs: int) -> None:
    """The launch screen of web-01-backup, the network mode picked with the keys (1 down: auto, 2: none)."""
    await pick(pilot, "3", "web-01-backup")
    await pilot.press("l")
    await wait_for_text(pilot, "No problems found")
    await pilot.click("#launch-network-mode")
    await pilot.press(*["down"] * downs, "enter")
    await settle(pilot)


@pytest.mark.parametrize(("word", "downs"), [("auto", 1), ("none", 2)])
def test_servers_launched_with_network_none_or_auto_become_active(
    make_app: Callable[..., VolimageApp], sim: SimCloud, word: str, downs: int
) -> None:
    only_one_network(sim)

    async def walk() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await launch_screen_with_network_mode(pilot, downs)
            await wait_for_text(pilot, "No problems found")
            command = str(pilot.app.screen.query_one("#launch-command", Static).content)
            assert "--os-compute-api-version 2.37 server create" in command and f"--nic {word}" in command
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Launch these servers?")
            await pilot.press("y")
            await wait_for_text(pilot, "Close")
            server = next(s for s in sim.region().servers if s.name == "web-01-backup-server")
            assert server.status == "ACTIVE"
            boots = [e for e in sim.requests() if e.method == "POST" and e.path.endswith("/compute/v2.1/servers")]
            assert [boot.microversion for boot in boots] == ["2.37"]

    asyncio.run(walk())


@pytest.mark.parametrize("sim", [OLD_NOVA], indirect=True)
def test_an_older_nova_explains_why_none_cannot_be_launched(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await launch_screen_with_network_mode(pilot, 2)
            shown = await wait_for_text(pilot, "needs Nova microversion 2.37")
            assert "✗ Launching with networks 'none' or 'auto' needs Nova microversion 2.37, and this cloud" in shown
            assert app.screen.query_one("#launch-go", Button).disabled
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Launch these servers?" not in screen_text(app)
            assert not [e for e in sim.requests() if e.mutating and e.service == "compute"]

    asyncio.run(walk())


def test_a_snapshot_quota_refusal_in_the_ui_deletes_nothing_of_anyone_elses(
    make_app: Callable[..., VolimageApp], sim: SimCloud, conn: Connection
) -> None:
    foreign = lookalikes(sim, conn, snapshot_name="fedora-dev-boot root", server_name="fedora-dev-boot")
    sim.set_quotas(snapshots=len(sim.region().snapshots))

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "1", "fedora-dev")
            await pilot.press("c")
            await wait_for_text(pilot, "<new snapshot>")
            mark = sim.mark()
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            await pilot.press("y")
            notice = await wait_for_notice(pilot, "SnapshotLimitExceeded")
            assert notice.endswith("Nothing was created."), notice
            audit = sim.audit(mark)
            assert audit.clean and not audit.deleted, audit.as_dict()
            assert foreign.untouched(sim)

    asyncio.run(walk())
