"""Files volimage writes for its user alone: created owner-only (0600, as openstacksdk expects of clouds.yaml),
since the log and the state name clouds, regions and what was created, and replaced whole, so an interrupted write
never leaves half a file."""

from __future__ import annotations

import io
import os
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

OWNER_ONLY = 0o600


def open_owner_only(path: Path, mode: str = "a") -> io.TextIOWrapper:
    """Open `path` for appending (created 0600 when missing; an existing file is made 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC), OWNER_ONLY)
    os.chmod(path, OWNER_ONLY)
    raw = io.FileIO(descriptor, "a" if "a" in mode else "w")
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8")


def replace_whole(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path` (atomic on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class OwnerOnlyRotatingFileHandler(RotatingFileHandler):
    """The standard library's size-rotating handler, each file it opens (the first and every rotated one) 0600."""

    def _open(self) -> io.TextIOWrapper:
        return open_owner_only(Path(self.baseFilename), self.mode)
