"""The lineage of a project, read with four paged listings side by side, whatever the number of placeholders.

    GET /volumes/detail     GET /snapshots/detail     GET /v2/images     GET /servers/detail[?all_tenants=1]

No request is made per item: Cinder cannot filter volumes by `snapshot_id` by default and Nova's `image` filter
would cost a request per placeholder, so the join is client-side (`core/lineage.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from ..core.lineage import Lineage, build_lineage
from ..core.models import Image
from .session import Session

ALL_PROJECTS = {"all_tenants": "1"}
"""Nova's filter for every project's servers; its policy allows it to admins only (a member gets a 403)."""


def read_lineage(session: Session, *, all_projects: bool = False) -> Lineage:
    """The four listings of `session`'s project (with every project's servers for an admin who asks), joined.

    Raises:
        CloudError: a listing failed, in one line naming it.
    """
    session.offered()  # discover Cinder and Nova once, before four threads share their adapters
    servers = ALL_PROJECTS if all_projects else {}
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="volimage-lineage") as pool:
        volumes = pool.submit(session.volumes)
        snapshots = pool.submit(session.snapshots)
        images = pool.submit(session.images)
        found = pool.submit(session.servers, **servers)
        return build_lineage(volumes.result(), snapshots.result(), images.result(), found.result())


def read_fleets(session: Session, images: Iterable[Image]) -> Lineage:
    """The lineage of `images` (a listing the caller has just made): three more paged listings, side by side.

    For the images view, which has listed the images already and fills in each placeholder's servers, GiB and
    dangling sources once these arrive.

    Raises:
        CloudError: a listing failed, in one line naming it.
    """
    session.offered()
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="volimage-fleets") as pool:
        volumes = pool.submit(session.volumes)
        snapshots = pool.submit(session.snapshots)
        servers = pool.submit(session.servers)
        return build_lineage(volumes.result(), snapshots.result(), images, servers.result())
