"""Faults through the UI, and double presses.

Each flow meets a fault of each kind of outcome, driven with keys as a user would (every step and fault is in the
matrix at the actions seam, tests/cloud/test_fault_matrix.py): failing for good ends in one error notification
with the matrix's words, naming the flow, the cause and what was rolled back, with nothing half-made; a fault
keystoneauth recovers from goes unnoticed and the flow completes.

Then double actions (two presses of Create, Launch or a confirmation arriving together, double clicks: one image,
one batch of servers). A slow cloud is tests/ui/test_slow_cloud.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from volimage_tui.cloud.actions import Actions
from volimage_tui.cloud.profiles import choose_profile
from volimage_tui.cloud.session import Session
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan
from volimage_tui.simcloud import SimCloud
from volimage_tui.ui.app import VolimageApp
from volimage_tui.ui.screens.browser import BrowserScreen
from volimage_tui.ui.screens.compose import ComposeScreen
from volimage_tui.ui.screens.launch import LaunchScreen

from ..cli.test_faults import MAIN_STEP, OUTCOMES
from ..cloud.test_fault_matrix import expected_line
from ..cloud.test_fault_matrix import shown as shown_line
from ..cloud.workflows import API_TIMEOUT, FAULTS, STEPS, FaultKind, WorkflowStep, landed
from .conftest import CLOUD, SIZE, pick, press_at_once, screen_text, settle, wait_for_text

DOOMED = "zz-doomed"
"""The placeholders the delete flow deletes (`zz-doomed-0` ...), made before the app starts."""

HEADINGS = {"create": "Creating image fedora-dev-boot", "launch": "Launching web-01-backup-server"}


# driving the app


def error_notices(app: VolimageApp) -> list[str]:
    return [f"{notice.title}: {notice.message}" for notice in app.notices if notice.severity == "error"]


async def open_compose(pilot: Pilot[int]) -> None:
    """The compose screen of a placeholder from volume fedora-dev, snapshotted first."""
    await pick(pilot, "1", "fedora-dev")
    await pilot.press("c")
    await wait_for_text(pilot, "<new snapshot>")


async def open_launch(pilot: Pilot[int], count: int = 2) -> None:
    """The launch screen of the demo's placeholder web-01-backup, for `count` servers."""
    if not isinstance(pilot.app.screen, BrowserScreen) or not pilot.app.screen.table().highlighted:
        await pick(pilot, "3", "web-01-backup")
    await pilot.press("l")
    await wait_for_text(pilot, "No problems found")
    await pilot.click("#launch-count")
    await pilot.press("end", "backspace", str(count))
    await wait_for_text(pilot, "No problems found")


async def still_usable(pilot: Pilot[int]) -> None:
    """Back on the browser, another view lists its rows."""
    for _ in range(5):
        if isinstance(pilot.app.screen, BrowserScreen):
            break
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(pilot.app.screen, BrowserScreen)
    await pilot.press("4")
    shown = await wait_for_text(pilot, "web-02")
    assert "Servers:" in shown


# the flows of the matrix: each brings the app to the last question, whatever screen the previous case left


async def ready_to_create(pilot: Pilot[int], case: int) -> Callable[[], Awaitable[None]]:
    if not isinstance(pilot.app.screen, ComposeScreen):
        await open_compose(pilot)
    await pilot.press("ctrl+s")
    await wait_for_text(pilot, "Create this placeholder image?")
    return lambda: pilot.press("y")


async def ready_to_launch(pilot: Pilot[int], case: int) -> Callable[[], Awaitable[None]]:
    if not isinstance(pilot.app.screen, LaunchScreen):
        await open_launch(pilot)
    await pilot.press("ctrl+s")
    await wait_for_text(pilot, "Launch these servers?")
    return lambda: pilot.press("y")


async def ready_to_delete(pilot: Pilot[int], case: int) -> Callable[[], Awaitable[None]]:
    name = f"{DOOMED}-{case}"
    await pick(pilot, "3", name)
    await pilot.press("d")
    await wait_for_text(pilot, f"Delete image {name}?")
    await pilot.click("#delete-snapshots")
    await wait_for_text(pilot, f"{name} root")

    async def confirm() -> None:
        await pilot.click("#delete-yes")

    return confirm


