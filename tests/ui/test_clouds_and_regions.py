"""Choosing and switching clouds and regions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from volimage_tui.cli.connect import session_opener
from volimage_tui.settings import State, load_state
from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp

from .conftest import SIZE, type_text, wait_for_text


def test_several_clouds_and_no_choice_open_the_picker_and_f2_switches(
    make_app: Callable[..., VolimageApp], sim: SimCloud, clouds_yaml: Path
) -> None:
    sim.write_clouds_yaml(clouds_yaml, name="second")

    async def walk() -> None:
        app = make_app(cloud=None)
        async with app.run_test(size=SIZE) as pilot:
            picker = await wait_for_text(pilot, "Pick a cloud")
            assert "second" in picker and "volimage-demo" in picker
            assert "RegionOne, RegionTwo" in picker and str(clouds_yaml) in picker
            assert "built-in simulated cloud" in picker
            await pilot.press("enter")
            shown = await wait_for_text(pilot, "web-01-root")
            assert "second" in shown

            await pilot.press("f2")
            await wait_for_text(pilot, "Pick a cloud")
            await pilot.press("down", "enter")
            shown = await wait_for_text(pilot, "volimage — volimage-demo")
            assert "web-01-root" in shown

    asyncio.run(walk())


def test_the_region_command_lists_the_other_regions_volumes(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("colon")
            await type_text(pilot, "region RegionTwo")
            await pilot.press("enter")
            shown = await wait_for_text(pilot, "edge-root")
            assert "RegionTwo" in shown and "web-01-root" not in shown

            await pilot.press("f3")
            await wait_for_text(pilot, "Pick a region")
            await pilot.press("up", "enter")
            shown = await wait_for_text(pilot, "web-01-root")
            assert "edge-root" not in shown

    asyncio.run(walk())


def test_the_last_cloud_and_region_are_remembered(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app(cloud="volimage-demo", region="RegionTwo", remember=True, state=State())
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "edge-root")

    asyncio.run(walk())
    state = load_state()
    assert (state.last_cloud, state.last_region) == ("volimage-demo", "RegionTwo")


def test_without_any_clouds_yaml_the_demo_cloud_starts_and_the_header_says_so() -> None:
    async def walk() -> None:
        app = VolimageApp(session_opener(), state=State(), remember=False)
        async with app.run_test(size=SIZE) as pilot:
            shown = await wait_for_text(pilot, "web-01-root")
            assert "demo (simulated cloud)" in shown

    asyncio.run(walk())


def test_a_failed_connection_says_why_in_the_detail_pane_and_r_tries_again(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    sim.inject(service="identity", method="POST", path="/auth/tokens", status=500, times=None)

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            shown = await wait_for_text(pilot, "Not connected to volimage-demo")
            assert "HTTP 500" in shown and "r tries again" in shown
            assert "Connecting to the cloud" not in shown
            sim.clear_faults()
            await pilot.press("r")
            await wait_for_text(pilot, "web-01-root")

    asyncio.run(walk())
