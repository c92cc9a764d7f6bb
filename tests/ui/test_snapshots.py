"""How every screen looks, as SVG snapshots checked by eye (`--snapshot-update` only after looking).

Each test drives the app to one state and `snap_compare` compares the screen with its SVG under `__snapshots__/`.
The screens are the same in every run: the simulated cloud is seeded and answers at once, its clock is frozen,
volimage's own ids come from a seeded generator, clouds.yaml is read from the test's folder by a relative name,
workers are awaited before the capture, and no cursor blinks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openstack.connection import Connection
from textual.pilot import Pilot
from textual.widgets import Input, Select

from volimage_tui import ids
from volimage_tui.simcloud import SimCloud, SimConfig
from volimage_tui.ui.app import VolimageApp

from .conftest import click_tab, settle, type_text, wait_for_notice, wait_for_text

TERMINAL = (140, 40)
FROZEN = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
VOLUMES_LISTED = "Volumes: 14 of 14"

Snap = Callable[..., bool]
MakeApp = Callable[..., VolimageApp]


@pytest.fixture
def sim() -> Iterator[SimCloud]:
    """The seeded simulated cloud with its clock frozen, so that what it creates carries the same time every run."""
    with SimCloud(SimConfig(seed=42, frozen_time=FROZEN)) as cloud:
        yield cloud


@pytest.fixture
def clouds_yaml(sim: SimCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """clouds.yaml in the test's folder, named relatively: the cloud picker shows `clouds.yaml`, not a temp path."""
    path = sim.write_clouds_yaml(tmp_path / "clouds.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", path.name)
    return path


@pytest.fixture(autouse=True)
def seeded_ids() -> Iterator[None]:
    """volimage's image and request ids from a seeded generator, then random again for the tests that follow."""
    previous = ids._generator
    ids.seed(0)
    yield
    ids._generator = previous


# steps a user takes


async def started(pilot: Pilot[int]) -> None:
    """The volumes listed: where every walk starts."""
    await wait_for_text(pilot, VOLUMES_LISTED)


async def show_view(pilot: Pilot[int], key: str, listed: str) -> None:
    """Switch to a view by its number key and wait for `listed` to show."""
    await started(pilot)
    await pilot.press(key)
    await wait_for_text(pilot, listed)


async def select(pilot: Pilot[int], key: str, name: str) -> None:
    """Filter the view `key` down to `name` and move to the table, its row highlighted in the detail pane."""
    await started(pilot)
    await pilot.press(key)
    await wait_for_text(pilot, name)
    await pilot.press("slash")
    await set_field(pilot, "#view-filter", name)
    await pilot.press("enter")
    await settle(pilot)


async def compose(pilot: Pilot[int], key: str, name: str) -> None:
    """The compose screen of the snapshot or volume `name`, its preview drawn."""
    await select(pilot, key, name)
    await pilot.press("c")
    await wait_for_text(pilot, "Mapping")


async def create(pilot: Pilot[int], key: str, name: str, outcome: str) -> None:
    """Compose a placeholder from `name`, confirm it, and wait for the progress screen to say `outcome`."""
    await compose(pilot, key, name)
    await pilot.press("ctrl+s")
    await wait_for_text(pilot, "Create this placeholder image?")
    await pilot.press("y")
    await wait_for_text(pilot, outcome)


async def launch_form(pilot: Pilot[int], image: str) -> None:
    """The launch form of image `image`, its pre-flight checks read."""
    await select(pilot, "3", image)
    await pilot.press("l")
    await wait_for_text(pilot, "server create --image")


async def set_field(pilot: Pilot[int], selector: str, value: str) -> None:
    """Fill the input `selector` with `value` at once (what typing it ends in, without a screen per key)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await settle(pilot)  # focusing selects the old text: let that happen before the new value replaces it
    field.value = value
    field.action_end()
    await settle(pilot)


async def launch(pilot: Pilot[int], image: str, count: int, before: Callable[[], object] = lambda: None) -> None:
    """Launch `count` servers from `image` and wait for the outcome; `before` runs once the checks have passed."""
    await launch_form(pilot, image)
    await set_field(pilot, "#launch-count", str(count))
    await wait_for_text(pilot, "No problems found")
    before()
    await pilot.press("ctrl+s")
    await wait_for_text(pilot, "Launch these servers?")
    await pilot.press("y")
    await wait_for_text(pilot, "Close")


async def still(pilot: Pilot[int]) -> None:
    """Let everything settle and stop every blinking cursor, so that the capture is the same in every run."""
    await settle(pilot)
    for widget in pilot.app.screen.walk_children():
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
    await settle(pilot)


def shot(
    snap_compare: Snap,
    app: VolimageApp,
    walk: Callable[[Pilot[int]], Awaitable[None]],
    size: tuple[int, int] = TERMINAL,
) -> bool:
    """`snap_compare` after `walk`, with the screen made still."""

    async def run_before(pilot: Pilot[int]) -> None:
        await walk(pilot)
        await still(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


# the snapshots


def test_the_cloud_picker(make_app: MakeApp, sim: SimCloud, clouds_yaml: Path, snap_compare: Snap) -> None:
    """Two clouds in clouds.yaml and none chosen: the picker lists both with their regions, auth type and file
    (`clouds.yaml`), and the built-in demo cloud last."""
    sim.write_clouds_yaml(clouds_yaml, name="second")

    async def walk(pilot: Pilot[int]) -> None:
        await wait_for_text(pilot, "Pick a cloud")

    assert shot(snap_compare, make_app(cloud=None), walk)


def test_the_volumes_view(make_app: MakeApp, snap_compare: Snap) -> None:
    """The first view: volumes with status colours and the detail pane of the first one."""
    assert shot(snap_compare, make_app(), started)


def test_the_snapshots_view(make_app: MakeApp, snap_compare: Snap) -> None:
    """The snapshots with their status, size, volume and creation time; the first one's detail on the right."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "2", "Snapshots: ")
        await wait_for_text(pilot, "web-golden")

    assert shot(snap_compare, make_app(), walk)


