"""Faults a test asks the simulated cloud to inject, and the log of the requests it answered."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from urllib.parse import parse_qsl, urlencode


@dataclass
class Fault:
    """Make matching requests fail or slow down.

    A request matches when every given field matches: `service` (identity, compute, volume, image, network),
    `method`, `path` (a regular expression searched in the path below the service's versioned root, e.g.
    `/servers$` or `/file`), `region`. The fault then adds `latency` seconds, and answers `status` (with
    `message` and, for 503, `retry_after`) or, with `drop`, closes the connection without an answer; with
    `ignore_filters`, the request is answered as if it had no filters (only paging and sorting are kept), as
    Cinder answers a filter it does not know at the request's microversion. With `hold` (Python only), the
    request waits until the event is set (at most a minute): a cloud that answers when the test says so.
    It applies `times` times (None: until cleared), after letting `skip` matching requests through.
    """

    service: str | None = None
    method: str | None = None
    path: str | None = None
    region: str | None = None
    status: int | None = None
    message: str | None = None
    latency: float = 0.0
    drop: bool = False
    retry_after: int | None = None
    ignore_filters: bool = False
    times: int | None = 1
    skip: int = 0
    hits: int = field(default=0)
    hold: threading.Event | None = field(default=None, compare=False, repr=False)

    HOLD_AT_MOST = 60.0

    def matches(self, service: str, method: str, path: str, region: str | None) -> bool:
        return (
            (self.service is None or self.service == service)
            and (self.method is None or self.method.upper() == method)
            and (self.region is None or self.region == region)
            and (self.path is None or re.search(self.path, path) is not None)
        )

    def as_dict(self) -> dict[str, Any]:
        return {item.name: getattr(self, item.name) for item in fields(self) if item.name != "hold"}


PAGING_PARAMETERS = frozenset({"limit", "marker", "offset", "sort", "sort_key", "sort_dir", "with_count"})
"""What a list request keeps under `ignore_filters`: how much, from where and in which order, never which."""


def without_filters(query: str) -> str:
    """A query string with every parameter but paging and sorting removed."""
    kept = [(key, value) for key, value in parse_qsl(query, keep_blank_values=True) if key in PAGING_PARAMETERS]
    return urlencode(kept)


class FaultBoard:
    """The faults in force; the first live match wins and is used up."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()

    def take(self, service: str, method: str, path: str, region: str | None) -> Fault | None:
        for fault in self.faults:
            if not fault.matches(service, method, path, region):
                continue
            if fault.skip > 0:
                fault.skip -= 1
                continue
            fault.hits += 1
            if fault.times is not None and fault.hits >= fault.times:
                self.faults.remove(fault)
            return fault
        return None


@dataclass(frozen=True)
class LoggedRequest:
    """One answered request: what a test counts and asserts on."""

    method: str
    path: str
    query: str
    status: int
    service: str
    region: str | None
    microversion: str | None = None
    """The microversion the request asked for in its headers (Nova and Cinder); None when it sent none, which
    the services read as their oldest."""
    body: Any = None
    """The JSON body the client sent, decoded; None without one (a GET, or the bytes of an upload)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def mutating(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")
