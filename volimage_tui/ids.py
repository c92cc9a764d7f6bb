"""The ids volimage makes up itself (an image's id, the request id of a snapshot or a launch).

Random by default; headless mode seeds them, so that the same keys give the same screen.
"""

from __future__ import annotations

import random
import uuid

_random = random.SystemRandom()
_generator: random.Random = _random


def seed(value: int) -> None:
    """Make every id from now on follow from `value` (headless mode and its tests)."""
    global _generator
    _generator = random.Random(value)  # noqa: S311 - ids, not secrets; seeded only for headless runs


def new_uuid() -> str:
    return str(uuid.UUID(int=_generator.getrandbits(128), version=4))


def new_request_id() -> str:
    return f"{_generator.getrandbits(64):016x}"
