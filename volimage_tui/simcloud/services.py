"""The region services of the simulated cloud, in catalog order: the one list the WSGI app mounts."""

from __future__ import annotations

from .compute import api as compute
from .image import api as image
from .network import api as network
from .volume import api as volume
from .wire.service import Service


def all_services() -> list[Service]:
    """Nova, Cinder, Glance and Neutron, each with its route map built from its handler modules' route lists."""
    return [compute.service(), volume.service(), image.service(), network.service()]
