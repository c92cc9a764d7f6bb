"""Searches for what one of volimage's own requests made, for its rollback: listings narrow the search, and the
request id in each resource's own metadata proves it (Cinder and Nova ignore filters they do not know)."""

from __future__ import annotations

import re
from json import dumps as json_text
from typing import Any

from ..core.microversions import SNAPSHOT_METADATA_FILTER, Need
from ..core.models import Server, Snapshot
from ..core.placeholder import REQUEST_KEY
from ..core.proof import only_made_by
from . import wire
from .session import Session


def servers_of_request(session: Session, request_id: str, *, name: str, reservation_id: str = "") -> list[Server]:
    """The servers a launch made, as the detail listing shows them: those carrying its request id. The
    filters only narrow the listing; the request id in each server's own metadata is what proves it ours."""
    return only_made_by(session.servers(**_launch_query(name, reservation_id)), request_id)


def server_ids(session: Session, *, name: str, reservation_id: str = "") -> list[str]:
    """Ids of the servers that may be a launch's, from Nova's plain list (`/servers`, not the detail one,
    which the wait may have found failing); each must still be read and proved before it is deleted."""
    pages = session.pages("compute", "/servers", "servers", "Listing servers", _launch_query(name, reservation_id))
    return [item["id"] for page in pages for item in page]


def snapshots_of_request(session: Session, request_id: str, *, volume_id: str) -> list[Snapshot]:
    """The snapshots of `volume_id` a request made, proved by the request id in each one's metadata. Cinder
    filters by metadata from 3.22 only and lists everything below, so the filter is sent only where honoured
    and, either way, only narrows."""
    query: dict[str, Any] = {"volume_id": volume_id}
    needs: tuple[Need, ...] = ()
    if session.target().supports(SNAPSHOT_METADATA_FILTER):
        query["metadata"] = json_text({REQUEST_KEY: request_id})
        needs = (SNAPSHOT_METADATA_FILTER,)
    listing = session.listing(wire.snapshot, "volume", "/snapshots/detail", "snapshots", "snapshots", needs, **query)
    return only_made_by((item for page in listing for item in page), request_id)


def _launch_query(name: str, reservation_id: str) -> dict[str, str]:
    """A launch's servers: by reservation when Nova's answer gave it, else by name (`name` or Nova's `name-N`)."""
    if reservation_id:
        return {"reservation_id": reservation_id}
    return {"name": f"^{re.escape(name)}(-[0-9]+)?$"}
