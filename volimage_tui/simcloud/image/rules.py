"""Glance's rules for image records: what a create body may hold, what a JSON patch may change, and who may act.

The checks run in Glance's own order (deserializer, then policy, then the domain factory, then the quota proxy),
because a body that breaks two rules gets the status of the first one Glance reaches:

| rule                                                        | status | where in Glance                    |
|-------------------------------------------------------------|--------|------------------------------------|
| `direct_url`, `self`, `file`, `schema`, `stores`            | 403    | `RequestDeserializer._check_allowed` |
| schema (types, enums, lengths, extra values are strings)    | 400    | `RequestDeserializer.create`       |
| extra key longer than 255; `location`, `deleted*`, `os_glance*` | 400 / 403 | `RequestDeserializer.create`  |
| `visibility: public` (publicize_image), another owner       | 403    | `ImageAPIPolicy.add_image`         |
| `created_at`, `status`, `size`, checksums... in the body    | 403    | `ImageFactory._check_readonly`     |
| negative `min_disk`/`min_ram`                               | 400    | domain setters                     |
| more extra properties or tags than the quota                | 413    | `glance/quota`                     |
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..model import Image
from .schema import schema_violation
from .webob import GlanceError

DISALLOWED_KEYS = ("direct_url", "self", "file", "schema", "stores")
"""Refused by the create deserializer as read-only before anything else is looked at."""
FACTORY_READ_ONLY_KEYS = (
    "created_at", "updated_at", "status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size",
)  # fmt: skip
"""Refused by `ImageFactory` at create."""
PATCH_READ_ONLY_KEYS = (
    "created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self", "file",
    "schema", "id", "os_hash_algo", "os_hash_value",
)  # fmt: skip
RESERVED_KEYS = ("location", "deleted", "deleted_at")
RESERVED_NAMESPACE = "os_glance"
FACTORY_RESERVED_KEYS = ("owner", "locations", "deleted", "deleted_at", "direct_url", "self", "file", "schema")
BASE_KEYS = (
    "checksum", "created_at", "container_format", "disk_format", "id", "min_disk", "min_ram", "name", "size",
    "virtual_size", "status", "tags", "owner", "updated_at", "visibility", "protected", "os_hidden",
)  # fmt: skip
"""Keys Glance treats as image attributes; every other key of a create body is an extra property."""
MUTABLE_ATTRIBUTES = (
    "name", "visibility", "protected", "os_hidden", "min_disk", "min_ram", "disk_format", "container_format",
    "owner", "tags",
)  # fmt: skip
"""Attributes a JSON patch can set (the read-only ones are refused earlier)."""
PATCH_MEDIA_TYPES = {
    "application/openstack-images-v2.0-json-patch": 4,
    "application/openstack-images-v2.1-json-patch": 10,
}
"""JSON-patch media types Glance accepts, with the JSON-schema draft their operations follow."""
OPERATIONS = ("add", "remove", "replace")


@dataclass(frozen=True)
class Change:
    """One JSON-patch operation, already checked by the deserializer."""

    op: str
    path: tuple[str, ...]
    value: Any = None
    draft: int = 10
    """The JSON-schema draft of the media type: with draft 4, `add` refuses a key that is already there."""

    @property
    def key(self) -> str:
        return self.path[0]


def creation_attributes(body: Any) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Split a create body into attributes, extra properties and tags, applying the deserializer's rules."""
    if not isinstance(body, dict):
        raise GlanceError(400, "Body expected in request.")
    for key in DISALLOWED_KEYS:
        if key in body:
            raise GlanceError(403, f"Attribute '{key}' is read-only.")
    violation = schema_violation(body)
    if violation:
        raise GlanceError(400, violation)
    extra = dict(body)
    tags = extra.pop("tags", [])
    attributes = {key: extra.pop(key) for key in BASE_KEYS if key in extra}
    for key in extra:
        if len(key) > 255:
            raise GlanceError(400, "Custom property should not be greater than 255 characters.")
        if key in RESERVED_KEYS or key.startswith(RESERVED_NAMESPACE):
            raise GlanceError(403, detail=f"Attribute '{key}' is reserved.")
    return attributes, extra, list(tags)


def check_factory_rules(attributes: dict[str, Any], extra: dict[str, Any]) -> None:
    """`ImageFactory.new_image`: read-only attributes, reserved extra keys and the domain's value limits."""
    for key in FACTORY_READ_ONLY_KEYS:
        if key in attributes:
            raise GlanceError(403, f"Attribute '{key}' is read-only.")
    for key in FACTORY_RESERVED_KEYS:
        if key in extra:
            raise GlanceError(403, f"Attribute '{key}' is reserved.")
    for key in ("min_disk", "min_ram"):
        check_not_negative(key, attributes.get(key))


def check_not_negative(key: str, value: Any) -> None:
    if value and value < 0:
        raise GlanceError(400, f"Invalid value '{value}' for parameter '{key}': Cannot be a negative value")


def check_quotas(image: Image, property_quota: int, tag_quota: int) -> None:
    """Glance's quota proxy: `image_property_quota` and `image_tag_quota` (413 when over)."""
    if len(image.properties) > property_quota:
        raise GlanceError(
            413,
            "The limit has been exceeded on the number of allowed image properties. "
            f"Attempted: {len(image.properties)}, Maximum: {property_quota}",
        )
    if len(image.tags) > tag_quota:
        raise GlanceError(
            413,
            "The limit has been exceeded on the number of allowed image tags. "
            f"Attempted: {len(image.tags)}, Maximum: {tag_quota}",
        )


