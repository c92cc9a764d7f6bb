"""`volimage clouds | volumes | snapshots | images`: what a project holds, as tables or data."""

from __future__ import annotations

import argparse
from typing import Any

from ..cloud.profiles import load_profiles
from ..cloud.session import Session
from ..core.decode import DecodedImage, Maker, dangling, decode_image
from ..core.models import Image
from ..errors import NotFoundError
from .context import session_for
from .output import Output, status_text


def clouds(args: argparse.Namespace) -> int:
    output = Output(args.format)
    profiles = load_profiles()
    if not output.for_people:
        output.data(profiles)
        return 0
    rows = [(p.name, ", ".join(p.regions), p.auth_type, p.source) for p in profiles]
    output.table(("Name", "Regions", "Auth", "Defined in"), rows)
    return 0


def volumes(args: argparse.Namespace) -> int:
    output = Output(args.format)
    filters = {key: value for key, value in (("status", args.status), ("name", args.name)) if value}
    with session_for(args, output) as session:
        found = session.volumes(**filters)
    if not output.for_people:
        output.data(found)
        return 0
    rows = [
        (
            v.name,
            v.id,
            status_text(v.status),
            v.size,
            v.bootable,
            v.availability_zone,
            v.volume_type,
            ", ".join(a.server_id for a in v.attachments),
            v.source_image_name,
        )
        for v in found
    ]
    columns = ("Name", "ID", "Status", "GiB", "Bootable", "Zone", "Type", "Attached to", "Image")
    output.table(columns, rows, title=f"{len(found)} volumes")
    return 0


def snapshots(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        found = session.snapshots()
    if not output.for_people:
        output.data(found)
        return 0
    rows = [(s.name, s.id, status_text(s.status), s.size, s.volume_id, s.created_at) for s in found]
    output.table(("Name", "ID", "Status", "GiB", "Volume", "Created"), rows, title=f"{len(found)} snapshots")
    return 0


def images(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        listed = decoded_images(session, placeholders=args.placeholders, dangling=args.dangling)
    if not output.for_people:
        output.data([_image_data(image, decoded, gone) for image, decoded, gone in listed])
        return 0
    rows = [
        (
            image.name,
            image.id,
            status_text(image.status),
            image.size,
            maker_label(decoded),
            root_label(decoded),
            "; ".join([*(f"{item} is gone" for item in gone), *decoded.problems]),
        )
        for image, decoded, gone in listed
    ]
    output.table(
        ("Name", "ID", "Status", "Bytes", "Placeholder", "Root", "Problems"), rows, title=f"{len(rows)} images"
    )
    return 0


def decoded_images(
    session: Session, *, placeholders: bool = False, dangling: bool = False
) -> list[tuple[Image, DecodedImage, list[str]]]:
    """Every image with its decoded mapping and the references that are gone; only those carrying a mapping
    with `placeholders`, only those missing a source with `dangling`. Shared with `openstack placeholder list`."""
    found = [(image, decode_image(image)) for image in session.images()]
    if placeholders or dangling:
        found = [(image, decoded) for image, decoded in found if decoded.is_placeholder]
    missing = _missing_sources(session, [decoded for _, decoded in found])
    listed = [(image, decoded, missing_of(decoded, missing)) for image, decoded in found]
    return [item for item in listed if item[2]] if dangling else listed


def _missing_sources(session: Session, decoded: list[DecodedImage]) -> set[str]:
    """The referenced snapshots and volumes that no longer exist, each looked up once."""
    missing: set[str] = set()
    snapshot_ids = {snapshot_id for item in decoded for snapshot_id in item.snapshot_ids}
    if snapshot_ids:
        existing = {snapshot.id for snapshot in session.snapshots()}
        missing |= snapshot_ids - existing
    for volume_id in sorted({volume_id for item in decoded for volume_id in item.volume_ids}):
        try:
            session.volume(volume_id)
        except NotFoundError:
            missing.add(volume_id)
    return missing


def missing_of(decoded: DecodedImage, missing: set[str]) -> list[str]:
    snapshot_ids = set(decoded.snapshot_ids) - missing
    volume_ids = set(decoded.volume_ids) - missing
    return dangling(decoded, snapshot_ids, volume_ids)


def maker_label(decoded: DecodedImage) -> str:
    if decoded.maker is None:
        return ""
    return {Maker.VOLIMAGE: "volimage", Maker.NOVA: "nova", Maker.OTHER: "other"}[decoded.maker]


def root_label(decoded: DecodedImage) -> str:
    root = decoded.root
    if root is None:
        return ""
    return f"{root.source_type} {root.source_id or ''}".strip()


def _image_data(image: Image, decoded: DecodedImage, gone: list[str]) -> dict[str, Any]:
    return {
        "image": image,
        "placeholder": maker_label(decoded) or None,
        "mapping": decoded.entries,
        "problems": decoded.problems,
        "dangling": gone,
    }
