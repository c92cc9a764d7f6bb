"""Neutron's error bodies: `{"NeutronError": {"type", "message", "detail"}}`, `type` naming the exception class."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from ..wire.http import ApiError, json_response

WEBOB_TYPES = {
    400: "HTTPBadRequest",
    403: "HTTPForbidden",
    404: "HTTPNotFound",
    405: "HTTPMethodNotAllowed",
    409: "HTTPConflict",
    413: "HTTPRequestEntityTooLarge",
    429: "HTTPTooManyRequests",
    500: "HTTPInternalServerError",
    503: "HTTPServiceUnavailable",
}


class NeutronError(ApiError):
    """An error with Neutron's exception class name, which its body reports as `type`."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(status, message)
        self.kind = kind


def error_body(status: int, message: str) -> Any:
    return {
        "NeutronError": {"type": WEBOB_TYPES.get(status, "HTTPInternalServerError"), "message": message, "detail": ""}
    }


def error_response(error: ApiError, request: Request) -> Response:
    """Neutron's error body, naming the exception class for errors raised as `NeutronError`."""
    body = error_body(error.status, error.message)
    if isinstance(error, NeutronError):
        body["NeutronError"]["type"] = error.kind
    return json_response(body, status=error.status, headers=error.headers)
