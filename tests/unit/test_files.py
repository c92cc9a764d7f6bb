"""The files volimage writes: owner-only, the log rotated by size, the state replaced whole."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from volimage_tui.logs import LOG_BACKUPS, setup_logging
from volimage_tui.settings import State, history_path, load_state, record_history, save_state


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_is_owner_only_and_rotates_by_size_keeping_a_few(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "volimage.log"
    assert setup_logging(debug=True, path=log, max_bytes=2_000) == log
    try:
        for number in range(400):
            logging.getLogger("volimage.test").debug("line %d of a long listing", number)
    finally:
        setup_logging(path=tmp_path / "quiet.log")
    rotated = sorted(log.parent.glob("volimage.log*"))
    assert len(rotated) == LOG_BACKUPS + 1
    assert all(path.stat().st_size <= 2_100 for path in rotated)
    assert {mode(path) for path in rotated} == {0o600}
    assert "line 399 of a long listing" in log.read_text()


def test_an_existing_world_readable_log_is_made_owner_only(tmp_path: Path) -> None:
    log = tmp_path / "volimage.log"
    log.write_text("old\n")
    log.chmod(0o644)
    setup_logging(path=log)
    logging.getLogger("volimage.test").warning("new")
    assert mode(log) == 0o600
    assert log.read_text().startswith("old\n")


def test_the_state_is_owner_only_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.json"
    save_state(State(last_cloud="prod", last_region="east"), path)
    save_state(State(last_cloud="lab", last_region="west"), path)
    assert mode(path) == 0o600
    assert json.loads(path.read_text())["last_cloud"] == "lab"
    assert load_state(path).last_region == "west"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"], "a temporary file was left"


def test_a_write_that_fails_halfway_leaves_the_old_state_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state" / "state.json"
    save_state(State(last_cloud="prod"), path)

    def broken(*arguments: object, **keywords: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("json.dumps", broken)
    save_state(State(last_cloud="lost"), path)
    monkeypatch.undo()
    assert load_state(path).last_cloud == "prod"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_the_history_is_owner_only(tmp_path: Path) -> None:
    record_history("created image", "prod", "east", image="web")
    record_history("deleted image", "prod", "east", image="web")
    path = history_path()
    assert mode(path) == 0o600
    assert [json.loads(line)["event"] for line in path.read_text().splitlines()] == ["created image", "deleted image"]
