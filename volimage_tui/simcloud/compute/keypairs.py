"""Nova's `/os-keypairs`: the caller's key pairs, listed as `{"keypairs": [{"keypair": {...}}]}`.

| microversion | change                                                                  |
|--------------|-------------------------------------------------------------------------|
| 2.2          | `type` shown and accepted; create answers 201 (was 200), delete 204 (was 202) |
| 2.35         | `limit`/`marker` paging with `keypairs_links`                            |
| 2.92         | `public_key` required: Nova no longer generates key pairs               |
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from typing import Any

from werkzeug.wrappers import Response

from ..model import Keypair
from ..wire.http import ApiError, Call, empty_response, json_response, next_link, page_limit
from ..wire.service import Route
from .validation import validate_like_nova

NAME_PATTERN = r"^[a-zA-Z0-9 _-]+$"
NAME_PATTERN_V292 = r"^[a-zA-Z0-9 @._-]+$"


def _find(call: Call, name: str) -> Keypair:
    keypair = call.region.keypairs.get(name)
    if keypair is None or keypair.user_id != call.user_id:
        raise ApiError(404, f"Keypair {name} not found for user {call.user_id}")
    return keypair


def _view(call: Call, keypair: Keypair, *, full: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"name": keypair.name, "public_key": keypair.public_key, "fingerprint": keypair.fingerprint}
    if call.at_least("2.2"):
        view["type"] = keypair.type
    if full:
        view.update(
            user_id=keypair.user_id,
            created_at=keypair.created_at,
            updated_at=None,
            deleted=False,
            deleted_at=None,
            id=sorted(call.region.keypairs.ids()).index(keypair.name) + 1,
        )
    return view


def list_keypairs(call: Call) -> Response:
    owned = [k for k in call.region.keypairs.oldest_first() if k.user_id == call.user_id]
    paged = call.at_least("2.35")
    limit = page_limit(call, default=call.cloud.config.max_page, maximum=call.cloud.config.max_page)
    marker = call.query("marker") if paged else None
    if marker:
        position = next((i for i, k in enumerate(owned) if k.name == marker), None)
        if position is None:
            raise ApiError(400, f"Marker {marker} could not be found.")
        owned = owned[position + 1 :]
    page = owned[:limit] if paged else owned
    body: dict[str, Any] = {"keypairs": [{"keypair": _view(call, k, full=False)} for k in page]}
    if paged and page and len(page) == limit:
        body["keypairs_links"] = [next_link(call, "/os-keypairs", page[-1].name, limit)]
    return json_response(body)


def show_keypair(call: Call, name: str) -> Response:
    return json_response({"keypair": _view(call, _find(call, name), full=True)})


def create_keypair(call: Call) -> Response:
    """Import a public key, or (below 2.92) have one made; 409 when the name is taken."""
    body = call.body()
    properties: dict[str, Any] = {
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "pattern": NAME_PATTERN_V292 if call.at_least("2.92") else NAME_PATTERN,
        },
        "public_key": {"type": "string"},
    }
    if call.at_least("2.2"):
        properties["type"] = {"type": "string", "enum": ["ssh", "x509"]}
    if call.at_least("2.10"):
        properties["user_id"] = {"type": "string"}
    required = ["name", "public_key"] if call.at_least("2.92") else ["name"]
    schema = {
        "type": "object",
        "properties": {
            "keypair": {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
        },
        "required": ["keypair"],
        "additionalProperties": False,
    }
    validate_like_nova(body, schema)
    request = body["keypair"]
    name = request["name"]
    owned = [k for k in call.region.keypairs if k.user_id == call.user_id]
    if len(owned) >= call.region.quotas["key_pairs"]:
        raise ApiError(403, "Quota exceeded, too many key pairs.")
    if name in call.region.keypairs:
        raise ApiError(409, f"Key pair '{name}' already exists.")
    private_key = None
    public_key = request.get("public_key")
    if public_key is None:
        public_key, private_key = _generated_pair(call, name)
    keypair = Keypair(
        name=name,
        public_key=public_key,
        fingerprint=_fingerprint(public_key),
        user_id=call.user_id,
        created_at=call.cloud.timestamp(),
        type=request.get("type", "ssh"),
    )
    call.region.keypairs.add(name, keypair)
    view = _view(call, keypair, full=False)
    view["user_id"] = keypair.user_id
    if private_key is not None:
        view["private_key"] = private_key
    return json_response({"keypair": view}, status=201 if call.at_least("2.2") else 200)


def delete_keypair(call: Call, name: str) -> Response:
    keypair = _find(call, name)
    call.region.keypairs.remove(keypair.name)
    return empty_response(204 if call.at_least("2.2") else 202)


def _fingerprint(public_key: str) -> str:
    """Nova's fingerprint of an OpenSSH public key: the MD5 of its decoded body, colon separated."""
    parts = public_key.split()
    try:
        blob = base64.b64decode(parts[1], validate=True) if len(parts) >= 2 else b""
    except (binascii.Error, ValueError):
        blob = b""
    if not blob or not re.match(r"^(ssh-|ecdsa-)", parts[0]):
        raise ApiError(400, "Keypair data is invalid: failed to generate fingerprint")
    digest = hashlib.md5(blob).hexdigest()  # noqa: S324 - the fingerprint format OpenSSH and Nova use
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _generated_pair(call: Call, name: str) -> tuple[str, str]:
    """A key pair Nova would generate: simulated key material, deterministic for the seed."""
    material = bytes(call.cloud.random().getrandbits(8) for _ in range(51))
    body = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519" + material).decode()
    private = base64.b64encode(material * 3).decode()
    private_key = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{private}\n-----END OPENSSH PRIVATE KEY-----\n"
    return f"ssh-ed25519 {body} Generated-by-Nova", private_key


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/os-keypairs", list_keypairs),
        Route("GET", "/os-keypairs/<name>", show_keypair),
        Route("POST", "/os-keypairs", create_keypair),
        Route("DELETE", "/os-keypairs/<name>", delete_keypair),
    ]