def test_the_images_view(make_app: MakeApp, snap_compare: Snap) -> None:
    """The images: plain ones, Nova's placeholder marked `nova` with its references `ok`."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "3", "web-01-backup")
        await wait_for_text(pilot, " ok ")

    assert shot(snap_compare, make_app(), walk)


def test_the_servers_view(make_app: MakeApp, snap_compare: Snap) -> None:
    """The servers with status, flavor, zone and addresses; the first one's detail on the right."""

    async def walk(pilot: Pilot[int]) -> None:
        await show_view(pilot, "4", "web-02")

    assert shot(snap_compare, make_app(), walk)


def test_the_detail_pane_of_a_volume_made_from_an_image(make_app: MakeApp, snap_compare: Snap) -> None:
    """One volume filtered and highlighted: the detail pane lists its attachment and its image metadata."""

    async def walk(pilot: Pilot[int]) -> None:
        await select(pilot, "1", "web-01-root")
        await wait_for_text(pilot, "hw_disk_bus")

    assert shot(snap_compare, make_app(), walk)


def test_the_yaml_view(make_app: MakeApp, snap_compare: Snap) -> None:
    """`y` on Nova's placeholder web-01-backup: the raw image as Glance returns it, its block_device_mapping
    property a JSON string. (An image, because a volume's `links` carry the simulated cloud's random port.)"""

    async def walk(pilot: Pilot[int]) -> None:
        await select(pilot, "3", "web-01-backup")
        await pilot.press("y")
        await wait_for_text(pilot, "block_device_mapping:")

    assert shot(snap_compare, make_app(), walk)


def test_the_filter_in_action(make_app: MakeApp, snap_compare: Snap) -> None:
    """`/` then `web`: the filter field at the bottom with its cursor, only the matching volumes, and the count."""

    async def walk(pilot: Pilot[int]) -> None:
        await started(pilot)
        await pilot.press("slash")
        await type_text(pilot, "web")
        await wait_for_text(pilot, "Volumes: ")

    assert shot(snap_compare, make_app(), walk)


def test_the_preview_of_a_valid_plan(make_app: MakeApp, snap_compare: Snap) -> None:
    """Compose from snapshot web-golden: the form, the mapping tab with the block device mapping, and no problems."""

    async def walk(pilot: Pilot[int]) -> None:
        await compose(pilot, "2", "web-golden")
        await wait_for_text(pilot, "No problems found")

    assert shot(snap_compare, make_app(), walk)


def test_the_preview_with_errors_and_warnings(make_app: MakeApp, snap_compare: Snap) -> None:
    """Volume db-01-root (in use) booted directly with a 1 GiB size: errors (✗) for the in-use volume and the size
    below the source, warnings (!) for single use; Create is disabled."""

    async def walk(pilot: Pilot[int]) -> None:
        await compose(pilot, "1", "db-01-root")
        await pilot.click("#opt-direct")
        await set_field(pilot, "#opt-size", "1")
        await wait_for_text(pilot, "below the size")

    assert shot(snap_compare, make_app(), walk)


def test_the_create_progress_finished(make_app: MakeApp, snap_compare: Snap) -> None:
    """The placeholder from web-golden created: every step ticked and the image active, with the follow-up button."""

    async def walk(pilot: Pilot[int]) -> None:
        await create(pilot, "2", "web-golden", "is active")

    assert shot(snap_compare, make_app(), walk)


def test_a_create_failure_with_its_rollback(make_app: MakeApp, sim: SimCloud, snap_compare: Snap) -> None:
    """Glance refuses the upload (500) of an image from in-use volume web-01-root: the snapshot and the image
    marked rolled back (↺), then one red paragraph with Glance's message, the request id and what was deleted,
    also as an error notification; no traceback."""
    sim.inject(service="image", method="PUT", path="/file$", status=500, message="The upload failed in the store.")

    async def walk(pilot: Pilot[int]) -> None:
        await create(pilot, "1", "web-01-root", "Rolled back")
        await wait_for_notice(pilot, "Rolled back")

    assert shot(snap_compare, make_app(), walk)


