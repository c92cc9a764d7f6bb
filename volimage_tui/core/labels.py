"""How a status and a placeholder's maker read to a user: one table each, shared by the command line and the UI.

The command line colours a status by its tone and the UI's tables shade it by the same tone, so `in-use` looks
alike in both; a placeholder is "volimage", "nova" or "other" wherever it is listed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .decode import Maker


class Tone(StrEnum):
    GOOD = "good"
    """Ready to use: available, active."""
    BUSY = "busy"
    """On its way somewhere: creating, building, uploading."""
    BAD = "bad"
    """Failed: error, killed."""
    USED = "used"
    """Taken: in use, attached, shut off."""
    DIM = "dim"
    """Anything else (deleting, unknown)."""


TONES: dict[Tone, frozenset[str]] = {
    Tone.GOOD: frozenset({"available", "active"}),
    Tone.BUSY: frozenset(
        {"creating", "downloading", "uploading", "queued", "saving", "importing", "extending", "build", "reboot"}
        | {"resize"}
    ),
    Tone.BAD: frozenset({"error", "error_deleting", "error_restoring", "error_extending", "killed", "deactivated"}),
    Tone.USED: frozenset({"in-use", "attaching", "detaching", "reserved", "maintenance", "shutoff", "paused"}),
}
"""By lower-case status: Cinder and Glance write theirs in lower case, Nova in upper case."""


def status_tone(status: str) -> Tone:
    lowered = status.lower()
    return next((tone for tone, statuses in TONES.items() if lowered in statuses), Tone.DIM)


MAKER_LABELS = ("volimage", "nova", "other")
"""Who made a placeholder, in one word: the values of `decode.Maker`, which the UI lists without decoding first."""


def maker_label(maker: Maker | None) -> str:
    """Who made a placeholder, in one word; empty for an image that carries no mapping."""
    return maker.value if maker is not None else ""
