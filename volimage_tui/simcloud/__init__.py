"""An embedded, simulated OpenStack cloud (Keystone, Nova, Cinder, Glance, Neutron) over HTTP on 127.0.0.1.

It shares no code with `volimage_tui.core` or `volimage_tui.cloud`, only the wire protocol, so that it cannot
hide a client bug by agreeing with it.

One sub-package per service, above a shared core kept at the top level; imports point down this table only:

| layer       | modules                                                  | job                                   |
|-------------|----------------------------------------------------------|---------------------------------------|
| assembly    | `server`, `wsgi`, `admin`, `services`, `seed`            | HTTP server, dispatch, steering, data |
| services    | `identity/`, `compute/`, `volume/`, `image/`, `network/` | one API each (Nova uses Cinder's)     |
| shared core | `wire/`, `state`, `model`, `table`, `faults`             | what every service speaks and holds   |

`wire/` is what a service needs to answer HTTP (errors, microversions, pagination, routes); `state`, `model` and
`table` are the cloud's memory; `faults` the injected failures and the request log. They stay at the top level
rather than in a package of their own because every other module builds on them and none of them on anything
above. Each service's `api.py` declares it with `service()`, whose routes its handler modules list explicitly;
`services.all_services()` is the one list the dispatcher mounts.
"""

from .faults import Fault, LoggedRequest
from .server import DEMO_CLOUD_NAME, SimCloud
from .state import SimConfig

__all__ = ["DEMO_CLOUD_NAME", "Fault", "LoggedRequest", "SimCloud", "SimConfig"]
