"""What every simulated service shares on the wire: errors, JSON bodies, microversions and pagination."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from ..state import CloudState, RegionState, Token

Row = TypeVar("Row")


class ApiError(Exception):
    """An error the service answers with; each service renders it in its own body shape."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def empty_response(status: int = 204, headers: dict[str, str] | None = None) -> Response:
    return Response(b"", status=status, headers=headers or {})


@dataclass(frozen=True, order=True)
class Microversion:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Microversion:
        match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
        if match is None:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class VersionRange:
    """The microversions a service accepts, and the header words it reads them from."""

    service_type: str
    minimum: Microversion
    maximum: Microversion
    legacy_header: str | None = None

    def requested(self, request: Request) -> str | None:
        """The version the request's headers ask for, as written; None when it asks for none."""
        asked: str | None = None
        for value in request.headers.getlist("OpenStack-API-Version"):
            for part in value.split(","):
                words = part.split()
                if len(words) == 2 and words[0].lower() == self.service_type:
                    asked = words[1]
        if asked is None and self.legacy_header:
            asked = request.headers.get(self.legacy_header)
        return asked

    def negotiate(self, request: Request) -> Microversion:
        """The version the request asks for, the minimum when it asks for none; 406 when out of range."""
        asked = self.requested(request)
        if asked is None:
            return self.minimum
        if asked.strip().lower() == "latest":
            return self.maximum
        try:
            version = Microversion.parse(asked)
        except ValueError:
            raise ApiError(
                400, f"API Version String {asked} is of invalid format. Must be of format MajorNum.MinorNum."
            ) from None
        if not self.minimum <= version <= self.maximum:
            raise ApiError(
                406,
                f"Version {version} is not supported by the API. Minimum is {self.minimum} "
                f"and maximum is {self.maximum}.",
            )
        return version

    def response_headers(self, version: Microversion) -> dict[str, str]:
        headers = {
            "OpenStack-API-Version": f"{self.service_type} {version}",
            "Vary": "OpenStack-API-Version",
        }
        if self.legacy_header:
            headers[self.legacy_header] = str(version)
            headers["Vary"] += f", {self.legacy_header}"
        return headers


@dataclass
class Call:
    """One authenticated API request as a handler sees it."""

    request: Request
    cloud: CloudState
    region: RegionState
    token: Token
    base_url: str
    """The service's versioned endpoint as the catalog gives it, for building links."""
    version: Microversion | None = None
    args: dict[str, str] = field(default_factory=dict)

    @property
    def project_id(self) -> str:
        return self.token.project_id

    @property
    def user_id(self) -> str:
        return self.token.user_id

    def at_least(self, version: str) -> bool:
        return self.version is not None and self.version >= Microversion.parse(version)

    def body(self, root: str | None = None) -> Any:
        """The JSON body, or 400 as the services do when it is not JSON or lacks its root key."""
        try:
            data = json.loads(self.request.get_data(as_text=True) or "null")
        except ValueError:
            raise ApiError(400, "Malformed request body") from None
        if root is not None:
            if not isinstance(data, dict) or not isinstance(data.get(root), dict):
                raise ApiError(400, f"Missing required element '{root}' in request body.")
            return data[root]
        return data

    def query(self, name: str) -> str | None:
        return self.request.args.get(name)


Handler = Callable[..., Response]


def page_limit(call: Call, default: int, maximum: int) -> int:
    text = call.query("limit")
    if text is None:
        return min(default, maximum)
    try:
        limit = int(text)
    except ValueError:
        raise ApiError(400, f"Invalid input received: limit must be an integer: {text}") from None
    if limit < 0:
        raise ApiError(400, "Invalid input received: limit must be >= 0")
    return min(limit, maximum)


def paginate(
    rows: Sequence[Row],
    *,
    row_id: Callable[[Row], str],
    position: Callable[[str], int | None] | None,
    marker: str | None,
    limit: int,
    keep: Callable[[Row], bool] | None = None,
    marker_error: Callable[[str], ApiError],
) -> tuple[list[Row], str | None]:
    """One page of `rows` after `marker`, and the marker of the next page when there may be one.

    `position` finds the marker in unfiltered rows in constant time; with a filter the scan still starts there.
    """
    start = 0
    if marker:
        found = position(marker) if position is not None else None
        if found is None:
            found = next((index for index, row in enumerate(rows) if row_id(row) == marker), None)
        if found is None:
            raise marker_error(marker)
        start = found + 1
    page: list[Row] = []
    more = False
    for row in rows[start:] if keep is not None else rows[start : start + limit + 1]:
        if keep is not None and not keep(row):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(row)
    return page, (row_id(page[-1]) if more and page else None)


def next_link(call: Call, collection_path: str, marker: str, limit: int) -> dict[str, str]:
    """A `*_links` entry whose href keeps the request's filters and moves the marker on."""
    params = [(key, value) for key, value in call.request.args.items(multi=True) if key not in ("marker", "limit")]
    params += [("limit", str(limit)), ("marker", marker)]
    query = "&".join(f"{key}={_quote(value)}" for key, value in params)
    return {"rel": "next", "href": f"{call.base_url}{collection_path}?{query}"}


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
