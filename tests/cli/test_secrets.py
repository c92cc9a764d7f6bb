"""No password, application credential secret or token ever reaches the terminal or the log, even with --debug."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from volimage_tui.cli import main
from volimage_tui.logs import log_path
from volimage_tui.simcloud import SimCloud, SimConfig

PASSWORD = "CANARY-password-5b9e"
APP_SECRET = "CANARY-app-secret-77c1"
TOKEN_PREFIX = "gAAAAA"
"""Every token the simulated Keystone issues starts so (Fernet's prefix)."""


@pytest.fixture
def canary_cloud(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimCloud]:
    with SimCloud(SimConfig(password=PASSWORD)) as sim:
        user = next(iter(sim.state.users.values()))
        user.app_credentials["c0ffee00c0ffee00c0ffee00c0ffee00"] = APP_SECRET
        password_cloud = sim.cloud_entry()
        app_cloud = {
            **sim.cloud_entry(),
            "auth_type": "v3applicationcredential",
            "auth": {
                "auth_url": sim.auth_url,
                "application_credential_id": "c0ffee00c0ffee00c0ffee00c0ffee00",
                "application_credential_secret": APP_SECRET,
            },
        }
        path = tmp_path / "clouds.yaml"
        path.write_text(yaml.safe_dump({"clouds": {"pw": password_cloud, "app": app_cloud}}))
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
        yield sim


FLOWS = [
    ("volumes", "-f", "json"),
    ("images", "--placeholders"),
    ("preview", "--volume", "fedora-dev", "--name", "canary", "-f", "yaml"),
    ("create-image", "--volume", "fedora-dev", "--name", "canary", "--yes", "-f", "json"),
    ("launch", "--image", "canary", "--flavor", "m1.small", "--network", "private", "--wait", "--yes"),
    ("launch", "--image", "canary", "--flavor", "m1.small", "--network", "private", "--dry-run", "-f", "json"),
    ("images", "--usage", "-f", "json"),
    ("lineage", "fedora-dev"),
    ("prune", "--unused", "--dry-run"),
    ("delete-image", "canary", "--with-snapshots", "--yes", "-f", "json"),
    ("prune", "--unused", "--clones", "--yes", "-f", "yaml"),
    ("clouds", "-f", "json"),
]


def test_no_flow_shows_or_logs_a_secret(canary_cloud: SimCloud, capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[str] = []
    for cloud in ("pw", "app"):
        for flow in FLOWS:
            code = main(["--debug", "--cloud", cloud, *flow])
            captured = capsys.readouterr()
            assert code == 0, captured.err
            seen += [captured.out, captured.err]
        canary_cloud.inject(service="image", method="POST", path="/images$", status=500, message="boom")
        code = main(["--debug", "--cloud", cloud, "create-image", "--snapshot", "web-golden", "--name", "x", "--yes"])
        captured = capsys.readouterr()
        assert code == 3
        seen += [captured.out, captured.err]
    log = log_path().read_text(encoding="utf-8")
    assert "X-Auth-Token" in log, "the debug log should show the requests (with their tokens hidden)"
    assert len(canary_cloud.app.identity.tokens) >= 2
    for text in [*seen, log]:
        assert PASSWORD not in text
        assert APP_SECRET not in text
        assert TOKEN_PREFIX not in text
        assert not any(token in text for token in canary_cloud.app.identity.tokens)


def test_a_refused_password_is_not_repeated(
    canary_cloud: SimCloud, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guess = "CANARY-wrong-guess-1234"
    wrong = canary_cloud.cloud_entry()
    wrong["auth"] = {**wrong["auth"], "password": guess}
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump({"clouds": {"wrong": wrong}}))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    assert main(["--debug", "--cloud", "wrong", "volumes"]) == 3
    captured = capsys.readouterr()
    assert "did not accept the credentials" in captured.err
    for text in (captured.out, captured.err, log_path().read_text(encoding="utf-8")):
        assert guess not in text
