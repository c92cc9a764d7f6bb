"""The whole walk a user takes: browse, filter, pick a source, preview, create the image, launch servers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from openstack.connection import Connection
from textual.widgets import SelectionList

from volimage_tui.ui.app import VolimageApp

from .conftest import SIZE, pick, screen_text, settle, type_text, wait_for_text


def test_a_snapshot_becomes_an_image_that_boots_two_active_servers(
    make_app: Callable[..., VolimageApp], conn: Connection
) -> None:
    golden = next(conn.block_storage.snapshots(name="web-golden"))

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            shown = await wait_for_text(pilot, "web-01-root")
            assert "volimage-demo" in shown and "RegionOne" in shown
            assert "scratch" in shown

            await pilot.press("slash")
            await type_text(pilot, "web-01")
            await settle(pilot)
            filtered = screen_text(app)
            assert "web-01-root" in filtered and "scratch" not in filtered
            await pilot.press("escape")

            await pilot.press("2")
            await wait_for_text(pilot, "rocky-base")
            await pilot.press("slash")
            await type_text(pilot, "web-golden")
            await pilot.press("enter")
            await pilot.press("enter")

            preview = await wait_for_text(pilot, golden.id)
            assert '"source_type": "snapshot"' in preview
            assert "No problems found" in preview

            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            await pilot.press("y")
            await wait_for_text(pilot, "is active")

            await pilot.click("#progress-follow-up")
            await wait_for_text(pilot, "server create --image")
            await pilot.click("#launch-count")
            await pilot.press("end", "backspace")
            await type_text(pilot, "2")
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Launch these servers?")
            await pilot.press("y")
            done = await wait_for_text(pilot, "Close")
            assert done.count(": ACTIVE") == 2

    asyncio.run(walk())

    image = conn.image.find_image("web-golden-boot")
    assert image is not None and image.status == "active"
    assert golden.id in image.properties["block_device_mapping"]
    servers = [server for server in conn.compute.servers() if server.image and server.image.id == image.id]
    assert sorted(server.status for server in servers) == ["ACTIVE", "ACTIVE"]


def test_a_volume_in_use_is_snapshotted_first_and_the_image_maps_that_snapshot(
    make_app: Callable[..., VolimageApp], conn: Connection
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "1", "db-01-root")
            await pilot.press("c")
            preview = await wait_for_text(pilot, "<new snapshot>")
            assert "crash-consistent" in preview
            await pilot.press("ctrl+s")
            confirm = await wait_for_text(pilot, "Create this placeholder image?")
            assert "a snapshot db-01-root-boot root of volume db-01-root" in confirm
            await pilot.press("y")
            done = await wait_for_text(pilot, "is active")
            assert "Its snapshot: db-01-root-boot root" in done
            await pilot.press("escape", "escape", "3")
            await pilot.press("slash")
            await type_text(pilot, "db-01-root-boot")
            images = await wait_for_text(pilot, "Placeholder (made by volimage)")
            assert "volimage" in images

    asyncio.run(walk())

    snapshot = next(conn.block_storage.snapshots(name="db-01-root-boot root"))
    assert snapshot.status == "available"
    image = conn.image.find_image("db-01-root-boot")
    assert image is not None and image.status == "active"
    assert snapshot.id in image.properties["block_device_mapping"]


def test_using_the_volume_directly_is_marked_single_use(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "1", "cirros-test")
            await pilot.press("enter")
            await wait_for_text(pilot, "<new snapshot>")
            await pilot.click("#opt-direct")
            shown = await wait_for_text(pilot, "one server at a time")
            assert '"source_type": "volume"' in shown

    asyncio.run(walk())


def test_a_snapshot_can_be_added_as_a_data_disk_every_server_gets(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "2", "web-golden")
            await pilot.press("enter")
            await wait_for_text(pilot, "db-data-daily  (200 GiB)")
            app.screen.query_one("#opt-extra-snapshots").focus()
            await pilot.press("end", "space")
            shown = await wait_for_text(pilot, '"device_name": "/dev/vdb"')
            assert shown.count('"source_type": "snapshot"') == 2

    asyncio.run(walk())


def test_an_existing_volume_can_be_attached_as_a_data_disk(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "2", "web-golden")
            await pilot.press("enter")
            await wait_for_text(pilot, "Existing volumes")
            volumes = app.screen.query_one("#opt-extra-volumes", SelectionList)
            prompts = [str(volumes.get_option_at_index(i).prompt) for i in range(volumes.option_count)]
            assert "scratch  (50 GiB)" in prompts
            assert not any(prompt.startswith("web-01-root ") for prompt in prompts)  # in use: not offered
            volumes.focus()
            volumes.highlighted = prompts.index("scratch  (50 GiB)")
            await pilot.press("space")
            shown = await wait_for_text(pilot, '"device_name": "/dev/vdb"')
            assert shown.count('"source_type": "volume"') == 1
            assert "Data disk scratch is an existing volume: one server at a time." in shown

    asyncio.run(walk())