READY = {"create": ready_to_create, "launch": ready_to_launch, "delete": ready_to_delete}


def make_placeholders(names: list[str]) -> None:
    """Placeholders with their own snapshot (`NAME root`), as `create-image --volume fedora-dev` makes them."""
    session = Session(choose_profile(CLOUD))
    try:
        volume = session.find_volume("fedora-dev")
        for name in names:
            Actions(session).create_placeholder(build_plan(BootSource.from_volume(volume), PlaceholderOptions(name)))
    finally:
        session.close()


# the verdict on one case


@dataclass(frozen=True)
class Case:
    step: WorkflowStep
    fault: FaultKind
    index: int
    errors: list[str]
    """The error notifications the case raised."""
    shown: str
    """The screen when the action had ended."""


def in_the_uis_names(line: str, name: str) -> str:
    """The matrix's line (image `m`, servers `w-N`) for the UI's default names."""
    for short, long in (("'m root'", f"'{name} root'"), ("'m'", f"'{name}'"), ("'w-", f"'{name}-")):
        line = line.replace(short, long)
    for short in (" m ", " w "):
        line = line.replace(short, f" {name} ")
    return line.replace("image m.", f"image {name}.")


def judge(case: Case, sim: SimCloud, mark: int) -> None:
    """What the user and the cloud show after `case`: one notification in the matrix's words, nothing
    half-made; or no notification and the flow completed."""
    step, fault, shown = case.step, case.fault, case.shown
    sim.settle()
    audit = sim.audit(mark)
    doomed = f"{DOOMED}-{case.index}"
    images, snapshots = ({row.name for row in getattr(sim.region(), kind)} for kind in ("images", "snapshots"))
    if step.method in fault.recovers:
        assert case.errors == [], case.errors
        if step.workflow == "create":
            assert "is active" in shown, shown
            assert sorted(audit.created) == ["RegionOne/images", "RegionOne/snapshots"], audit.created
        elif step.workflow == "launch":
            assert shown.count(": ACTIVE") == 2, shown
            assert len(audit.created["RegionOne/servers"]) == 2, audit.created
        else:
            assert f"Done: deleted image {doomed}" in shown, shown
            assert doomed not in images and f"{doomed} root" not in snapshots
        return

    (notice,) = case.errors
    assert "Traceback" not in notice and "Traceback" not in shown
    name = {"create": "fedora-dev-boot", "launch": "web-01-backup-server", "delete": doomed}[step.workflow]
    heading = HEADINGS.get(step.workflow, f"Deleting image {doomed}")
    assert shown_line(notice) == f"{heading}: " + in_the_uis_names(expected_line(step, fault), name)
    if step.workflow in ("create", "launch"):
        assert audit.clean, (notice, audit.created)
    else:
        assert doomed in images and f"{doomed} root" in snapshots


@pytest.mark.parametrize("workflow", list(MAIN_STEP))
def test_a_fault_of_each_kind_ends_in_one_notification_and_the_app_stays_usable(
    workflow: str, make_app: Callable[..., VolimageApp], sim: SimCloud, clouds_yaml: Path
) -> None:
    """Fails for good, recovers, answer lost: one after the other in one session of the app, as a user who
    meets a failure and tries again would. The retry working is the first proof the app stayed usable; another
    view listing its rows is the last."""
    (step,) = [step for step in STEPS if step.name == MAIN_STEP[workflow]]
    faults = [fault for name in OUTCOMES.values() for fault in FAULTS if fault.name == name]
    if workflow == "delete":
        make_placeholders([f"{DOOMED}-{index}" for index in range(len(faults))])
    sim.settle()

    async def walk() -> None:
        app = make_app(api_timeout=API_TIMEOUT)
        async with app.run_test(size=SIZE) as pilot:
            for index, fault in enumerate(faults):
                confirm = await READY[workflow](pilot, index)
                app.clear_notifications()
                mark = sim.mark()
                sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
                await confirm()
                shown = await wait_for_text(pilot, "Close")
                landed(sim, mark, step)
                sim.clear_faults()
                judge(Case(step, fault, index, error_notices(app), shown), sim, mark)
                await pilot.press("escape")
                await settle(pilot)
            await still_usable(pilot)

    asyncio.run(walk())


