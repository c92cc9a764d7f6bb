"""The built-in demo cloud: the simulated cloud, started in this process the first time a session needs it.

One per process, so that switching region or reconnecting keeps what the user made in it.
"""

from __future__ import annotations

import atexit
import threading
from datetime import datetime
from typing import Any

from ..simcloud import SimCloud, SimConfig

_lock = threading.Lock()
_running: SimCloud | None = None
_frozen_time: datetime | None = None


def freeze_clock(moment: datetime) -> None:
    """Make the demo cloud, once started, stamp everything with `moment` (headless mode: the same screens)."""
    global _frozen_time
    _frozen_time = moment


def demo_cloud(delay: float = 0.0, volumes: int = 0) -> SimCloud:
    """The process's demo cloud, started on first use with `delay` seconds per status change."""
    global _running
    with _lock:
        if _running is None:
            config = SimConfig(delay=delay, volumes=volumes, frozen_time=_frozen_time)
            _running = SimCloud(config).start()
            atexit.register(_running.stop)
        return _running


def demo_connect_args(region: str | None, delay: float = 0.0) -> dict[str, Any]:
    """`openstack.connect` arguments for the demo cloud in `region`, starting it first if need be."""
    return demo_cloud(delay).connect_args(region)
