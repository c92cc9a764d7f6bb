"""volimage's log: one file in the user log dir, for volimage's and its libraries' records, secrets scrubbed.

Nothing is logged to the terminal: keystoneauth and openstacksdk warn on stderr when no handler is set, which
would put a second, raw line next to volimage's own one-line message.
"""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

from .files import OwnerOnlyRotatingFileHandler
from .redact import scrub

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

LOG_BYTES = 5 * 1024 * 1024
"""The log rotates at this size; a `--debug` listing of 50,000 volumes would otherwise grow it without bound."""

LOG_BACKUPS = 3
"""Rotated logs kept beside the current one (volimage.log.1 ...)."""


class ScrubFilter(logging.Filter):
    """Rewrites each record's message without secrets before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("volimage")) / "volimage.log"


def setup_logging(*, debug: bool = False, path: Path | None = None, max_bytes: int = LOG_BYTES) -> Path | None:
    """Log WARNING and up (everything with `debug`) to `path`, owner-only and rotated at `max_bytes`; None, and no
    log at all, when it cannot be opened."""
    path = path or log_path()
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "volimage", False):
            root.removeHandler(old)
    try:
        handler: logging.Handler = OwnerOnlyRotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.volimage = True  # type: ignore[attr-defined]
    handler.addFilter(ScrubFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    return path