# double actions


async def double_click(pilot: Pilot[int], selector: str) -> None:
    await pilot.click(selector, times=2)
    await settle(pilot)


Press = Callable[[Pilot[int]], Awaitable[None]]


async def ctrl_s_twice(pilot: Pilot[int]) -> None:
    await press_at_once(pilot, "ctrl+s", "ctrl+s")


async def double_click_create(pilot: Pilot[int]) -> None:
    await double_click(pilot, "#compose-create")


async def double_click_launch(pilot: Pilot[int]) -> None:
    await double_click(pilot, "#launch-go")


async def confirm_with_y_twice(pilot: Pilot[int]) -> None:
    await press_at_once(pilot, "y", "y")


async def confirm_with_enter_twice(pilot: Pilot[int]) -> None:
    await pilot.press("shift+tab")  # from Cancel (focused first) to the confirming button
    await press_at_once(pilot, "enter", "enter")


async def confirm_with_a_double_click(pilot: Pilot[int]) -> None:
    await double_click(pilot, "#confirm-yes")


def test_pressing_create_or_confirming_twice_makes_one_image(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    rounds: dict[str, tuple[Press, Press]] = {
        "ctrl+s twice, y twice": (ctrl_s_twice, confirm_with_y_twice),
        "ctrl+s twice, Enter twice": (ctrl_s_twice, confirm_with_enter_twice),
        "double clicks": (double_click_create, confirm_with_a_double_click),
    }
    made: dict[str, dict[str, int]] = {}

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_compose(pilot)
            for name, (create, confirm) in rounds.items():
                mark = sim.mark()
                await create(pilot)
                await wait_for_text(pilot, "Create this placeholder image?")
                await confirm(pilot)
                await wait_for_text(pilot, "is active")
                await pilot.press("escape")
                await settle(pilot)
                assert isinstance(app.screen, ComposeScreen), f"{name}: {screen_text(app)}"
                sim.settle()
                made[name] = {kind: len(ids) for kind, ids in sim.audit(mark).created.items()}

    asyncio.run(walk())
    assert made == {name: {"RegionOne/images": 1, "RegionOne/snapshots": 1} for name in rounds}


def test_pressing_launch_or_confirming_twice_launches_one_batch(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    rounds: dict[str, tuple[Press, Press]] = {
        "ctrl+s twice, y twice": (ctrl_s_twice, confirm_with_y_twice),
        "double clicks": (double_click_launch, confirm_with_a_double_click),
    }
    made: dict[str, int] = {}

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            for name, (launch, confirm) in rounds.items():
                await open_launch(pilot, count=2)
                mark = sim.mark()
                await launch(pilot)
                await wait_for_text(pilot, "Launch these servers?")
                await confirm(pilot)
                done = await wait_for_text(pilot, "Close")
                assert done.count(": ACTIVE") == 2, done
                await pilot.press("escape")
                await settle(pilot)
                assert isinstance(app.screen, BrowserScreen), f"{name}: {screen_text(app)}"
                sim.settle()
                made[name] = len(sim.audit(mark).created.get("RegionOne/servers", []))

    asyncio.run(walk())
    assert made == dict.fromkeys(rounds, 2)


def test_double_clicking_delete_deletes_once_and_shows_the_progress(
    make_app: Callable[..., VolimageApp], sim: SimCloud, clouds_yaml: Path
) -> None:
    make_placeholders([DOOMED])

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pick(pilot, "3", DOOMED)
            await pilot.press("d")
            await pilot.click("#delete-snapshots")
            await wait_for_text(pilot, f"{DOOMED} root")
            await double_click(pilot, "#delete-yes")
            done = await wait_for_text(pilot, "Close")
            assert f"Done: deleted image {DOOMED}; deleted snapshot {DOOMED} root." in done
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, BrowserScreen)
            assert error_notices(app) == []

    asyncio.run(walk())
    sim.settle()
    assert DOOMED not in {image.name for image in sim.region().images}
