"""What every `openstack placeholder` command shares: its session, its errors as OSC one-liners, its progress as
log lines, and cells that read as text in a table and as data in JSON or YAML.

Only cliff and osc-lib are imported here, which OSC has loaded before any plugin; volimage's own modules are
imported when a command runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from cliff.columns import FormattableColumn

if TYPE_CHECKING:
    import logging

    from osc_lib.command.command import Command

    from ...cloud.session import Session
    from ...core.checks import Check
    from ...core.decode import Entry
    from ...core.progress import Progress


class Cell(FormattableColumn[Any]):
    """A value shown as `text` in a table and as plain `data` by the JSON, YAML, value and shell formatters."""

    def __init__(self, data: Any, text: str) -> None:
        super().__init__(data)
        self.text = text

    def human_readable(self) -> str:
        return self.text


def session_of(command: Command) -> Session:
    """The session `plugin.make_client` made over OSC's connection (once per run, by OSC's client cache)."""
    from .plugin import API_NAME

    return cast("Session", getattr(command.app.client_manager, API_NAME))


@contextmanager
def command_errors() -> Iterator[None]:
    """Every failure as OSC's `CommandError`: one line, exit code 1, scrubbed of secrets. The original stays
    chained, so `--debug` still shows its traceback."""
    from osc_lib.exceptions import CommandError

    from ...errors import VolimageError
    from ...redact import scrub

    try:
        yield
    except CommandError:
        raise
    except VolimageError as error:
        raise CommandError(str(error)) from error
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as error:
        raise CommandError(scrub(" ".join(f"{type(error).__name__}: {error}".split()))) from error


def progress_log(log: logging.Logger) -> Progress:
    """Each finished step as a log line: shown with `-v`, as OSC shows its own progress notes."""
    from ...core.progress import Step, StepState

    def report(step: Step) -> None:
        if step.state is StepState.RUNNING:
            return
        detail = f" ({step.detail})" if step.detail else ""
        log.info("%s: %s%s", step.label, step.state.value, detail)

    return report


def warn(log: logging.Logger, checks: Sequence[Check]) -> None:
    """Warnings do not stop a command; they are said on stderr before it acts."""
    for check in checks:
        log.warning("warning: %s", check.message)


def refuse_blocked(checks: Sequence[Check], what: str) -> None:
    """Raise `CommandError` naming every blocking check, in one line."""
    from osc_lib.exceptions import CommandError

    errors = [check.message for check in checks if check.blocks]
    if errors:
        raise CommandError(f"{what} is blocked: " + " ".join(errors))


def checks_cell(checks: Sequence[Check]) -> Cell:
    data = [{"level": check.level.value, "code": check.code, "message": check.message} for check in checks]
    text = "\n".join(f"{check.level.value}: {check.message}" for check in checks) or "none failed"
    return Cell(data, text)


def mapping_cell(entries: Sequence[Entry]) -> Cell:
    """A decoded mapping, one line per device in brief (`root: snapshot <id>, 20 GiB, /dev/vda, deleted with
    the server`), and every field as data."""
    from ..output import to_plain

    return Cell([to_plain(entry) for entry in entries], "\n".join(entry_brief(entry) for entry in entries))


def entry_brief(entry: Entry) -> str:
    if entry.boot_index == 0:
        role = "root"
    elif entry.boot_index is not None and entry.boot_index > 0:
        role = f"boot {entry.boot_index}"
    else:
        role = "data"
    source = " ".join(item for item in (entry.source_type or "?", entry.source_id or "") if item)
    details = [source]
    if entry.volume_size:
        details.append(f"{entry.volume_size} GiB")
    if entry.device_name:
        details.append(entry.device_name)
    if entry.destination_type == "volume" and entry.source_type != "volume":
        details.append("deleted with the server" if entry.delete_on_termination else "kept after the server")
    return f"{role}: " + ", ".join(details)


def lines_cell(lines: Sequence[str]) -> Cell:
    return Cell(list(lines), "\n".join(lines))
