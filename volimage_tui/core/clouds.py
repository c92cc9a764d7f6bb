"""Which cloud volimage starts on: the one rule both front ends follow.

`--demo` first; then the cloud named by `--cloud` or `OS_CLOUD`; then the one the UI used last; then the only
cloud of clouds.yaml; and with no clouds.yaml at all, the demo cloud. Several clouds and no choice is the user's
to settle: the command line says so, the UI opens its cloud picker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .models import DEMO_PROFILE, CloudProfile


class Undecided(StrEnum):
    UNKNOWN = "unknown"
    """A cloud was named that clouds.yaml does not have."""
    SEVERAL = "several"
    """clouds.yaml has several clouds and none was named."""


@dataclass(frozen=True)
class CloudChoice:
    profile: CloudProfile | None
    """The cloud to open; None when the user must choose (`undecided` says why)."""
    undecided: Undecided | None = None
    problem: str = ""


def choose_cloud(
    profiles: Sequence[CloudProfile], *, wanted: str | None, demo: bool = False, last_used: str | None = None
) -> CloudChoice:
    """The cloud to start on among `profiles` (clouds.yaml's, the demo among them or not)."""
    demo_profile = next((profile for profile in profiles if profile.is_demo), DEMO_PROFILE)
    if demo:
        return CloudChoice(demo_profile)
    real = [profile for profile in profiles if not profile.is_demo]
    if wanted:
        chosen = next((profile for profile in [*real, demo_profile] if profile.name == wanted), None)
        if chosen is not None:
            return CloudChoice(chosen)
        known = ", ".join(profile.name for profile in [*real, demo_profile])
        return CloudChoice(
            None, Undecided.UNKNOWN, f"There is no cloud named {wanted!r} in clouds.yaml (known: {known})."
        )
    remembered = next((profile for profile in real if profile.name == last_used), None)
    if remembered is not None:
        return CloudChoice(remembered)
    if len(real) == 1:
        return CloudChoice(real[0])
    if not real:
        return CloudChoice(demo_profile)
    names = ", ".join(profile.name for profile in real)
    return CloudChoice(
        None, Undecided.SEVERAL, f"clouds.yaml has several clouds ({names}); choose one with --cloud or OS_CLOUD."
    )
