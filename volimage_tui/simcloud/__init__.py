"""An embedded, simulated OpenStack cloud (Keystone, Nova, Cinder, Glance, Neutron) over HTTP on 127.0.0.1.

It shares no code with `volimage_tui.core` or `volimage_tui.cloud`, only the wire protocol, so that it cannot
hide a client bug by agreeing with it.
"""

from .faults import Fault, LoggedRequest
from .server import DEMO_CLOUD_NAME, SimCloud
from .state import SimConfig

__all__ = ["DEMO_CLOUD_NAME", "Fault", "LoggedRequest", "SimCloud", "SimConfig"]
