"""The composition root's one decision about clouds: how a session reaches each profile.

A cloud of clouds.yaml is openstacksdk's to connect to; the demo profile is the simulated cloud, started in this
process when its session first connects. The UI is handed the opener, so it never knows the demo is a simulation.
The opener is called in a worker, so openstacksdk and the simulated cloud are imported there, never before the
UI's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.models import CloudProfile

if TYPE_CHECKING:
    from ..cloud.session import Session

SessionOpener = Callable[[CloudProfile, str | None], "Session"]


def session_opener(*, api_timeout: float = 60, demo_delay: float = 0.0) -> SessionOpener:
    """Sessions whose requests time out after `api_timeout` s; the demo cloud's statuses take `demo_delay` s."""

    def open_session(profile: CloudProfile, region: str | None) -> Session:
        from ..cloud.session import Session

        if not profile.is_demo:
            return Session(profile, region, api_timeout=api_timeout)

        def connect_args() -> dict[str, object]:
            from .demo import demo_connect_args

            return demo_connect_args(region, demo_delay)

        return Session(profile, region, connect_args=connect_args, api_timeout=api_timeout)

    return open_session
