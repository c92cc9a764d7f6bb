"""Request bodies checked against Nova's JSON schemas with jsonschema, the first error in Nova's words.

Nova's `_SchemaValidator` (`nova/api/validation/validators.py`) runs jsonschema and turns its first error into
`Invalid input for field/attribute <last path element>. Value: <value>. <jsonschema's message>`, or jsonschema's
bare message for an error at the top of the body. Clients and users see those words, so the simulation keeps
them and leaves the rest (the keywords, their order and their messages) to the library.

The formats are the ones Nova's server schemas use, checked as below (a format not named here is not checked).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import uuid
from typing import Any

import jsonschema

from ..wire.http import ApiError

Schema = dict[str, Any]

FORMATS = jsonschema.FormatChecker(formats=())
"""Nova's `_FORMAT_CHECKER`, for the formats the simulated schemas name."""


@FORMATS.checks("uuid")
def _is_uuid(text: object) -> bool:
    if not isinstance(text, str):
        return True
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@FORMATS.checks("base64")
def _is_base64(text: object) -> bool:
    if not isinstance(text, str):
        return True
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@FORMATS.checks("ipv4")
def _is_ipv4(text: object) -> bool:
    if not isinstance(text, str):
        return True
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


@FORMATS.checks("ip-address")
def _is_ip(text: object) -> bool:
    if not isinstance(text, str):
        return True
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@FORMATS.checks("name")
def _is_name(text: object) -> bool:
    """Printable, and not starting or ending with whitespace (Nova's `valid_name_regex`)."""
    if not isinstance(text, str):
        return True
    return text == text.strip() and text.isprintable()


def validate_like_nova(instance: Any, schema: Schema) -> None:
    """Raise 400 with Nova's wording for the first error jsonschema finds in `instance`."""
    validator = jsonschema.Draft4Validator(schema, format_checker=FORMATS)
    error = next(iter(validator.iter_errors(instance)), None)
    if error is None:
        return
    if error.path:
        detail = f"Invalid input for field/attribute {error.path[-1]}. Value: {error.instance}. {error.message}"
    else:
        detail = error.message
    raise ApiError(400, detail)
