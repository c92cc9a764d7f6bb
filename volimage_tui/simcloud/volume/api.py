"""The simulated Cinder (block storage API v3, microversions 3.0-3.71), mounted at `/<region>/volume`.

| module         | holds                                                                  |
|----------------|------------------------------------------------------------------------|
| `volumes.py`   | `/volumes`: list, show, create, update, delete, metadata, actions      |
| `snapshots.py` | `/snapshots`                                                           |
| `project.py`   | volume types, availability zones, limits, quota sets                   |
| `create.py`    | the checks and effects of creating a volume                            |
| `listing.py`   | filters, sort keys and pages of the listings                           |
| `views.py`     | the JSON views per microversion                                        |
| `blockstore.py`| what happens to volumes and snapshots (quotas, statuses), shared with Nova |

The version documents below are unauthenticated and follow Cinder's `versions-response.json` sample.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from ..wire.http import Microversion, VersionRange, json_response
from ..wire.service import Route, Service, nova_style_error, route_map
from . import project, snapshots, volumes

VERSIONS = VersionRange("volume", Microversion(3, 0), Microversion(3, 71))


def _version_document(service_root: str, versions: VersionRange) -> dict[str, Any]:
    return {
        "id": "v3.0",
        "status": "CURRENT",
        "version": str(versions.maximum),
        "min_version": str(versions.minimum),
        "updated": "2023-08-31T00:00:00Z",
        "links": [
            {"href": "https://docs.openstack.org/", "type": "text/html", "rel": "describedby"},
            {"href": f"{service_root}/v3/", "rel": "self"},
        ],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"}],
    }


def discovery(service_root: str, rest: str, versions: VersionRange | None) -> Response | None:
    """`/` answers 300 Multiple Choices and `/v3/` 200, both with the one v3 entry, without a token."""
    document = [_version_document(service_root, versions or VERSIONS)]
    if rest in ("", "/"):
        return json_response({"versions": document}, status=300)
    if rest in ("/v3", "/v3/"):
        return json_response({"versions": document})
    return None


def routes() -> list[Route]:
    """Every route of Cinder below `/v3/{project_id}`, from the handler modules."""
    return [*volumes.routes(), *snapshots.routes(), *project.routes()]


def service() -> Service:
    """Cinder as the dispatcher mounts it."""
    return Service(
        service_type="volume",
        mount="volume",
        versioned=re.compile(r"/v3/(?P<project>[^/]+)"),
        routes=route_map(routes()),
        error_body=nova_style_error,
        discovery=discovery,
        versions=VERSIONS,
    )
