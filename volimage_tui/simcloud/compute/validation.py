"""A small JSON-schema checker that words its first error the way Nova's request validation does.

Nova validates request bodies with jsonschema and turns the first error into
`Invalid input for field/attribute <last path element>. Value: <value>. <jsonschema message>` (or the bare
message for an error at the top). Clients and users see those words, so the simulation reproduces them for the
subset of JSON schema that Nova's server schemas use: type, enum, pattern, min/maxLength, minimum/maximum,
format (uuid, base64, ipv4, name), properties, patternProperties, required, additionalProperties, items,
maxItems and oneOf.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from ..wire.http import ApiError

Schema = dict[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


class SchemaError(Exception):
    """The first place an instance breaks its schema: the path to it, the value, and jsonschema's message."""

    def __init__(self, path: Sequence[str | int], instance: Any, message: str) -> None:
        super().__init__(message)
        self.path = list(path)
        self.instance = instance
        self.message = message

    def nova_detail(self) -> str:
        if not self.path:
            return self.message
        return f"Invalid input for field/attribute {self.path[-1]}. Value: {self.instance}. {self.message}"


def validate_like_nova(instance: Any, schema: Schema) -> None:
    """Raise 400 with Nova's wording when `instance` breaks `schema`."""
    try:
        check(instance, schema, [])
    except SchemaError as error:
        raise ApiError(400, error.nova_detail()) from None


def check(instance: Any, schema: Schema, path: list[str | int]) -> None:
    """Raise `SchemaError` for the first keyword of `schema` that `instance` breaks, in jsonschema's order."""
    for keyword, expected in schema.items():
        _KEYWORDS.get(keyword, _ignore)(instance, expected, schema, path)


def _ignore(instance: Any, expected: Any, schema: Schema, path: list[str | int]) -> None:
    return None


def _is_type(instance: Any, name: str) -> bool:
    if name in ("integer", "number") and isinstance(instance, bool):
        return False
    return isinstance(instance, _TYPES[name])


def _type(instance: Any, expected: str | list[str], schema: Schema, path: list[str | int]) -> None:
    names = [expected] if isinstance(expected, str) else expected
    if not any(_is_type(instance, name) for name in names):
        raise SchemaError(path, instance, f"{instance!r} is not of type {', '.join(repr(n) for n in names)}")


def _enum(instance: Any, expected: list[Any], schema: Schema, path: list[str | int]) -> None:
    if not any(instance == choice and type(instance) is type(choice) for choice in expected):
        raise SchemaError(path, instance, f"{instance!r} is not one of {expected!r}")


def _pattern(instance: Any, expected: str, schema: Schema, path: list[str | int]) -> None:
    if isinstance(instance, str) and re.search(expected, instance) is None:
        raise SchemaError(path, instance, f"{instance!r} does not match {expected!r}")


def _min_length(instance: Any, expected: int, schema: Schema, path: list[str | int]) -> None:
    if isinstance(instance, str) and len(instance) < expected:
        raise SchemaError(path, instance, f"{instance!r} is too short")


def _max_length(instance: Any, expected: int, schema: Schema, path: list[str | int]) -> None:
    if isinstance(instance, str | list) and len(instance) > expected:
        raise SchemaError(path, instance, f"{instance!r} is too long")


def _minimum(instance: Any, expected: int, schema: Schema, path: list[str | int]) -> None:
    if _is_type(instance, "number") and instance < expected:
        raise SchemaError(path, instance, f"{instance!r} is less than the minimum of {expected!r}")


def _maximum(instance: Any, expected: int, schema: Schema, path: list[str | int]) -> None:
    if _is_type(instance, "number") and instance > expected:
        raise SchemaError(path, instance, f"{instance!r} is greater than the maximum of {expected!r}")


def _format(instance: Any, expected: str, schema: Schema, path: list[str | int]) -> None:
    checker = _FORMATS.get(expected)
    if isinstance(instance, str) and checker is not None and not checker(instance):
        raise SchemaError(path, instance, f"{instance!r} is not a {expected!r}")


def _properties(instance: Any, expected: dict[str, Schema], schema: Schema, path: list[str | int]) -> None:
    if not isinstance(instance, dict):
        return
    for name, subschema in expected.items():
        if name in instance:
            check(instance[name], subschema, [*path, name])


def _required(instance: Any, expected: list[str], schema: Schema, path: list[str | int]) -> None:
    if not isinstance(instance, dict):
        return
    for name in expected:
        if name not in instance:
            raise SchemaError(path, instance, f"{name!r} is a required property")


def _pattern_properties(instance: Any, expected: dict[str, Schema], schema: Schema, path: list[str | int]) -> None:
    if not isinstance(instance, dict):
        return
    for name, value in instance.items():
        for pattern, subschema in expected.items():
            if re.search(pattern, name):
                check(value, subschema, [*path, name])


def _additional(instance: Any, expected: bool, schema: Schema, path: list[str | int]) -> None:
    if expected is not False or not isinstance(instance, dict):
        return
    patterns = list(schema.get("patternProperties", {}))
    extras = [
        name
        for name in instance
        if name not in schema.get("properties", {}) and not any(re.search(p, name) for p in patterns)
    ]
    if extras and patterns:
        regexes = ", ".join(repr(p) for p in sorted(patterns))
        raise SchemaError(path, instance, f"{extras[0]!r} does not match any of the regexes: {regexes}")
    if extras:
        verb = "was" if len(extras) == 1 else "were"
        listed = ", ".join(repr(name) for name in extras)
        raise SchemaError(path, instance, f"Additional properties are not allowed ({listed} {verb} unexpected)")


def _items(instance: Any, expected: Schema, schema: Schema, path: list[str | int]) -> None:
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            check(item, expected, [*path, index])


def _max_items(instance: Any, expected: int, schema: Schema, path: list[str | int]) -> None:
    if isinstance(instance, list) and len(instance) > expected:
        raise SchemaError(path, instance, f"{instance!r} is too long")


def _one_of(instance: Any, expected: list[Schema], schema: Schema, path: list[str | int]) -> None:
    passing = 0
    for subschema in expected:
        try:
            check(instance, subschema, path)
        except SchemaError:
            continue
        passing += 1
    if passing == 0:
        raise SchemaError(path, instance, f"{instance!r} is not valid under any of the given schemas")
    if passing > 1:
        raise SchemaError(path, instance, f"{instance!r} is valid under each of the given schemas")


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _is_name(text: str) -> bool:
    return text == text.strip() and text.isprintable()


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_FORMATS: dict[str, Callable[[str], bool]] = {
    "uuid": _is_uuid,
    "base64": _is_base64,
    "ipv4": _is_ipv4,
    "ip-address": _is_ip,
    "name": _is_name,
}

_KEYWORDS: dict[str, Callable[[Any, Any, Schema, list[str | int]], None]] = {
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "format": _format,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "required": _required,
    "additionalProperties": _additional,
    "items": _items,
    "maxItems": _max_items,
    "oneOf": _one_of,
}
