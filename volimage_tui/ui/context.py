"""What a screen may use of the app, and nothing more.

Screens are handed a `ScreenContext` when they are made, instead of casting `self.app` to the App: a screen cannot
come to depend on more of the App than this, and the App's module imports the screens without the screens
importing it back. The App is one (structurally); a test may pass another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..core.models import CloudProfile

if TYPE_CHECKING:
    from ..cloud.session import Session


@dataclass(frozen=True)
class Connection:
    """The open session and the cloud and region it reaches. `generation` counts sessions, so that a listing
    that arrives for a cloud the user has since left is recognised and dropped."""

    session: Session
    profile: CloudProfile
    region: str
    generation: int


class ScreenContext(Protocol):
    @property
    def connection(self) -> Connection | None:
        """The current connection; None until the first one opens (or while it fails)."""
        ...

    @property
    def read_only(self) -> bool:
        """Whether every change to the cloud is refused (`--read-only` or config.toml)."""
        ...

    def remembered(self) -> Mapping[str, str]:
        """The choices last made on the current cloud (flavor, network, key pair, volume type)."""
        ...

    def remember(self, choices: Mapping[str, str]) -> None:
        """Keep `choices` for the current cloud, unless this run remembers nothing."""
        ...

    def record(self, event: str, **details: str) -> None:
        """Append what was created on the current cloud and region to the history file."""
        ...
