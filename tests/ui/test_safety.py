"""Read-only mode, and failures that must end as one line on screen with the app still usable."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import yaml
from openstack.connection import Connection

from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp

from .conftest import CLOUD, SIZE, pick, screen_text, settle, wait_for_notice, wait_for_text


def test_read_only_mode_refuses_to_create_launch_or_delete(
    make_app: Callable[..., VolimageApp], sim: SimCloud, conn: Connection
) -> None:
    mark = sim.mark()

    async def walk() -> None:
        app = make_app(read_only=True)
        async with app.run_test(size=SIZE) as pilot:
            shown = await wait_for_text(pilot, "web-01-root")
            assert "read-only" in shown
            await pick(pilot, "2", "web-golden")
            await pilot.press("c")
            compose = await wait_for_text(pilot, "Create (read-only)")
            assert "No problems found" in compose
            await pilot.press("ctrl+s")
            await wait_for_notice(pilot, "will not create images")
            assert "Create this placeholder image?" not in screen_text(app)
            await pilot.press("escape")

            await pick(pilot, "3", "web-01-backup")
            await pilot.press("d")
            await wait_for_notice(pilot, "will not delete images")
            await pilot.press("l")
            await wait_for_notice(pilot, "will not launch servers")

    asyncio.run(walk())
    assert conn.image.find_image("web-golden-boot") is None
    assert sim.audit(mark).clean


def test_a_failed_upload_is_rolled_back_shown_in_one_line_and_the_app_stays_usable(
    make_app: Callable[..., VolimageApp], sim: SimCloud, conn: Connection
) -> None:
    sim.inject(service="image", method="PUT", path="/file$", status=500)

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "1", "web-01-root")
            await pilot.press("c")
            await wait_for_text(pilot, "<new snapshot>")
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            await pilot.press("y")
            failed = await wait_for_text(pilot, "Rolled back")
            assert "Traceback" not in failed
            assert "Rolled back" in await wait_for_notice(pilot, "Creating image web-01-root-boot")
            await pilot.press("escape")
            await pilot.press("escape")
            await pilot.press("escape")
            await pilot.press("4")
            shown = await wait_for_text(pilot, "web-02")
            assert "Servers:" in shown

    asyncio.run(walk())
    assert conn.image.find_image("web-01-root-boot") is None
    assert list(conn.block_storage.snapshots(name="web-01-root-boot root")) == []


def test_a_failed_listing_is_a_notification_and_refresh_recovers(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            sim.inject(service="volume", method="GET", path="/snapshots", status=500)
            await pilot.press("2")
            await settle(pilot)
            await wait_for_notice(pilot, "Listing snapshots")
            assert "Snapshots: 0 of 0 · the listing failed: r tries again" in screen_text(app)
            await pilot.press("r")
            await wait_for_text(pilot, "web-golden")

    asyncio.run(walk())


def test_a_wrong_password_is_one_line_without_the_secret_and_another_cloud_can_be_picked(
    make_app: Callable[..., VolimageApp], sim: SimCloud, clouds_yaml: Path
) -> None:
    document = yaml.safe_load(clouds_yaml.read_text())
    broken = {**document["clouds"][CLOUD], "auth": {**document["clouds"][CLOUD]["auth"], "password": "not-the-pw-1"}}
    document["clouds"]["broken"] = broken
    clouds_yaml.write_text(yaml.safe_dump(document))

    async def walk() -> None:
        app = make_app(cloud="broken")
        async with app.run_test(size=SIZE) as pilot:
            notice = await wait_for_notice(pilot, "Cloud broken")
            assert "not-the-pw-1" not in notice and "Traceback" not in notice
            await pilot.press("f2")
            await wait_for_text(pilot, "Pick a cloud")
            await pilot.press("down", "enter")
            await wait_for_text(pilot, "web-01-root")

    asyncio.run(walk())
