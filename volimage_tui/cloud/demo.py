"""The built-in demo cloud: the simulated cloud, started in this process the first time a session needs it.

One per process, so that switching region or reconnecting keeps what the user made in it.
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from ..simcloud import SimCloud, SimConfig

_lock = threading.Lock()
_running: SimCloud | None = None


def demo_cloud(delay: float = 0.0, volumes: int = 0) -> SimCloud:
    """The process's demo cloud, started on first use with `delay` seconds per status change."""
    global _running
    with _lock:
        if _running is None:
            _running = SimCloud(SimConfig(delay=delay, volumes=volumes)).start()
            atexit.register(_running.stop)
        return _running


def demo_connect_args(region: str | None, delay: float = 0.0) -> dict[str, Any]:
    return demo_cloud(delay).connect_args(region)
