"""The region services of the simulated cloud, in catalog order."""

from __future__ import annotations

from .service import Service


def all_services() -> list[Service]:
    from . import compute, image, network, volume

    return [compute.SERVICE, volume.SERVICE, image.SERVICE, network.SERVICE]
