"""volimage's errors: each carries one line a user can read, and an exit code.

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

No message ever carries a secret: `redact.scrub` removes every registered password, secret and token. This module
loads no OpenStack library, so the CLI and the UI can catch these before openstacksdk is imported;
`cloud/errors.py` turns the libraries' exceptions into them.
"""

from __future__ import annotations

import copy

from .redact import scrub


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