def check_visibility_policy(visibility: Any) -> None:
    """`publicize_image` is admin-only by default; the simulated users are project members."""
    if visibility == "public":
        raise GlanceError(403, "You are not authorized to complete publicize_image action.")


def patch_changes(content_type: str, body: Any) -> list[Change]:
    """The deserializer of `PATCH /v2/images/{id}`: media type, operation objects, pointers and values."""
    draft = PATCH_MEDIA_TYPES.get(content_type)
    if draft is None:
        raise GlanceError(415, headers={"Accept-Patch": ", ".join(sorted(PATCH_MEDIA_TYPES))})
    if not isinstance(body, list):
        raise GlanceError(400, "Request body must be a JSON array of operation objects.")
    changes: list[Change] = []
    for raw in body:
        if not isinstance(raw, dict):
            raise GlanceError(400, "Operations must be JSON objects.")
        op, pointer = _operation(raw, draft)
        path = _decode_pointer(pointer)
        depth = {"locations": {"add": 2, "remove": 2, "replace": 1}}.get(path[0], {}).get(op, 1)
        if len(path) != depth:
            raise GlanceError(400, f"Invalid JSON pointer for this resource: '/{'/'.join(path)}'")
        if op != "remove" and "value" not in raw:
            raise GlanceError(400, f'Operation "{op}" requires a member named "value".')
        change = Change(op, path, raw.get("value"), draft)
        _check_change(change)
        changes.append(change)
    return changes


def apply_changes(image: Image, changes: list[Change]) -> Image:
    """The image after `changes`, applied to a copy so that a failing change leaves the stored image as it was."""
    changed = copy.deepcopy(image)
    for change in changes:
        if change.key == "locations":
            verb = {"replace": "update", "add": "add", "remove": "remove"}[change.op]
            raise GlanceError(403, f"It's not allowed to {verb} locations if locations are invisible.")
        if change.op == "remove":
            if change.key in MUTABLE_ATTRIBUTES or change.key in BASE_KEYS:
                raise GlanceError(403, detail=f"Property {change.key} may not be removed.")
            if changed.properties.pop(change.key, None) is None:
                raise GlanceError(409, detail=f"Property {change.key} does not exist.")
            continue
        if change.key == "visibility":
            check_visibility_policy(change.value)
        present = change.key in MUTABLE_ATTRIBUTES or change.key in changed.properties
        if change.op == "add" and change.draft == 4 and present:
            raise GlanceError(409, detail=f"Property {change.key} already present.")
        if change.key in MUTABLE_ATTRIBUTES:
            _set_attribute(changed, change.key, change.value)
        elif change.op == "replace" and change.key not in changed.properties:
            raise GlanceError(409, detail=f"Property {change.key} does not exist.")
        else:
            changed.properties[change.key] = change.value
    return changed


def _set_attribute(image: Image, key: str, value: Any) -> None:
    if key == "owner":
        raise GlanceError(403, detail="Owner can't be updated by non admin.")
    if key in ("disk_format", "container_format") and image.status not in ("queued", "importing"):
        raise GlanceError(403, f"Attribute {key} can be only replaced for a queued image.")
    if key in ("min_disk", "min_ram"):
        check_not_negative(key, value)
        value = int(value)
    if key == "tags":
        value = list(dict.fromkeys(value))
    setattr(image, key, value)


def _operation(raw: dict[str, Any], draft: int) -> tuple[str, str]:
    if draft == 4:
        named = [key for key in OPERATIONS if key in raw]
        if len(named) != 1:
            amount = "only one member" if named else "exactly one member"
            raise GlanceError(400, f'Operation objects must contain {amount} named "add", "remove", or "replace".')
        return named[0], str(raw[named[0]])
    op = raw.get("op")
    available = ", ".join(OPERATIONS)
    if op is None:
        raise GlanceError(
            400, f"Unable to find `op` in JSON Schema change. It must be one of the following: {available}."
        )
    if op not in OPERATIONS:
        raise GlanceError(400, f"Invalid operation: `{op}`. It must be one of the following: {available}.")
    if "path" not in raw:
        raise GlanceError(400, "Unable to find 'path' in JSON Schema change")
    return str(op), str(raw["path"])


def _decode_pointer(pointer: str) -> tuple[str, ...]:
    """Glance's restricted JSON pointer: `/name`, with `~1` for `/` and `~0` for `~`."""
    problem = None
    if not pointer.startswith("/"):
        problem = 'does not start with "/".'
    elif "//" in pointer[1:].replace(" ", ""):
        problem = 'contains adjacent "/".'
    elif len(pointer) > 1 and pointer.endswith("/"):
        problem = 'end with "/".'
    elif "~" in pointer.replace("~0", "").replace("~1", ""):
        problem = 'contains "~" not part of a recognized escape sequence.'
    if problem:
        raise GlanceError(400, f"Pointer `{pointer}` {problem}")
    return tuple(part.replace("~1", "/").replace("~0", "~").strip() for part in pointer.lstrip("/").split("/"))


def _check_change(change: Change) -> None:
    """`RequestDeserializer._validate_change`: read-only and reserved keys, then the schema for the new value."""
    if change.key in PATCH_READ_ONLY_KEYS:
        raise GlanceError(403, f"Attribute '{change.key}' is read-only.")
    if change.key in RESERVED_KEYS or change.key.startswith(RESERVED_NAMESPACE):
        raise GlanceError(403, f"Attribute '{change.key}' is reserved.")
    if change.op == "remove":
        return
    partial: dict[str, Any] | None = None
    if len(change.path) == 1:
        partial = {change.key: change.value}
    elif change.key == "locations":
        partial = {change.key: [change.value]}
    violation = schema_violation(partial) if partial else None
    if violation:
        raise GlanceError(400, violation)
