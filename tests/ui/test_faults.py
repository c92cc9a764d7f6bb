"""The fault matrix through the UI, double presses, and a slow cloud.

The same steps and faults as the command line's matrix (tests/cli/test_fault_matrix.py), driven with keys as a user
would: a step that fails for good ends in one error notification naming the flow and the cause and saying what was
rolled back, with nothing half-made in the cloud; a fault keystoneauth recovers from (a transient 503, an expired
token, a dropped or timed-out read) goes unnoticed and the flow completes.

Each step runs its ten faults one after the other in one session of the app, as a user who meets a failure and
tries again would: the retry working is the first proof that the app stayed usable (the last is another view
listing its rows). Starting a fresh app for each of the 90 cases would take over ten minutes; this takes a few.

Then double actions (two presses of Create, Launch or a confirmation arriving together, double clicks: one image,
one batch of servers), and a slow cloud (a listing that takes seconds leaves the UI responsive and Esc stops it; Esc
stops a creation waiting for its snapshot, and rolls it back).
"""

from __future__ import annotations

import asyncio
import time
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

from ..cli.test_fault_matrix import FAULTS, STEPS, FaultKind, WorkflowStep
from .conftest import CLOUD, SIZE, notices, pick, press_at_once, screen_text, settle, wait_for_text

UI_MATRIX_SIZE = (len(STEPS), len(FAULTS), len(STEPS) * len(FAULTS))

API_TIMEOUT = 1.0
"""Seconds per request, so that the read time-out fault (1.5 s of latency) times out."""

DOOMED = "zz-doomed"
"""The placeholders the delete flow deletes (`zz-doomed-0` ...), made before the app starts."""

HEADINGS = {"create": "Creating image fedora-dev-boot", "launch": "Launching web-01-backup-server"}


# driving the app


def error_notices(app: VolimageApp) -> list[str]:
    return [f"{notice.title}: {notice.message}" for notice in app._notifications if notice.severity == "error"]


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


def judge(case: Case, sim: SimCloud, mark: int) -> None:
    """Assert what the user and the cloud show after `case`, as the command line's matrix does."""
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

    assert len(case.errors) == 1, case.errors
    (notice,) = case.errors
    assert fault.said in notice, notice
    assert "Traceback" not in notice and "Traceback" not in shown
    if step.workflow in ("create", "launch"):
        assert notice.startswith(HEADINGS[step.workflow] + ": "), notice
        assert "Rolled back" in notice or "Nothing was created" in notice, notice
        assert audit.clean, (notice, audit.created)
    else:
        assert notice.startswith(f"Deleting image {doomed}: "), notice
        if step.name == "image delete":
            assert doomed in images and f"{doomed} root" in snapshots
        else:
            assert f"Already done: deleted image {doomed}" in notice, notice
            assert doomed not in images


@pytest.mark.parametrize("step", STEPS, ids=[step.name for step in STEPS])
def test_every_fault_through_the_ui_ends_in_one_notification_and_nothing_half_made(
    step: WorkflowStep,
    make_app: Callable[..., VolimageApp],
    sim: SimCloud,
    clouds_yaml: Path,
    record_property: Callable[[str, object], None],
) -> None:
    if step.workflow == "delete":
        make_placeholders([f"{DOOMED}-{index}" for index in range(len(FAULTS))])
    sim.set_quotas(instances=1000, cores=4000, ram=10**8, volumes=1000, gigabytes=10**6)
    sim.settle()
    problems: list[str] = []
    ran = passed = 0

    async def walk() -> None:
        nonlocal ran, passed
        app = make_app(api_timeout=API_TIMEOUT)
        async with app.run_test(size=SIZE) as pilot:
            for index, fault in enumerate(FAULTS):
                confirm = await READY[step.workflow](pilot, index)
                app.clear_notifications()
                mark = sim.mark()
                sim.inject(service=step.service, method=step.method, path=step.path, **{"times": 1, **fault.fields})
                await confirm()
                shown = await wait_for_text(pilot, "Close")
                sim.clear_faults()
                case = Case(step, fault, index, error_notices(app), shown)
                ran += 1
                try:
                    judge(case, sim, mark)
                except AssertionError as failure:
                    problems.append(f"{step.name} | {fault.name}: {failure}")
                else:
                    passed += 1
                await pilot.press("escape")
                await settle(pilot)
            await still_usable(pilot)

    try:
        asyncio.run(walk())
    finally:
        record_property("ui_fault_cases", ran)
        record_property("ui_fault_cases_passed", passed)
    assert not problems, "\n".join(problems)


