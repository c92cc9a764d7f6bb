"""The shape of the code: modules small enough to read, and the README's layout table true to the packages."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
SOURCES = ("volimage_tui", "tests", "realcloud", "bench")


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def layout_table() -> list[str]:
    """The first cell of each row of the README's layout table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]


def named_paths(cell: str) -> list[str]:
    """`a/b/`, `c.py` in one cell: a name without a folder is beside the first name of the cell."""
    names = re.findall(r"`([^`]+)`", cell)
    base = names[0].rstrip("/").rpartition("/")[0] if "/" in names[0].rstrip("/") else ""
    return [names[0], *(name if "/" in name.rstrip("/") else f"{base}/{name}" for name in names[1:])]


def test_the_readme_layout_table_names_every_package_and_only_paths_that_exist() -> None:
    named = {path.rstrip("/") for cell in layout_table() for path in named_paths(cell)}
    missing = sorted(name for name in named if not (ROOT / name).exists())
    packages = {str(init.parent.relative_to(ROOT)) for init in (ROOT / "volimage_tui").rglob("__init__.py")} - {
        "volimage_tui"
    }
    unnamed = sorted(packages - named)
    assert (missing, unnamed) == ([], [])
