"""Waiting for a resource to reach a status: bounded, cancellable, and polite to the cloud."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from typing import TypeVar

from ..errors import Cancelled, CloudTimeout, ServerError

T = TypeVar("T")

FIRST_INTERVAL = 0.2
MAX_INTERVAL = 3.0


def wait_for(
    fetch: Callable[[], T],
    status: Callable[[T], str],
    *,
    ready: Collection[str],
    failed: Collection[str] = ("error",),
    what: str,
    timeout: float,
    cancel: threading.Event | None = None,
    on_poll: Callable[[T], None] | None = None,
    first_interval: float = FIRST_INTERVAL,
) -> T:
    """Poll `fetch` until its status is in `ready`; raise when it fails, runs out of time or is cancelled.

    The interval starts short (a simulated or fast cloud answers at once) and grows to a few seconds.
    """
    cancel = cancel or threading.Event()
    deadline = time.monotonic() + timeout
    interval = first_interval
    while True:
        if cancel.is_set():
            raise Cancelled(f"Stopped waiting for {what}.")
        current = fetch()
        state = status(current)
        if on_poll is not None:
            on_poll(current)
        if state in ready:
            return current
        if state in failed:
            raise ServerError(f"{what} went to {state}.")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CloudTimeout(f"{what} is still {state} after {timeout:g} s.")
        if cancel.wait(min(interval, remaining)):
            raise Cancelled(f"Stopped waiting for {what} (it is {state}).")
        interval = min(interval * 1.5, MAX_INTERVAL)
