"""Messages that workers post back to the event loop; each is a fact about the cloud, in the past tense."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ..core.models import CloudProfile

if TYPE_CHECKING:
    from ..cloud.session import Session
    from ..core.lineage import PlaceholderUsage
    from ..core.progress import Step


class CloudsFound(Message, bubble=False):
    """The clouds of clouds.yaml (and the demo) were read."""

    def __init__(self, profiles: Sequence[CloudProfile], problem: str = "") -> None:
        super().__init__()
        self.profiles = tuple(profiles)
        self.problem = problem


class SessionOpened(Message, bubble=False):
    """A session to `profile` in `region` authenticated."""

    def __init__(self, session: Session, profile: CloudProfile, region: str, attempt: int) -> None:
        super().__init__()
        self.session = session
        self.profile = profile
        self.region = region
        self.attempt = attempt


class SessionFailed(Message, bubble=False):
    """Connecting to a cloud failed, with the one-line reason."""

    def __init__(self, profile: CloudProfile, region: str | None, reason: str, attempt: int) -> None:
        super().__init__()
        self.profile = profile
        self.region = region
        self.reason = reason
        self.attempt = attempt


class PageLoaded(Message, bubble=False):
    """One page of a listing arrived; `first` replaces what the view showed."""

    def __init__(self, kind: str, generation: int, items: Sequence[Any], *, first: bool) -> None:
        super().__init__()
        self.kind = kind
        self.generation = generation
        self.items = items
        self.first = first


class ListingEnded(Message, bubble=False):
    """A listing finished (or failed with `reason`)."""

    def __init__(self, kind: str, generation: int, reason: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.generation = generation
        self.reason = reason


class ReferencesKnown(Message, bubble=False):
    """Every snapshot and volume id of the project, to tell dangling placeholders; and each placeholder's fleet
    (its servers and the GiB they hold), by image id."""

    def __init__(
        self,
        generation: int,
        snapshot_ids: frozenset[str],
        volume_ids: frozenset[str],
        fleets: dict[str, PlaceholderUsage] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.snapshot_ids = snapshot_ids
        self.volume_ids = volume_ids
        self.fleets = fleets or {}


class NamesKnown(Message, bubble=False):
    """Names of resources by id (flavors and images, for the servers view), to show beside the ids; with the
    images, who made each placeholder (`volimage`, `nova`, `other`) by image id."""

    def __init__(self, generation: int, names: dict[str, str], placeholders: dict[str, str] | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.names = names
        self.placeholders = placeholders
        """None when this message says nothing about images."""


class StepReported(Message, bubble=False):
    """An action reported a step (a change of state of one of its parts)."""

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step

    def can_replace(self, message: Message) -> bool:
        """A newer report of the same step supersedes one not yet shown (a flood of polls merges)."""
        return isinstance(message, StepReported) and message.step.key == self.step.key


class ActionEnded(Message, bubble=False):
    """An action finished with `result`, or failed with the one-line `reason`."""

    def __init__(self, result: Any = None, reason: str = "") -> None:
        super().__init__()
        self.result = result
        self.reason = reason


class ResourcesChanged(Message, bubble=False):
    """An action created or deleted resources of these kinds (views to reload)."""

    def __init__(self, *kinds: str) -> None:
        super().__init__()
        self.kinds = kinds


class ConnectionChanged(Message, bubble=False):
    """The App opened a new session (another cloud or region): the browser forgets its rows and lists again."""


class ConnectionFailed(Message, bubble=False):
    """No session could be opened to `cloud`; the browser says why where the rows would be."""

    def __init__(self, cloud: str, reason: str) -> None:
        super().__init__()
        self.cloud = cloud
        self.reason = reason


class RetryConnection(Message):
    """The user asked to try the failed connection again (bubbles from the browser to the App)."""


class ShowView(Message, bubble=False):
    """The command line asked the browser for a view; or the lineage, for one resource in its view (`resource_id`)."""

    def __init__(self, kind: str, resource_id: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.resource_id = resource_id
