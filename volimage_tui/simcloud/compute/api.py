"""The simulated Nova (compute API v2.1, microversions 2.1-2.96), mounted at `/<region>/compute`.

| module               | holds                                                              |
|----------------------|--------------------------------------------------------------------|
| `servers.py`         | `/servers`: list, show, create, delete, volume attachments         |
| `actions.py`         | `/servers/{id}/action`: stop, start, reboot, lock, createImage     |
| `catalog.py`         | flavors, availability zones, limits, quota sets                    |
| `keypairs.py`        | `/os-keypairs`                                                     |
| `views.py`           | the JSON views per microversion                                    |
| `boot*.py`, `bdm.py` | the checks of a boot; `build.py` what follows it; `snapshot.py` createImage |
| `validation.py`      | request bodies checked against Nova's JSON schemas, in Nova's words |

The version documents below are unauthenticated and follow Nova's `versions-get-resp.json` and
`v21-version-get-resp.json` samples.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from ..wire.http import Microversion, VersionRange, json_response
from ..wire.service import Route, Service, nova_style_error, route_map
from . import actions, catalog, keypairs, servers

MINIMUM = Microversion(2, 1)
MAXIMUM = Microversion(2, 96)
VERSIONS = VersionRange("compute", MINIMUM, MAXIMUM, legacy_header="X-OpenStack-Nova-API-Version")


def _v21(root: str, versions: VersionRange) -> dict[str, Any]:
    return {
        "id": "v2.1",
        "links": [{"href": f"{root}/v2.1/", "rel": "self"}],
        "status": "CURRENT",
        "version": str(versions.maximum),
        "min_version": str(versions.minimum),
        "updated": "2013-07-23T11:33:21Z",
    }


def versions_document(root: str, versions: VersionRange = VERSIONS) -> dict[str, Any]:
    """`GET /`: the legacy v2.0 API (supported) and v2.1 (current) with its microversion range."""
    legacy = {
        "id": "v2.0",
        "links": [{"href": f"{root}/v2/", "rel": "self"}],
        "status": "SUPPORTED",
        "version": "",
        "min_version": "",
        "updated": "2011-01-21T11:33:21Z",
    }
    return {"versions": [legacy, _v21(root, versions)]}


def version_document(root: str, versions: VersionRange = VERSIONS) -> dict[str, Any]:
    """`GET /v2.1`: the current version with its documentation link and media type."""
    version = _v21(root, versions)
    version["links"].append({"href": "http://docs.openstack.org/", "rel": "describedby", "type": "text/html"})
    version["media-types"] = [
        {"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}
    ]
    return {"version": version}


def discovery(root: str, rest: str, versions: VersionRange | None) -> Response | None:
    versions = versions or VERSIONS
    if rest in ("", "/"):
        return json_response(versions_document(root, versions))
    if rest in ("/v2.1", "/v2.1/"):
        return json_response(version_document(root, versions))
    return None


def routes() -> list[Route]:
    """Every route of Nova below `/v2.1`, from the handler modules."""
    return [*servers.routes(), *actions.routes(), *catalog.routes(), *keypairs.routes()]


def service() -> Service:
    """Nova as the dispatcher mounts it."""
    return Service(
        service_type="compute",
        mount="compute",
        versioned=re.compile(r"/v2\.1"),
        routes=route_map(routes()),
        error_body=nova_style_error,
        discovery=discovery,
        versions=VERSIONS,
        extra_headers=lambda request_id: {"x-compute-request-id": request_id},
    )