def test_the_ui_matrix_covers_every_step_and_fault() -> None:
    steps, faults, cases = UI_MATRIX_SIZE
    assert cases == steps * faults == 90
    assert {step.workflow for step in STEPS} == set(READY)


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


# a slow cloud


async def until(pilot: Pilot[int], shown: Callable[[str], bool], what: str, *, timeout: float = 5.0) -> str:
    """Wait until the screen's text passes `shown`, without waiting for workers (a slow one is the point)."""
    deadline = time.monotonic() + timeout
    while True:
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        if shown(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"never on screen: {what}\n{text}")
        await pilot.pause(0.05)


async def on_screen(pilot: Pilot[int], text: str, *, timeout: float = 5.0) -> str:
    return await until(pilot, lambda shown: text in shown, repr(text), timeout=timeout)


def status_line(text: str) -> str:
    """The browser's status line (`Volumes: 3 of 9 · ...`) in a screen's text."""
    views = ("Volumes:", "Snapshots:", "Images:", "Servers:")
    return next((line.strip() for line in text.splitlines() if line.strip().startswith(views)), "")


async def status_is(pilot: Pilot[int], status: str) -> str:
    return await until(pilot, lambda shown: status_line(shown) == status, f"status line {status!r}")


def test_a_slow_listing_leaves_the_ui_responsive_and_esc_stops_it(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    latency = 4.0
    sim.inject(service="volume", method="GET", path=r"/volumes/detail$", latency=latency)

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await status_is(pilot, "Volumes: 0 of 0 · listing…")
            started = time.monotonic()
            await pilot.press("question_mark")
            await on_screen(pilot, "source-compose")
            await pilot.press("escape", "2")
            await on_screen(pilot, "web-golden")
            await pilot.press("1", "slash", "w", "e", "b")
            await status_is(pilot, "Volumes: 0 of 0 · listing… · filter 'web'")
            await pilot.press("escape")
            shown = await status_is(pilot, "Volumes: 0 of 0 · listing…")
            assert "Listing volumes…" in shown
            assert time.monotonic() - started < latency, "the UI waited for the listing"
            await pilot.press("escape")
            shown = await status_is(pilot, "Volumes: 0 of 0")
            assert "No volumes shown." in shown
            assert any("Stopped listing volumes" in notice for notice in notices(app))
            await asyncio.sleep(max(0.0, started + latency + 0.5 - time.monotonic()))
            await settle(pilot)
            assert "web-01-root" not in screen_text(app), "the stopped listing filled the view when it came"
            await pilot.press("r")
            await wait_for_text(pilot, "web-01-root")

    asyncio.run(walk())


def test_esc_stops_a_creation_waiting_for_its_snapshot_and_rolls_it_back(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_compose(pilot)
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            mark = sim.mark()
            sim.config.delay = 1.5  # a snapshot now takes 1.5 s to become available
            await pilot.press("y")
            await on_screen(pilot, "creating")
            await pilot.press("escape")
            shown = await wait_for_text(pilot, "Close")
            (notice,) = error_notices(app)
            assert "Stopped waiting for Snapshot fedora-dev-boot root" in notice, notice
            assert "Rolled back: deleted snapshot 'fedora-dev-boot root'" in notice, notice
            assert "is active" not in shown
            sim.settle()
            assert sim.audit(mark).clean

    asyncio.run(walk())


def test_esc_stops_a_launch_waiting_for_its_servers_and_rolls_it_back(
    make_app: Callable[..., VolimageApp], sim: SimCloud
) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_launch(pilot, count=2)
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Launch these servers?")
            mark = sim.mark()
            sim.config.delay = 1.0  # a server now takes three steps of 1 s to build
            await pilot.press("y")
            await on_screen(pilot, "BUILD")
            await pilot.press("escape")
            shown = await wait_for_text(pilot, "Close")
            (notice,) = error_notices(app)
            assert "Stopped waiting for Servers of reservation" in notice, notice
            assert "Rolled back: deleted server 'web-01-backup-server-1' (" in notice, notice
            assert ": ACTIVE" not in shown
            sim.settle()
            assert sim.audit(mark).clean

    asyncio.run(walk())