def test_the_launch_form_with_a_preflight_warning(make_app: MakeApp, snap_compare: Snap) -> None:
    """The launch form of web-01-backup with zone az2 chosen: the fields filled from the cloud, the command it
    stands for, and the warning (!) that Cinder makes the volume in zone nova; Launch stays enabled."""

    async def walk(pilot: Pilot[int]) -> None:
        await launch_form(pilot, "web-01-backup")
        pilot.app.screen.query_one("#launch-zone", Select).value = "az2"
        await wait_for_text(pilot, "not az2")

    assert shot(snap_compare, make_app(), walk)


def test_two_servers_launched_active(make_app: MakeApp, snap_compare: Snap) -> None:
    """Two servers launched from Nova's placeholder web-01-backup: both ACTIVE, each with its new volume."""

    async def walk(pilot: Pilot[int]) -> None:
        await launch(pilot, "web-01-backup", 2)

    assert shot(snap_compare, make_app(), walk)


def test_one_server_in_error_with_its_fault(make_app: MakeApp, sim: SimCloud, snap_compare: Snap) -> None:
    """Two servers launched with room for one more volume only: the first ACTIVE, the second in ERROR with the
    fault Nova gives (Cinder refused its volume)."""

    def one_more_volume() -> None:
        sim.set_quotas(volumes=len(sim.region().volumes) + 1)

    async def walk(pilot: Pilot[int]) -> None:
        await launch(pilot, "web-01-backup", 2, before=one_more_volume)
        await wait_for_text(pilot, ": ERROR")

    assert shot(snap_compare, make_app(), walk)


def test_the_images_view_with_a_dangling_placeholder(make_app: MakeApp, conn: Connection, snap_compare: Snap) -> None:
    """The snapshot behind web-01-backup deleted: the image is flagged DANGLING in red, and its detail names the
    snapshot that is gone."""
    snapshot = next(conn.block_storage.snapshots(name="snapshot for web-01-backup"))
    conn.block_storage.delete_snapshot(snapshot.id)

    async def walk(pilot: Pilot[int]) -> None:
        await select(pilot, "3", "web-01-backup")
        await wait_for_text(pilot, "DANGLING")

    assert shot(snap_compare, make_app(), walk)


def test_the_delete_plan(make_app: MakeApp, snap_compare: Snap) -> None:
    """`d` on web-01-backup with its snapshots ticked: the plan deletes the image and keeps the snapshot Nova made
    (volimage deletes only snapshots it made), saying why."""

    async def walk(pilot: Pilot[int]) -> None:
        await select(pilot, "3", "web-01-backup")
        await pilot.press("d")
        await wait_for_text(pilot, "delete image web-01-backup")
        await pilot.click("#delete-snapshots")
        await wait_for_text(pilot, "by hand if no one needs it")

    assert shot(snap_compare, make_app(), walk)


def test_the_help(make_app: MakeApp, snap_compare: Snap) -> None:
    """`?` on the volumes view: the keys of the view with their ids for the config file."""

    async def walk(pilot: Pilot[int]) -> None:
        await started(pilot)
        await pilot.press("question_mark")
        await wait_for_text(pilot, "view-filter")

    assert shot(snap_compare, make_app(), walk)


def test_the_command_palette(make_app: MakeApp, snap_compare: Snap) -> None:
    """ctrl+p on the volumes view: the palette with the app's and the view's commands."""

    async def walk(pilot: Pilot[int]) -> None:
        await started(pilot)
        await pilot.press("ctrl+p")
        await wait_for_text(pilot, "clones of the selected row (L)")  # the view's commands come in alphabetically

    assert shot(snap_compare, make_app(), walk)


def test_read_only_mode(make_app: MakeApp, snap_compare: Snap) -> None:
    """Read-only: the header says so, the compose screen's button reads `Create (read-only)`, and ctrl+s only
    explains that volimage will not create images."""

    async def walk(pilot: Pilot[int]) -> None:
        await compose(pilot, "2", "web-golden")
        await wait_for_text(pilot, "Create (read-only)")
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "will not create images")

    assert shot(snap_compare, make_app(read_only=True), walk)


def test_the_volumes_view_at_80x24(make_app: MakeApp, snap_compare: Snap) -> None:
    """The main view in the smallest common terminal: the table shows Name to Size, the other columns clipped at
    the detail pane, which stays beside it."""
    assert shot(snap_compare, make_app(), started, size=(80, 24))


def test_the_volumes_view_at_160x50(make_app: MakeApp, snap_compare: Snap) -> None:
    """The main view in a large terminal: every column wide, every volume shown."""
    assert shot(snap_compare, make_app(), started, size=(160, 50))


def test_the_compose_preview_of_a_snapshots_properties(make_app: MakeApp, snap_compare: Snap) -> None:
    """The form beside the image properties it makes, with the checks under it."""

    async def walk(pilot: Pilot[int]) -> None:
        await compose(pilot, "2", "web-golden")
        await click_tab(pilot, "preview-properties")
        await wait_for_text(pilot, "hw_disk_bus = virtio")
        pilot.app.set_focus(None)

    assert shot(snap_compare, make_app(), walk)
