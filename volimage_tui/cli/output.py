"""How commands print: rich tables and progress for people, stable JSON or YAML for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..core.checks import Check
from ..core.export import ApiRequest
from ..core.labels import Tone, status_tone
from ..core.progress import Progress, Step, StepState

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

TONE_STYLES = {Tone.GOOD: "green", Tone.BUSY: "yellow", Tone.BAD: "red", Tone.USED: "cyan", Tone.DIM: ""}
"""The colour of each tone of a status (core/labels.py), as the UI's tables shade them."""


class Output:
    """Where a command writes: results to stdout in the chosen format, messages and progress to stderr."""

    def __init__(self, format: str = "table") -> None:  # noqa: A002 - the option's name
        self.format = format

    # rich is imported on first use: a script asking for JSON does not pay for it

    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        console = Console(highlight=False)
        # piped into grep or a file: one line per row, however wide
        return console if console.is_terminal else Console(highlight=False, width=100_000)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False)

    @property
    def for_people(self) -> bool:
        return self.format == "table"

    @property
    def interactive(self) -> bool:
        """Progress is drawn only for a person watching a terminal."""
        return self.for_people and self.err.is_terminal and sys.stdout.isatty()

    def data(self, value: Any) -> None:
        """A result in JSON or YAML: dataclasses as dicts, enums as their values."""
        if self.format == "json":
            sys.stdout.write(_json(value) + "\n")
        else:
            import yaml

            sys.stdout.write(yaml.safe_dump(to_plain(value), sort_keys=False, allow_unicode=True))

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None) -> None:
        from rich.table import Table

        table = Table(title=title, title_justify="left", header_style="bold", box=None, pad_edge=False)
        for column in columns:
            table.add_column(column, overflow="fold", no_wrap=column in ("ID", "Status"))
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        self.out.print(table)

    def text(self, text: str, style: str | None = None) -> None:
        self.out.print(text, style=style, markup=False)

    def checks(self, checks: Sequence[Check]) -> None:
        if not checks:
            self.text("\nChecks: none failed.", style="green")
            return
        self.text("\nChecks", style="bold")
        for check in checks:
            mark, style = ("error", "red") if check.blocks else ("warning", "yellow")
            self.text(f"{mark}: {check.message}", style=style)

    def requests(self, requests: Sequence[ApiRequest], commands: Sequence[str]) -> None:
        """The exact requests, then the equivalent `openstack` commands."""
        self.text("\nRequests", style="bold")
        for request in requests:
            self.text(request.describe())
        self.text("\nThe same with the openstack CLI", style="bold")
        for command in commands:
            self.text(command)

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


def _json(value: Any) -> str:
    """A list as one item per line, each by json's C encoder (indenting would fall back to pure Python, 40x
    slower at 10,000 volumes); anything else indented."""
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(json.dumps(item, default=_json_default) for item in value) + "\n]"
    return json.dumps(value, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    """What json cannot write itself: a request as sent, a dataclass one level deep (json walks the rest), a
    read-only mapping."""
    if isinstance(value, ApiRequest):
        return value.as_data()
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: getattr(value, item.name) for item in fields(value)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_plain(value: Any) -> Any:
    """Plain dicts, lists and scalars, for YAML."""
    if isinstance(value, ApiRequest):
        return to_plain(value.as_data())
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(item) for item in value]
    return value


def status_text(status: str) -> Text:
    from rich.text import Text

    return Text(status, style=TONE_STYLES[status_tone(status)])


def _cell(value: Any) -> Text:
    """Cells are plain text: a name holding `[red]` is shown as typed, never read as markup."""
    from rich.text import Text

    if isinstance(value, Text):
        return value
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    return Text(str(value))
