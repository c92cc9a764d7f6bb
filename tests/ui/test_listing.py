"""Listings arrive page by page and never hold the screen; the raw object is one key away."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.message import Message

from volimage_tui.cli.connect import session_opener
from volimage_tui.settings import Settings, State
from volimage_tui.simcloud import SimCloud, SimConfig
from volimage_tui.ui.app import VolimageApp
from volimage_tui.ui.messages import PageLoaded

from .conftest import CLOUD, SIZE, wait_for_text

EXTRA_VOLUMES = 2500


def test_volumes_arrive_page_by_page_and_all_are_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with SimCloud(SimConfig(seed=42, volumes=EXTRA_VOLUMES)) as sim:
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(sim.write_clouds_yaml(tmp_path / "clouds.yaml")))
        pages: list[int] = []

        def record(message: Message) -> None:
            if isinstance(message, PageLoaded) and message.kind == "volumes":
                pages.append(len(message.items))

        async def walk() -> None:
            app = VolimageApp(session_opener(), cloud=CLOUD, settings=Settings(), state=State(), remember=False)
            async with app.run_test(size=SIZE, message_hook=record) as pilot:
                await wait_for_text(pilot, f"Volumes: {EXTRA_VOLUMES + 14} of {EXTRA_VOLUMES + 14}")

        asyncio.run(walk())
    assert pages == [1000, 1000, 514]


def test_y_shows_the_raw_api_object_as_yaml_and_esc_closes_it(clouds_yaml: Path) -> None:
    async def walk() -> None:
        app = VolimageApp(session_opener(), cloud=CLOUD, settings=Settings(), state=State(), remember=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("y")
            shown = await wait_for_text(pilot, "os-vol-tenant-attr:tenant_id:")
            assert "name: broken-data" in shown
            await pilot.press("escape")
            shown = await wait_for_text(pilot, "Volumes: 14 of 14")
            assert "os-vol-tenant-attr:tenant_id:" not in shown

    asyncio.run(walk())
