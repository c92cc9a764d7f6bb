"""The simulated Glance (image API v2) of one region, mounted at `/<region>/image`.

| module       | holds                                                                    |
|--------------|--------------------------------------------------------------------------|
| `images.py`  | `/v2/images` and `/v2/schemas`: records, data, tags, deactivation        |
| `rules.py`   | what a create body and a JSON patch may say                              |
| `data.py`    | uploads, downloads and format inspection                                 |
| `listing.py` | filters, order, pages and the image view                                 |
| `schema.py`  | the schema documents                                                     |
| `webob.py`   | webob's error responses (shaped by the Accept header) and the versions list |

The catalog URL is unversioned, so every route carries its `/v2/` itself.
"""

from __future__ import annotations

import re

from ..wire.service import Route, Service, route_map
from . import images
from .webob import discovery, error_response, json_error_body


def routes() -> list[Route]:
    """Every route of Glance, from the handler modules."""
    return images.routes()


def service() -> Service:
    """Glance as the dispatcher mounts it."""
    return Service(
        service_type="image",
        mount="image",
        versioned=re.compile(r""),
        routes=route_map(routes()),
        error_body=json_error_body,
        discovery=discovery,
        error_response=error_response,
    )
