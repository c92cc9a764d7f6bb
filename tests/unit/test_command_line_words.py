"""What a line typed at the UI's `:` prompt means."""

from __future__ import annotations

import pytest

from volimage_tui.ui.commands import Command, parse_command


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("vol", Command("view", "volumes")),
        (":snap", Command("view", "snapshots")),
        ("3", Command("view", "images")),
        ("cloud prod", Command("cloud", "prod")),
        ("ctx", Command("cloud", "")),
        ("region RegionTwo", Command("region", "RegionTwo")),
        ("Q", Command("quit", "")),
        ("h", Command("help", "")),
        ("frobnicate now", Command("unknown", "frobnicate")),
    ],
)
def test_words_name_a_view_or_a_command(line: str, expected: Command) -> None:
    assert parse_command(line) == expected


def test_an_empty_line_does_nothing() -> None:
    assert parse_command("   ") is None
