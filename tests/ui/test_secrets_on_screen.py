"""No password, application credential secret or token ever reaches the screen: its text, its SVG, its toasts.

Every flow runs against a cloud whose password and application credential secret are canaries; each screen along
the way is captured as text and as SVG (what a screenshot or a bug report would carry) and searched for them and
for every token the simulated Keystone issued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot

from volimage_tui.simcloud import SimCloud, SimConfig
from volimage_tui.ui.app import VolimageApp

from .conftest import SIZE, click_tab, notices, paste, screen_text, wait_for_notice, wait_for_text
from .test_faults import open_compose

PASSWORD = "CANARY-password-5b9e"
APP_SECRET = "CANARY-app-secret-77c1"
APP_ID = "c0ffee00c0ffee00c0ffee00c0ffee00"
GUESS = "CANARY-wrong-guess-1234"
TOKEN_PREFIX = "gAAAAA"
"""Every token the simulated Keystone issues starts so (Fernet's prefix)."""


@pytest.fixture
def sim() -> Iterator[SimCloud]:
    """The test's simulated cloud, with a canary password and a canary application credential."""
    with SimCloud(SimConfig(seed=42, password=PASSWORD)) as cloud:
        user = next(iter(cloud.state.users.values()))
        user.app_credentials[APP_ID] = APP_SECRET
        yield cloud


@pytest.fixture
def clouds_yaml(sim: SimCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """volimage-demo (password), app (application credential) and wrong (a refused password guess)."""
    path = sim.write_clouds_yaml(tmp_path / "clouds.yaml")
    document = yaml.safe_load(path.read_text())
    entry = document["clouds"]["volimage-demo"]
    document["clouds"]["app"] = {
        **entry,
        "auth_type": "v3applicationcredential",
        "auth": {
            "auth_url": sim.auth_url,
            "application_credential_id": APP_ID,
            "application_credential_secret": APP_SECRET,
        },
    }
    document["clouds"]["wrong"] = {**entry, "auth": {**entry["auth"], "password": GUESS}}
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return path


class Captures:
    """What each screen showed along the walk: its text, its SVG screenshot and the notifications so far."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    async def take(self, pilot: Pilot[int], label: str, expected: str) -> None:
        """Capture the screen once `expected` (proof that it is the screen meant) is on it."""
        await wait_for_text(pilot, expected)
        app = pilot.app
        self.seen[label] = "\n".join([screen_text(app), app.export_screenshot(), *notices(app)])  # type: ignore[arg-type]


def test_no_screen_shows_a_password_a_secret_or_a_token(make_app: Callable[..., VolimageApp], sim: SimCloud) -> None:
    captures = Captures()

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await captures.take(pilot, "volumes", "web-01-root")
            for key, kind, row in (
                ("1", "volume", "web-01-root"),
                ("3", "image", "web-01-backup"),
                ("4", "server", "web-02"),
            ):
                await pilot.press(key)
                await captures.take(pilot, f"{kind}s", row)
                await pilot.press("y")
                await captures.take(pilot, f"{kind} yaml", f"{kind} ")
                await pilot.press("escape")
            await pilot.press("2")
            await captures.take(pilot, "snapshots", "web-golden")
            await pilot.press("f2")
            await captures.take(pilot, "cloud picker", "Pick a cloud")
            await pilot.press("escape")

            await open_compose(pilot)
            for tab in ("mapping", "properties", "requests", "commands"):
                await click_tab(pilot, f"preview-{tab}")
                await captures.take(pilot, f"compose {tab}", "fedora-dev")
            await pilot.press("ctrl+s")
            await captures.take(pilot, "create confirmation", "Create this placeholder image?")
            await pilot.press("y")
            await captures.take(pilot, "created", "is active")
            await pilot.click("#progress-follow-up")
            await captures.take(pilot, "launch form", "server create --image")
            await pilot.press("ctrl+s")
            await captures.take(pilot, "launch confirmation", "Launch these servers?")
            await pilot.press("y")
            await captures.take(pilot, "launched", ": ACTIVE")
            await pilot.press("escape")

            await open_compose(pilot)
            sim.inject(service="image", method="POST", path="/images$", status=500, message="boom")
            await pilot.press("ctrl+s")
            await wait_for_text(pilot, "Create this placeholder image?")
            await pilot.press("y")
            await captures.take(pilot, "failed creation", "Rolled back")
            await pilot.press("escape", "escape")
            sim.inject(service="volume", method="GET", path="/snapshots", status=401, times=None)
            await pilot.press("2", "r")
            await wait_for_notice(pilot, "Listing snapshots")
            await captures.take(pilot, "failed listing", "the listing failed")
            sim.clear_faults()

        app = make_app(cloud="wrong")
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_notice(pilot, "Cloud wrong")
            await captures.take(pilot, "refused password", "not connected: F2 picks a cloud")
            await pilot.press("colon")
            await paste(pilot, "cloud app")
            await pilot.press("enter")
            await captures.take(pilot, "application credential", "web-01-root")

    asyncio.run(walk())

    tokens = list(sim.app.identity.tokens)
    assert len(tokens) >= 2
    assert len(captures.seen) == 21
    for label, seen in captures.seen.items():
        for secret in (PASSWORD, APP_SECRET, GUESS, TOKEN_PREFIX, *tokens):
            assert secret not in seen, f"{label} shows {secret[:12]}…"
