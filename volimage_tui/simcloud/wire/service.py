"""How a simulated service declares itself: its routes, microversions, version documents and error shape.

A service's routes are listed, not registered as a side effect of importing its handlers: each handler module
has a `routes()` function returning its `Route`s, and the service's `api.service()` builds one map from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .http import ApiError, Handler, VersionRange

ERROR_NAMES: dict[int, str] = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}
"""The fault names of Nova's and Cinder's error bodies (`{"itemNotFound": {"code": 404, "message": ...}}`)."""


def nova_style_error(status: int, message: str) -> Any:
    """Nova's and Cinder's error body; other codes are a `computeFault`."""
    return {ERROR_NAMES.get(status, "computeFault"): {"code": status, "message": message}}


class Route(NamedTuple):
    """One URL rule of a service: the method, the werkzeug path pattern below the versioned prefix, the handler."""

    method: str
    path: str
    handler: Handler


def route_map(routes: Iterable[Route]) -> Map:
    """The werkzeug map a service dispatches with, from the routes its handler modules list."""
    rules = [Rule(route.path, endpoint=route.handler, methods=[route.method]) for route in routes]
    return Map(rules, strict_slashes=False, merge_slashes=True)


@dataclass
class Service:
    """One API of a region, mounted at `/<region>/<mount>/` on the simulated cloud's port."""

    service_type: str
    """The type tests and faults name it by: compute, volume, image or network."""
    mount: str
    versioned: re.Pattern[str]
    """Matches the versioned prefix of a path (e.g. `/v2.1`); the rest is routed."""
    routes: Map
    error_body: Callable[[int, str], Any]
    discovery: Callable[[str, str, VersionRange | None], Response | None]
    """(service root URL, path below the mount, the microversions offered) -> a version document for that path,
    else None."""
    versions: VersionRange | None = None
    extra_headers: Callable[[str], dict[str, str]] = field(default=lambda request_id: {})
    error_response: Callable[[ApiError, Request], Response] | None = None
    """Renders an error as a whole response, for services whose error body depends on the request (Glance's
    webob errors follow the Accept header); when None, `error_body` is sent as JSON."""
