"""Glance's image schema: the document `GET /v2/schemas/image` serves and the checks a request body must pass.

Glance validates create bodies and JSON-patch values with jsonschema against this schema, and reports the first
failure as "Provided object does not match schema 'image': <jsonschema's message>". The messages below use the
same wording (`1 is not of type 'string'`, `'x' is not one of [...]`, `'...' is too long`).
"""

from __future__ import annotations

import re
from typing import Any

UUID_PATTERN = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"
DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop")
"""Glance's default `[image_format] disk_formats`."""
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed")
"""Glance's default `[image_format] container_formats`."""
VISIBILITIES = ("community", "public", "private", "shared")
STATUSES = (
    "queued", "saving", "active", "killed", "deleted", "uploading", "importing", "pending_delete", "deactivated",
)  # fmt: skip


def _read_only(kind: str | list[str], description: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, "readOnly": True, "description": description, **more}


BASE_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "description": "An identifier for the image", "pattern": UUID_PATTERN},
    "name": {"type": ["null", "string"], "description": "Descriptive name for the image", "maxLength": 255},
    "status": _read_only("string", "Status of the image", enum=list(STATUSES)),
    "visibility": {"type": "string", "description": "Scope of image accessibility", "enum": list(VISIBILITIES)},
    "protected": {"type": "boolean", "description": "If true, image will not be deletable."},
    "os_hidden": {
        "type": "boolean",
        "description": "If true, image will not appear in default image list response.",
    },
    "checksum": _read_only(["null", "string"], "md5 hash of image contents.", maxLength=32),
    "os_hash_algo": _read_only(["null", "string"], "Algorithm to calculate the os_hash_value", maxLength=64),
    "os_hash_value": _read_only(
        ["null", "string"],
        "Hexdigest of the image contents using the algorithm specified by the os_hash_algo",
        maxLength=128,
    ),
    "owner": {"type": ["null", "string"], "description": "Owner of the image", "maxLength": 255},
    "size": _read_only(["null", "integer"], "Size of image file in bytes"),
    "virtual_size": _read_only(["null", "integer"], "Virtual size of image in bytes"),
    "container_format": {
        "type": ["null", "string"],
        "description": "Format of the container",
        "enum": [None, *CONTAINER_FORMATS],
    },
    "disk_format": {"type": ["null", "string"], "description": "Format of the disk", "enum": [None, *DISK_FORMATS]},
    "created_at": _read_only("string", "Date and time of image registration"),
    "updated_at": _read_only("string", "Date and time of the last image modification"),
    "tags": {
        "type": "array",
        "description": "List of strings related to the image",
        "items": {"type": "string", "maxLength": 255},
    },
    "direct_url": _read_only("string", "URL to access the image file kept in external store"),
    "min_ram": {"type": "integer", "description": "Amount of ram (in MB) required to boot image."},
    "min_disk": {"type": "integer", "description": "Amount of disk space (in GB) required to boot image."},
    "self": _read_only("string", "An image self url"),
    "file": _read_only("string", "An image file url"),
    "stores": _read_only(
        "string",
        "Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a "
        "comma-separated list of store identifiers.",
    ),
    "schema": _read_only("string", "An image schema url"),
    "locations": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"url": {"type": "string", "maxLength": 255}, "metadata": {"type": "object"}},
            "required": ["url", "metadata"],
        },
        "description": "A set of URLs to access the image file kept in external store",
    },
}
"""`glance/api/v2/images.py` `get_base_properties()` with the default format lists."""

