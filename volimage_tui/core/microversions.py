"""The microversion each request to Nova and Cinder needs for its body, filters and answer, and why.

volimage sends every request to Nova and Cinder at a microversion it chose, never the service's default (a request
with no header is read at the oldest version: Nova 2.1, Cinder 3.0). A request is sent at the base version of its
service unless something in it needs more:

| request                                   | sent at | why                                                      |
|-------------------------------------------|---------|----------------------------------------------------------|
| any Cinder request not listed below       | 3.0     | the fields read and filters sent exist since 3.0         |
| `GET /snapshots/detail?metadata=...`      | 3.22    | below, Cinder drops the filter and lists every snapshot  |
| `POST /snapshots` of an in-use volume     | 3.66    | no `force` needed; below, the body says `"force": true`  |
| any Nova request not listed below         | 2.1     | the body and the fields read exist since 2.1             |
| `POST /servers`, `networks` none or auto  | 2.37    | below, `networks` must be a list of networks             |

Sources: `MV_ADDED_FILTERS` and `SNAPSHOT_IN_USE` in `cinder/api/v3/snapshots.py`; `create_v237` in
`nova/api/openstack/compute/schemas/servers.py`.

A filter is never trusted to decide anything: what a listing returns is checked item by item, so a cloud too old
for a filter only costs a longer listing. A body is different: when the cloud cannot take what a request needs,
volimage says in one line which feature needs which version and what to do instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Service = Literal["compute", "volume"]


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
        if match is None:
            raise ValueError(f"not a microversion: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


SERVICE_NAMES: dict[Service, str] = {"compute": "Nova", "volume": "Cinder"}

BASE: dict[Service, Version] = {"compute": Version(2, 1), "volume": Version(3, 0)}
"""What a request needing nothing newer is sent at: the oldest version, whose fields and filters volimage reads."""


@dataclass(frozen=True)
class Need:
    """Something in a request that only a microversion from `version` on understands."""

    service: Service
    version: Version
    feature: str
    """What needs it, in a user's words: `networks 'none'`."""
    instead: str
    """What the user can do on a cloud that is older."""

    def refused_by(self, offered: Mapping[Service, Version]) -> str | None:
        """None when a cloud offering `offered` (newest per service; a service missing offers all) can take this,
        else the one line that says why not."""
        newest = offered.get(self.service)
        return None if newest is None or newest >= self.version else self.refusal(newest)

    def refusal(self, offered: Version) -> str:
        """The one line for a cloud whose newest microversion is `offered`."""
        service = SERVICE_NAMES[self.service]
        return (
            f"{self.feature} needs {service} microversion {self.version}, and this cloud offers up to {offered}; "
            f"{self.instead}."
        )


NETWORK_WORDS = Need(
    "compute",
    Version(2, 37),
    "Launching with networks 'none' or 'auto'",
    "name a network instead (--network NAME)",
)

SNAPSHOT_METADATA_FILTER = Need(
    "volume",
    Version(3, 22),
    "Filtering snapshots by metadata",
    "volimage lists the volume's snapshots and reads each one's metadata itself",
)
"""Optional: without it the listing is longer, never wrong, since each item is checked."""

SNAPSHOT_IN_USE = Need(
    "volume",
    Version(3, 66),
    "Snapshotting an in-use volume without 'force'",
    'volimage sends "force": true, which Cinder requires below 3.66',
)
"""Optional: below it the snapshot request says `force`."""


def version_for(service: Service, needs: tuple[Need, ...] = ()) -> Version:
    """The microversion a request with `needs` is sent at: the newest any of them needs, else the base."""
    return max((need.version for need in needs if need.service == service), default=BASE[service])
