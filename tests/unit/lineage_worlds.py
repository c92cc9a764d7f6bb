"""Small projects to derive lineages from: placeholders built as Glance stores them, and a hypothesis strategy of
random ones (sources, snapshots, placeholders mapping them or ids that are gone, servers, clones)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st

from volimage_tui.core.models import Image, Server, Snapshot, Volume, VolumeAttachment


def placeholder(
    image_id: str,
    snapshot_ids: tuple[str, ...],
    *,
    name: str = "",
    maker: str = "volimage",
    visibility: str = "private",
    protected: bool = False,
    volume_ids: tuple[str, ...] = (),
) -> Image:
    """A placeholder as Glance holds it: volimage's carries its tag and `volimage_sources`, Nova's its own marks."""
    entries = [
        {"source_type": "snapshot", "destination_type": "volume", "snapshot_id": sid, "boot_index": 0 if n == 0 else -1}
        for n, sid in enumerate(snapshot_ids)
    ] + [
        {"source_type": "volume", "destination_type": "volume", "volume_id": vid, "boot_index": -1}
        for vid in volume_ids
    ]
    properties = {"block_device_mapping": json.dumps(entries), "bdm_v2": "True", "root_device_name": "/dev/vda"}
    tags: tuple[str, ...] = ()
    if maker == "volimage":
        properties["volimage_sources"] = ",".join(f"snapshot:{sid}" for sid in snapshot_ids)
        tags = ("volimage",)
    elif maker == "nova":
        properties["owner_project_name"] = "demo"
    return Image(
        id=image_id,
        name=name or image_id,
        status="active",
        visibility=visibility,
        size=0,
        protected=protected,
        tags=tags,
        properties=properties,
    )


def snapshot(
    snapshot_id: str, volume_id: str, *, ours: bool = True, status: str = "available", size: int = 10
) -> Snapshot:
    metadata = {"volimage_request": f"r-{snapshot_id}"} if ours else {}
    return Snapshot(id=snapshot_id, name=snapshot_id, status=status, size=size, volume_id=volume_id, metadata=metadata)


def volume(
    volume_id: str, *, size: int = 10, snapshot_id: str | None = None, server_id: str = "", status: str = ""
) -> Volume:
    attachments = (VolumeAttachment(server_id=server_id, device="/dev/vda"),) if server_id else ()
    return Volume(
        id=volume_id,
        name=volume_id,
        status=status or ("in-use" if server_id else "available"),
        size=size,
        snapshot_id=snapshot_id,
        attachments=attachments,
    )


def server(server_id: str, image_id: str, *, status: str = "ACTIVE", volume_ids: tuple[str, ...] = ()) -> Server:
    return Server(id=server_id, name=server_id, status=status, image_id=image_id, volume_ids=volume_ids)


@dataclass(frozen=True)
class World:
    volumes: list[Volume]
    snapshots: list[Snapshot]
    images: list[Image]
    servers: list[Server]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A random project: a few source volumes and their snapshots (volimage's or not, in any status), placeholders
    mapping snapshots that exist or are gone, servers booted from them or not, and clones attached or orphaned."""
    sources = [volume(f"src-{n}", size=draw(st.integers(1, 50))) for n in range(draw(st.integers(1, 4)))]
    snapshots = [
        snapshot(
            f"snap-{n}",
            draw(st.sampled_from(sources)).id,
            ours=draw(st.booleans()),
            status=draw(st.sampled_from(["available", "available", "error", "creating"])),
            size=draw(st.integers(1, 50)),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    mappable = [s.id for s in snapshots] + ["gone-1", "gone-2"]
    images = [
        placeholder(
            f"img-{n}",
            tuple(draw(st.lists(st.sampled_from(mappable), min_size=1, max_size=2, unique=True))),
            maker=draw(st.sampled_from(["volimage", "volimage", "nova"])),
            visibility=draw(st.sampled_from(["private", "private", "shared", "community", "public"])),
            protected=draw(st.booleans()) and draw(st.booleans()),
        )
        for n in range(draw(st.integers(0, 5)))
    ]
    images.append(Image(id="plain", name="ubuntu", status="active", visibility="public"))
    boot_choices = [image.id for image in images]
    servers = [
        server(
            f"srv-{n}",
            draw(st.sampled_from([*boot_choices, ""])),
            status=draw(st.sampled_from(["ACTIVE", "ERROR", "SHUTOFF", "BUILD"])),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    clones = []
    for n in range(draw(st.integers(0, 6))):
        attached = draw(st.sampled_from([*(s.id for s in servers), ""]))
        status = "in-use" if attached else draw(st.sampled_from(["available", "available", "error"]))
        clones.append(
            volume(
                f"clone-{n}",
                size=draw(st.integers(1, 50)),
                snapshot_id=draw(st.sampled_from(mappable)),
                server_id=attached,
                status=status,
            )
        )
    return World(sources + clones, snapshots, images, servers)
