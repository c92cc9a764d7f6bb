"""volimage's errors, and the one place that turns openstacksdk's and keystoneauth1's exceptions into them.

    VolimageError                 one line a user can read: what failed, why, in the service's own words
     ├── ConfigError              clouds.yaml unreadable, unknown cloud or region, incomplete auth
     ├── InputError               a value the user gave: unknown or ambiguous name, bad size, blocked plan
     ├── Cancelled                the user stopped a wait
     └── CloudError               the cloud refused the request or could not be reached
          ├── AuthError           401: wrong or expired credentials
          ├── ForbiddenError      403: a policy forbids it
          ├── NotFoundError       404
          ├── ConflictError       409
          ├── QuotaError          413, or 403 for a quota
          ├── BadRequestError     400: the service explains what it refused
          ├── ServerError         5xx
          ├── UnreachableError    no connection: refused, reset, name not resolved
          └── CloudTimeout        no answer in time, or a wait that ran out

No message ever carries a secret: `redact.scrub` removes every registered password, secret and token.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from keystoneauth1 import exceptions as ksa
from openstack import exceptions as sdk

from ..redact import scrub

_TAGS = re.compile(r"<[^>]{1,40}>")


class VolimageError(Exception):
    """An error with a one-line message fit for the user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(scrub(" ".join(message.split())))

    @property
    def message(self) -> str:
        return str(self)

    def extended(self, sentence: str) -> VolimageError:
        """The same error with a sentence added (what was rolled back), keeping its kind and status."""
        longer = copy.copy(self)
        longer.args = (f"{self} {scrub(sentence)}".strip(),)
        return longer


class ConfigError(VolimageError):
    exit_code = 2


class InputError(VolimageError):
    exit_code = 2


class Cancelled(VolimageError):
    exit_code = 130


class CloudError(VolimageError):
    exit_code = 3
    status: int | None = None


class AuthError(CloudError):
    status = 401


class ForbiddenError(CloudError):
    status = 403


class NotFoundError(CloudError):
    status = 404


class ConflictError(CloudError):
    status = 409


class QuotaError(CloudError):
    status = 413


class BadRequestError(CloudError):
    status = 400


class ServerError(CloudError):
    status = 500


class UnreachableError(CloudError):
    pass


class CloudTimeout(CloudError):
    pass


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
