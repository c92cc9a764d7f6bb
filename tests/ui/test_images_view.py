"""The images view: placeholders recognised and decoded, dangling ones flagged, deletion after its plan."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp

from .conftest import SIZE, pick, wait_for_notice, wait_for_text


def mapped_snapshot(conn: Connection, image_name: str) -> str:
    """The id of the snapshot a placeholder image's mapping clones its root volume from."""
    image = conn.image.find_image(image_name)
    assert image is not None
    return str(image.properties["block_device_mapping"].split('"snapshot_id": "')[1].split('"')[0])


def test_a_nova_placeholder_is_marked_decoded_and_deleted_after_the_plan_which_keeps_nova_s_snapshot(
    make_app: Callable[..., VolimageApp], conn: Connection
) -> None:
    snapshot_id = mapped_snapshot(conn, "web-01-backup")

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "3", "web-01-backup")
            detail = await wait_for_text(pilot, "Placeholder (made by Nova)")
            assert "nova" in detail and snapshot_id in detail
            await wait_for_text(pilot, " ok ")

            await pilot.press("d")
            await wait_for_text(pilot, "delete image web-01-backup")
            await pilot.click("#delete-snapshots")
            plan = await wait_for_text(pilot, f"keep snapshot {snapshot_id}")
            assert "Delete image web-01-backup?" in plan and "volimage did not" in plan
            await pilot.click("#delete-yes")
            await wait_for_text(pilot, "Done: deleted image web-01-backup")
            await pilot.press("escape")
            await wait_for_notice(pilot, "Deleted image web-01-backup")

    asyncio.run(walk())
    assert conn.image.find_image("web-01-backup") is None
    assert conn.block_storage.find_snapshot(snapshot_id) is not None


def test_a_placeholder_whose_snapshot_is_gone_is_flagged_dangling(
    make_app: Callable[..., VolimageApp], conn: Connection
) -> None:
    snapshot_id = mapped_snapshot(conn, "web-01-backup")
    conn.block_storage.delete_snapshot(snapshot_id)

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "3", "web-01-backup")
            shown = await wait_for_text(pilot, "DANGLING")
            assert "DANGLING: gone snapshot" in shown and snapshot_id in shown

    asyncio.run(walk())


def test_a_server_that_fails_to_build_shows_novas_fault(
    make_app: Callable[..., VolimageApp], sim: SimCloud, conn: Connection
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "3", "web-01-backup")
            await pilot.press("l")
            await wait_for_text(pilot, "No problems found")
            sim.set_quotas(gigabytes=0)
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Launch these servers?")
            await pilot.press("y")
            done = await wait_for_text(pilot, "Close")
            assert "web-01-backup-server: ERROR" in done
            assert "Build of instance" in done

    asyncio.run(walk())
    assert [server.status for server in conn.compute.servers(name="web-01-backup-server")] == ["ERROR"]
