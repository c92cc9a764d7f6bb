"""The simulated Neutron (networking API v2.0, read-only), mounted at `/<region>/networking`.

| module         | holds                                                                      |
|----------------|----------------------------------------------------------------------------|
| `resources.py` | networks, subnets, security groups, ports, extensions, zones, quotas       |
| `listing.py`   | filters, sorting, pages and `fields` of every collection listing           |
| `views.py`     | the JSON views of the rows                                                 |
| `errors.py`    | `{"NeutronError": {"type", "message", "detail"}}`                          |
"""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from ..wire.http import VersionRange, json_response
from ..wire.service import Route, Service, route_map
from . import resources
from .errors import error_body, error_response


def discovery(service_root: str, rest: str, versions: VersionRange | None) -> Response | None:
    """The unversioned root lists v2.0 without a token; everything else is the versioned API."""
    if rest in ("", "/"):
        return json_response(
            {
                "versions": [
                    {"id": "v2.0", "status": "CURRENT", "links": [{"href": f"{service_root}/v2.0/", "rel": "self"}]}
                ]
            }
        )
    return None


def routes() -> list[Route]:
    """Every route of Neutron below `/v2.0`, from the handler modules."""
    return resources.routes()


def service() -> Service:
    """Neutron as the dispatcher mounts it."""
    return Service(
        service_type="network",
        mount="networking",
        versioned=re.compile(r"/v2\.0(?=/|$)"),
        routes=route_map(routes()),
        error_body=error_body,
        discovery=discovery,
        error_response=error_response,
    )
