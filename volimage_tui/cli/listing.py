"""`volimage clouds | volumes | snapshots | images`: what a project holds, as tables or data."""

from __future__ import annotations

import argparse
from typing import Any

from ..cloud.profiles import load_profiles
from ..cloud.reads import existing_sources
from ..cloud.session import Session
from ..core import labels
from ..core.decode import DecodedImage, decode_image
from ..core.decode import dangling as gone_sources
from ..core.lineage import boots_only_here
from ..core.models import Image
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
    if args.usage:
        from .lineage import images_usage  # the lineage's four listings, only when asked for

        return images_usage(args)
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
            "; ".join(
                [
                    *(f"{item} is gone" for item in gone),
                    *_sharing(image, decoded),
                    *(p.message for p in decoded.problems),
                ]
            ),
        )
        for image, decoded, gone in listed
    ]
    output.table(
        ("Name", "ID", "Status", "Bytes", "Placeholder", "Root", "Problems"), rows, title=f"{len(rows)} images"
    )
    return 0


def _sharing(image: Image, decoded: DecodedImage) -> list[str]:
    if not boots_only_here(image, decoded):
        return []
    return [f"{image.visibility}, but other projects cannot boot it (the snapshots it maps are this project's)"]


def decoded_images(
    session: Session, *, placeholders: bool = False, dangling: bool = False
) -> list[tuple[Image, DecodedImage, list[str]]]:
    """Every image with its decoded mapping and the references that are gone; only those carrying a mapping
    with `placeholders`, only those missing a source with `dangling`. Shared with `openstack placeholder list`."""
    found = [(image, decode_image(image)) for image in session.images()]
    if placeholders or dangling:
        found = [(image, decoded) for image, decoded in found if decoded.is_placeholder]
    existing = existing_sources(session) if any(decoded.is_placeholder for _, decoded in found) else None
    listed = [
        (image, decoded, gone_sources(decoded, existing.snapshot_ids, existing.volume_ids) if existing else [])
        for image, decoded in found
    ]
    return [item for item in listed if item[2]] if dangling else listed


def _messages(decoded: DecodedImage) -> list[str]:
    return [problem.message for problem in decoded.problems]


def maker_label(decoded: DecodedImage) -> str:
    return labels.maker_label(decoded.maker)


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
        "problems": [problem.message for problem in decoded.problems],
        "dangling": gone,
        "shared_unbootable": boots_only_here(image, decoded),
    }
