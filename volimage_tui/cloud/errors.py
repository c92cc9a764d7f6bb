"""The one place that turns openstacksdk's, keystoneauth1's and requests' exceptions into volimage's errors.

The error classes live in `volimage_tui/errors.py` (which loads no OpenStack library) and are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from keystoneauth1 import exceptions as ksa
from openstack import exceptions as sdk

from ..errors import (
    AuthError,
    BadRequestError,
    CloudError,
    CloudTimeout,
    ConfigError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    QuotaError,
    ServerError,
    UnreachableError,
    VolimageError,
)

_TAGS = re.compile(r"<[^>]{1,40}>")


_BY_STATUS: dict[int, type[CloudError]] = {
    400: BadRequestError,
    401: AuthError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: QuotaError,
}


@contextmanager
def translated(action: str) -> Iterator[None]:
    """Turn any openstacksdk, keystoneauth1 or requests failure inside the block into a `VolimageError`.

    `action` says what was being done ("Listing volumes"); the message adds why.
    """
    try:
        yield
    except VolimageError:
        raise
    except Exception as error:
        translation = translate(error, action)
        if translation is None:
            raise
        raise translation from error


def translate(error: BaseException, action: str) -> VolimageError | None:
    """The `VolimageError` for a dependency's exception, most specific first; None for a foreign one."""
    if isinstance(error, sdk.HttpException):
        return _http_error(action, error.status_code, error.details or error.message, error.request_id)
    if isinstance(error, ksa.HttpError):
        return _http_error(action, error.http_status, error.details or error.message, error.request_id)
    if isinstance(error, sdk.ResourceTimeout | ksa.ConnectTimeout | requests.Timeout):
        return CloudTimeout(f"{action} failed: the cloud did not answer in time.")
    if isinstance(error, ksa.ConnectionError | ksa.RetriableConnectionFailure | requests.ConnectionError):
        return UnreachableError(f"{action} failed: cannot reach the cloud ({_connection_reason(error)}).")
    if isinstance(error, ksa.DiscoveryFailure) and _CONNECTION.search(str(error)):
        return UnreachableError(f"{action} failed: cannot reach the cloud ({_connection_reason(error)}).")
    if type(error) is Exception and str(error).endswith(" is a required attribute"):
        # keystoneauth's password plugins raise a bare Exception for a missing password (their own FIXME)
        missing = str(error).split()[0]
        return ConfigError(f"{action} failed: the cloud's auth section has no {missing} (clouds.yaml or secure.yaml).")
    if isinstance(error, ksa.NoMatchingPlugin):
        return ConfigError(f"{action} failed: clouds.yaml names an unknown auth_type ({error.name}).")
    if isinstance(error, ksa.MissingRequiredOptions):
        names = ", ".join(option.dest for option in error.options)
        return ConfigError(f"{action} failed: the cloud's auth section lacks {names}.")
    if isinstance(error, ksa.AuthPluginException | sdk.ConfigException | ksa.ImpliedVersionMismatch):
        return ConfigError(f"{action} failed: {_first_line(error)}")
    if isinstance(error, ksa.EndpointNotFound | sdk.EndpointNotFound | ksa.DiscoveryFailure):
        return UnreachableError(f"{action} failed: the cloud offers no usable endpoint ({_first_line(error)}).")
    if isinstance(error, sdk.DuplicateResource):
        return BadRequestError(f"{action} failed: {_first_line(error)}; use the ID instead of the name.")
    if isinstance(error, sdk.ResourceFailure):
        return ServerError(f"{action} failed: {_first_line(error)}")
    if isinstance(error, sdk.SDKException | ksa.ClientException):
        return CloudError(f"{action} failed: {_first_line(error)}")
    return None


def _http_error(action: str, status: int | None, details: object, request_id: str | None) -> CloudError:
    reason = _first_line(details) or "no reason given"
    kind = _BY_STATUS.get(status or 0, ServerError if (status or 0) >= 500 else CloudError)
    if status == 403 and "quota" in reason.lower():
        kind = QuotaError
    if status == 401:
        reason = "the cloud did not accept the credentials (wrong password, or expired credentials)"
    suffix = f"HTTP {status}" + (f", request {request_id}" if request_id else "")
    error = kind(f"{action} failed: {reason} ({suffix}).")
    error.status = status
    return error


_CONNECTION = re.compile(r"(?:Unable to establish connection to|Request to) (?P<url>\S+?)(?:: | timed out|$)")
_SOCKET_REASON = re.compile(
    r"\[Errno -?\d+\] (?P<reason>[^\"')\]]+)|(?P<closed>Remote end closed connection|Connection aborted)"
)


def _connection_reason(error: BaseException) -> str:
    """What went wrong with the connection, short: "http://host:5000/v3: Connection refused"."""
    text = str(error)
    url, reason = _CONNECTION.search(text), _SOCKET_REASON.search(text)
    where = url.group("url") if url else ""
    why = (reason.group("reason") or reason.group("closed")).strip() if reason else ""
    if where or why:
        return ": ".join(part for part in (where, why or "no answer") if part)
    return _first_line(error)


def _first_line(value: object) -> str:
    """The first line of a message, without the HTML webob puts into Glance's (`<br /><br />`)."""
    text = _TAGS.sub(" ", str(value)).strip()
    return text.splitlines()[0].strip() if text else ""
