"""Nova's request schema for `POST /servers`, per microversion (nova/api/openstack/compute/schemas/servers.py).

| microversion | change                                                                         |
|--------------|--------------------------------------------------------------------------------|
| 2.1          | the base schema: `name` and `flavorRef` required, no extra keys anywhere        |
| 2.19         | `description`                                                                  |
| 2.32         | `tag` on networks and block devices (block devices lose it again in 2.33-2.41)  |
| 2.37         | `networks` required (a list, `"auto"` or `"none"`); no network `tag` until 2.42 |
| 2.42         | `tag` back on networks and block devices                                       |
| 2.52         | `tags`                                                                         |
| 2.57         | `personality` removed                                                          |
| 2.63         | `trusted_image_certificates`                                                   |
| 2.67         | `volume_type` on block devices                                                 |
| 2.74         | `host`, `hypervisor_hostname`                                                  |
| 2.90         | `hostname`                                                                     |
"""

from __future__ import annotations

import copy
from typing import Any

from ..wire.http import Microversion
from .validation import Schema

NAME: Schema = {"type": "string", "minLength": 1, "maxLength": 255, "format": "name"}
UUID: Schema = {"type": "string", "format": "uuid"}
BOOLEAN: Schema = {
    "type": ["boolean", "string"],
    "enum": [
        True,
        "True",
        "TRUE",
        "true",
        "1",
        "ON",
        "On",
        "on",
        "YES",
        "Yes",
        "yes",
        False,
        "False",
        "FALSE",
        "false",
        "0",
        "OFF",
        "Off",
        "off",
        "NO",
        "No",
        "no",
    ],
}
"""Nova's `parameter_types.boolean`: a JSON boolean or one of oslo's boolean words."""
POSITIVE_INTEGER: Schema = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}
VOLUME_SIZE: Schema = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1, "maximum": 2147483647}
TAG: Schema = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[^,/]*$"}
IP_ADDRESS: Schema = {"type": "string", "format": "ip-address"}
METADATA: Schema = {
    "type": "object",
    "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255}},
    "additionalProperties": False,
}

LEGACY_BLOCK_DEVICE: Schema = {
    "type": "object",
    "properties": {
        "virtual_name": {"type": "string", "maxLength": 255},
        "volume_id": UUID,
        "snapshot_id": UUID,
        "volume_size": VOLUME_SIZE,
        "device_name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9._-r/]*$"},
        "delete_on_termination": BOOLEAN,
        "no_device": {},
        "connection_info": {"type": "string", "maxLength": 16777215},
    },
    "additionalProperties": False,
}

BLOCK_DEVICE_V2: Schema = copy.deepcopy(LEGACY_BLOCK_DEVICE)
BLOCK_DEVICE_V2["properties"].update(
    {
        "source_type": {"type": "string", "enum": ["volume", "image", "snapshot", "blank"]},
        "uuid": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9._-]*$"},
        "image_id": UUID,
        "destination_type": {"type": "string", "enum": ["local", "volume"]},
        "guest_format": {"type": "string", "maxLength": 255},
        "device_type": {"type": "string", "maxLength": 255},
        "disk_bus": {"type": "string", "maxLength": 255},
        "boot_index": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"},
    }
)

NETWORK_ITEM: Schema = {
    "type": "object",
    "properties": {
        "fixed_ip": IP_ADDRESS,
        "port": {"oneOf": [UUID, {"type": "null"}]},
        "uuid": {"type": "string"},
    },
    "additionalProperties": False,
}

BASE_SERVER: Schema = {
    "type": "object",
    "properties": {
        "name": NAME,
        "imageRef": {"oneOf": [UUID, {"type": "string", "maxLength": 0}]},
        "flavorRef": {"type": ["string", "integer"], "minLength": 1},
        "adminPass": {"type": "string"},
        "metadata": METADATA,
        "networks": {"type": "array", "items": NETWORK_ITEM},
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
        "accessIPv4": {"type": "string", "format": "ipv4"},
        "accessIPv6": {"type": "string"},
        "personality": {"type": "array", "items": {"type": "object"}},
        "availability_zone": NAME,
        "block_device_mapping": {"type": "array", "items": LEGACY_BLOCK_DEVICE},
        "block_device_mapping_v2": {"type": "array", "items": BLOCK_DEVICE_V2},
        "config_drive": BOOLEAN,
        "key_name": NAME,
        "min_count": POSITIVE_INTEGER,
        "max_count": POSITIVE_INTEGER,
        "return_reservation_id": BOOLEAN,
        "security_groups": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": NAME}, "additionalProperties": False},
        },
        "user_data": {"type": "string", "format": "base64", "maxLength": 65535},
    },
    "required": ["name", "flavorRef"],
    "additionalProperties": False,
}

HINTS: Schema = {"type": "object", "additionalProperties": True}


def create_schema(version: Microversion) -> Schema:
    """The body schema Nova applies to `POST /servers` at `version`."""
    server = copy.deepcopy(BASE_SERVER)
    properties: dict[str, Any] = server["properties"]
    block_device: dict[str, Any] = properties["block_device_mapping_v2"]["items"]["properties"]
    if version >= Microversion(2, 19):
        properties["description"] = {"type": ["string", "null"], "minLength": 0, "maxLength": 255}
    if version == Microversion(2, 32) or version >= Microversion(2, 42):
        block_device["tag"] = TAG
    if version >= Microversion(2, 32):
        tagged: Schema = copy.deepcopy(NETWORK_ITEM)
        tagged["properties"]["tag"] = TAG
        properties["networks"] = {"type": "array", "items": tagged}
    if version >= Microversion(2, 37):
        network: Schema = copy.deepcopy(NETWORK_ITEM)
        network["properties"]["uuid"] = UUID
        if version >= Microversion(2, 42):
            network["properties"]["tag"] = TAG
        server["required"] = [*server["required"], "networks"]
        properties["networks"] = {
            "oneOf": [{"type": "array", "items": network}, {"type": "string", "enum": ["none", "auto"]}]
        }
    if version >= Microversion(2, 52):
        properties["tags"] = {"type": "array", "items": TAG, "maxItems": 50}
    if version >= Microversion(2, 57):
        del properties["personality"]
    if version >= Microversion(2, 63):
        properties["trusted_image_certificates"] = {"type": ["array", "null"], "maxItems": 50}
    if version >= Microversion(2, 67):
        block_device["volume_type"] = {"type": ["string", "null"], "minLength": 0, "maxLength": 255}
    if version >= Microversion(2, 74):
        properties["host"] = {"type": "string", "minLength": 1, "maxLength": 255}
        properties["hypervisor_hostname"] = {"type": "string", "minLength": 1, "maxLength": 255}
    if version >= Microversion(2, 90):
        properties["hostname"] = {"type": "string", "minLength": 1, "maxLength": 255}
    return {
        "type": "object",
        "properties": {"server": server, "os:scheduler_hints": HINTS, "OS-SCH-HNT:scheduler_hints": HINTS},
        "required": ["server"],
        "additionalProperties": False,
    }


CREATE_IMAGE: Schema = {
    "type": "object",
    "properties": {
        "createImage": {
            "type": "object",
            "properties": {"name": NAME, "metadata": METADATA},
            "required": ["name"],
            "additionalProperties": False,
        }
    },
    "required": ["createImage"],
    "additionalProperties": False,
}
"""Nova's schema for the `createImage` server action."""
