"""How commands print: rich tables and progress for people, stable JSON or YAML for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.progress import Progress, Step, StepState

FORMATS = ("table", "json", "yaml")

STATUS_STYLES = {
    "available": "green", "active": "green", "in-use": "cyan", "creating": "yellow", "queued": "yellow",
    "build": "yellow", "error": "red", "deleting": "magenta",
}  # fmt: skip


class Output:
    """Where a command writes: results to stdout in the chosen format, messages and progress to stderr."""

    def __init__(self, format: str = "table") -> None:  # noqa: A002 - the option's name
        self.format = format
        self.out = Console(highlight=False)
        if not self.out.is_terminal:
            # piped into grep or a file: one line per row, however wide
            self.out = Console(highlight=False, width=100_000)
        self.err = Console(stderr=True, highlight=False)

    @property
    def for_people(self) -> bool:
        return self.format == "table"

    @property
    def interactive(self) -> bool:
        """Progress is drawn only for a person watching a terminal."""
        return self.for_people and self.err.is_terminal

    def data(self, value: Any) -> None:
        """A result in JSON or YAML: dataclasses as dicts, enums as their values."""
        plain = to_plain(value)
        if self.format == "json":
            sys.stdout.write(json.dumps(plain, indent=2, sort_keys=False) + "\n")
        else:
            sys.stdout.write(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True))

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None) -> None:
        table = Table(title=title, title_justify="left", header_style="bold", box=None, pad_edge=False)
        for column in columns:
            table.add_column(column, overflow="fold", no_wrap=column in ("ID", "Status"))
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        self.out.print(table)

    def text(self, text: str, style: str | None = None) -> None:
        self.out.print(text, style=style, markup=False)

    def note(self, text: str, style: str | None = None) -> None:
        """A message for the person (stderr), so that stdout stays the result."""
        self.err.print(text, style=style, markup=False)

    @contextmanager
    def progress(self) -> Iterator[Progress]:
        """A progress callback: one line per finished step on a terminal, silence otherwise."""
        if not self.interactive:
            yield lambda step: None
            return
        with self.err.status("Starting…") as status:

            def show(step: Step) -> None:
                detail = f" ({step.detail})" if step.detail else ""
                if step.state is StepState.RUNNING:
                    status.update(f"{step.label}…{detail}")
                else:
                    mark = {StepState.DONE: "[green]✓", StepState.FAILED: "[red]✗"}.get(step.state, "[yellow]↺")
                    self.err.print(f"{mark}[/] {step.label}: {step.state.value}{detail}", highlight=False)

            yield show


def to_plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_plain(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(item) for item in value]
    return value


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status.lower(), ""))


def _cell(value: Any) -> Text:
    """Cells are plain text: a name holding `[red]` is shown as typed, never read as markup."""
    if isinstance(value, Text):
        return value
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    return Text(str(value))
