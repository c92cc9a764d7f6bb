"""`volimage --headless`: the real app without a terminal, its screen as text and SVG, its failures as exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from volimage_tui.cli import main
from volimage_tui.simcloud import SimCloud


def headless(*arguments: str) -> list[str]:
    return ["--cloud", "volimage-demo", "--headless", "--size", "120x36", *arguments]


def test_a_script_of_keys_shows_the_screen_a_person_would_see(
    clouds_yaml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "steps.txt"
    script.write_text("# the snapshots view, filtered\npress 2\nwait\npress slash\ntype golden\npause 0.1\nwait\n")
    assert main(headless("--script", str(script))) == 0
    screen = capsys.readouterr().out
    assert "web-golden" in screen
    assert "rocky-base" not in screen
    assert "volimage-demo" in screen.splitlines()[0]


def test_the_same_keys_give_the_same_screen(clouds_yaml: Path, tmp_path: Path) -> None:
    for run in ("first", "second"):
        arguments = headless("--press", "3,down", "--screenshot", str(tmp_path / f"{run}.svg"))
        assert main([*arguments, "--text", str(tmp_path / f"{run}.txt")]) == 0
    assert (tmp_path / "first.txt").read_text() == (tmp_path / "second.txt").read_text()
    assert (tmp_path / "first.svg").read_bytes() == (tmp_path / "second.svg").read_bytes()
    assert (tmp_path / "first.svg").read_text().startswith("<svg")


def test_an_error_on_screen_exits_4_and_says_which(
    clouds_yaml: Path, sim: SimCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.inject(
        service="volume", method="GET", path=r"/volumes/detail$", status=500, message="Database gone", times=None
    )
    assert main(headless()) == 4
    captured = capsys.readouterr()
    assert captured.err.startswith("volimage: the app showed an error: ")
    assert "Database gone" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out, "the screen is still printed"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("press\n", "steps.txt line 1: 'press' needs key names"),
        ("wait\njump 3\n", "steps.txt line 2: unknown step 'jump'"),
        ("pause soon\n", "'pause' needs a number of seconds"),
    ],
)
def test_a_bad_script_names_the_line(
    content: str, message: str, clouds_yaml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "steps.txt"
    script.write_text(content)
    assert main(headless("--script", str(script))) == 2
    assert message in capsys.readouterr().err


def test_a_bad_size_is_a_usage_error(clouds_yaml: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--headless", "--size", "wide"]) == 2
    assert "--size wants COLUMNSxLINES" in capsys.readouterr().err