CUSTOM_PROPERTIES: dict[str, dict[str, Any]] = {
    "kernel_id": {
        "type": ["null", "string"],
        "pattern": UUID_PATTERN,
        "description": "ID of image stored in Glance that should be used as the kernel when booting an AMI-style "
        "image.",
        "is_base": False,
    },
    "ramdisk_id": {
        "type": ["null", "string"],
        "pattern": UUID_PATTERN,
        "description": "ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style "
        "image.",
        "is_base": False,
    },
    "instance_uuid": {
        "type": "string",
        "description": "Metadata which can be used to record which instance this image is associated with. "
        "(Informational only, does not create an instance snapshot.)",
        "is_base": False,
    },
    "architecture": {"type": "string", "description": "Operating system architecture", "is_base": False},
    "os_distro": {"type": "string", "description": "Common name of operating system distribution", "is_base": False},
    "os_version": {
        "type": "string",
        "description": "Operating system version as specified by the distributor.",
        "is_base": False,
    },
    "description": {
        "type": "string",
        "description": "A human-readable string describing this image.",
        "is_base": False,
    },
    "cinder_encryption_key_id": {
        "type": "string",
        "pattern": UUID_PATTERN,
        "description": "Identifier in the OpenStack Key Management Service for the encryption key for the Block "
        "Storage Service to use when mounting a volume created from this image",
        "is_base": False,
    },
    "cinder_encryption_key_deletion_policy": {
        "type": "string",
        "enum": ["on_image_deletion", "do_not_delete"],
        "description": "States the condition under which the Image Service will delete the object associated with "
        "the 'cinder_encryption_key_id' image property.",
        "is_base": False,
    },
}
"""Glance's `etc/schema-image.json`, merged into the image schema with `is_base: false`."""

PROPERTIES: dict[str, dict[str, Any]] = {**BASE_PROPERTIES, **CUSTOM_PROPERTIES}
EXTRA_PROPERTY: dict[str, Any] = {"type": "string"}
"""Every property the schema does not name must be a string (Glance's `PermissiveSchema`)."""


def image_schema() -> dict[str, Any]:
    """The body of `GET /v2/schemas/image`."""
    return {
        "name": "image",
        "properties": PROPERTIES,
        "additionalProperties": EXTRA_PROPERTY,
        "links": [
            {"rel": "self", "href": "{self}"},
            {"rel": "enclosure", "href": "{file}"},
            {"rel": "describedby", "href": "{schema}"},
        ],
    }


def images_schema() -> dict[str, Any]:
    """The body of `GET /v2/schemas/images` (Glance's `CollectionSchema`)."""
    return {
        "name": "images",
        "properties": {
            "images": {"type": "array", "items": image_schema()},
            "first": {"type": "string"},
            "next": {"type": "string"},
            "schema": {"type": "string"},
        },
        "links": [
            {"rel": "first", "href": "{first}"},
            {"rel": "next", "href": "{next}"},
            {"rel": "describedby", "href": "{schema}"},
        ],
    }


def schema_violation(body: dict[str, Any]) -> str | None:
    """Glance's message for the first part of `body` that breaks the image schema, or None when it conforms.

    Like jsonschema's `best_match`, a failure on a top-level value wins over one inside a list; among equals, the
    named properties (in schema order) come before the extra ones (in body order).
    """
    failures: list[tuple[int, str]] = []
    for key, rules in PROPERTIES.items():
        if key in body:
            failures += _violations(body[key], rules, depth=1)
    for key, value in body.items():
        if key not in PROPERTIES:
            failures += _violations(value, EXTRA_PROPERTY, depth=1)
    if not failures:
        return None
    shallowest = min(depth for depth, _ in failures)
    reason = next(message for depth, message in failures if depth == shallowest)
    return f"Provided object does not match schema 'image': {reason}"


def _violations(value: Any, rules: dict[str, Any], depth: int) -> list[tuple[int, str]]:
    kinds = rules.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        if not any(_is_of_type(value, name) for name in names):
            return [(depth, f"{value!r} is not of type {', '.join(repr(name) for name in names)}")]
    if "enum" in rules and value not in rules["enum"]:
        return [(depth, f"{value!r} is not one of {rules['enum']!r}")]
    if isinstance(value, str):
        if "maxLength" in rules and len(value) > rules["maxLength"]:
            return [(depth, f"{value!r} is too long")]
        if "pattern" in rules and re.search(rules["pattern"], value) is None:
            return [(depth, f"{value!r} does not match {rules['pattern']!r}")]
    if isinstance(value, list) and "items" in rules:
        found: list[tuple[int, str]] = []
        for item in value:
            found += _violations(item, rules["items"], depth + 1)
        return found
    return []


def _is_of_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    return False
