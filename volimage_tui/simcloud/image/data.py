"""Image data: the upload that activates a queued image (with Glance's format inspection) and the download.

Glance inspects the uploaded bytes when the container format is `bare` (`require_image_format_match`, on by
default) and refuses data whose format is not the declared `disk_format`. Zero bytes, or any data without a
recognised signature, is `raw`, which is why a placeholder must be `raw`/`bare`.
"""

from __future__ import annotations

import hashlib

from werkzeug.wrappers import Request, Response

from ..model import Image
from .webob import GlanceError

KEPT_DATA_LIMIT = 64 * 1024
"""Uploads up to this many bytes are kept and served back; larger ones keep only their size and hashes."""
UNINSPECTED_DISK_FORMATS = ("ami", "ari", "aki", "ploop")
"""Formats the inspector has no signature for, so any data is accepted for them."""
SIGNATURES: tuple[tuple[str, int, bytes], ...] = (
    ("qcow2", 0, b"QFI\xfb"),
    ("vhd", 0, b"conectix"),
    ("vhdx", 0, b"vhdxfile"),
    ("vmdk", 0, b"KDMV"),
    ("vdi", 64, b"\x7f\x10\xda\xbe"),
    ("iso", 32769, b"CD001"),
    ("luks", 0, b"LUKS\xba\xbe"),
)
"""(format, offset, magic bytes) as `oslo_utils.imageutils.format_inspector` recognises them."""


def detect_disk_format(data: bytes) -> str:
    """The format the inspector sees in `data`: the first signature found, else `raw`."""
    for name, offset, magic in SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    return "raw"


def check_upload_media_type(request: Request) -> None:
    """The upload deserializer accepts only `application/octet-stream` (checked before the image is looked up)."""
    if request.mimetype != "application/octet-stream":
        raise GlanceError(415, f"Invalid content type {request.mimetype or None}")


def receive_upload(image: Image, request: Request, now: str) -> None:
    """Store an upload into `image` and make it active, or raise as Glance would and leave the image queued."""
    if image.status != "queued":
        raise GlanceError(409, f"Image status transition from {image.status} to saving is not allowed")
    missing = [key for key in ("disk_format", "container_format") if not getattr(image, key)]
    if missing:
        noun = "Property" if len(missing) == 1 else "Properties"
        raise GlanceError(400, f"{noun} {', '.join(missing)} must be set prior to saving data.")
    data = request.get_data()
    declared = request.headers.get("X-OpenStack-Image-Size")
    if declared is not None and declared.strip().isdigit() and int(declared) != len(data):
        raise GlanceError(400, f"Image size mismatch: {declared} bytes were announced, {len(data)} were received.")
    detected = detect_disk_format(data)
    inspected = image.container_format == "bare" and image.disk_format not in UNINSPECTED_DISK_FORMATS
    if inspected and detected != image.disk_format:
        raise GlanceError(415, detail=f"Image disk_format {image.disk_format} does not match stream data {detected}")
    image.status = "active"
    image.size = len(data)
    image.virtual_size = _virtual_size(detected, data) or None
    image.checksum = hashlib.md5(data).hexdigest()  # noqa: S324 - Glance's checksum algorithm
    image.os_hash_algo = "sha512"
    image.os_hash_value = hashlib.sha512(data).hexdigest()
    image.data = data if len(data) <= KEPT_DATA_LIMIT else None
    image.updated_at = now


def download_response(image: Image) -> Response:
    """`GET /v2/images/{id}/file`: the kept bytes, or 204 when there is no data to send."""
    if image.status == "deactivated":
        raise GlanceError(403, "The requested image has been deactivated. Image data download is forbidden.")
    if image.status != "active" or image.data is None:
        return Response(b"", status=204)
    headers = {"Content-MD5": image.checksum or ""}
    return Response(image.data, status=200, headers=headers, content_type="application/octet-stream")


def _virtual_size(disk_format: str, data: bytes) -> int:
    """The inspector's virtual size: the qcow2 header's size field, the byte count for raw, else unknown (0)."""
    if disk_format == "qcow2" and len(data) >= 32:
        return int.from_bytes(data[24:32], "big")
    if disk_format == "raw":
        return len(data)
    return 0
