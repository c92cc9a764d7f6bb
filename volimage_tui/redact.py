"""Secrets never leave volimage: every message, log record and screen goes through `scrub`.

Kept apart from the cloud package (and free of its imports) so that logging and the UI can use it before
openstacksdk is loaded.
"""

from __future__ import annotations

import re

_SECRETS: set[str] = set()
_FERNET = re.compile(r"gAAAAA[\w-]{20,}")
"""Keystone's tokens, wherever they appear."""
_HEADER = re.compile(r"(?i)(x-(?:auth|subject)-token[\"']?\s*[:=]\s*[\"']?)[^\s\"',]+")
_FIELD = re.compile(r"(?i)(\"(?:password|secret|application_credential_secret)\"\s*:\s*\")[^\"]*")


def register_secret(secret: str | None) -> None:
    """Remember a password, secret or token so that `scrub` removes it wherever it shows up."""
    if secret and len(secret) >= 4:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    """`text` without any registered secret, token, token header value or credential field of a JSON body."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _FERNET.sub("***", text)
    text = _HEADER.sub(r"\1***", text)
    return _FIELD.sub(r"\1***", text)
