"""A minimal Keystone-authenticated JSON client over urllib, enough for bootstrap and readiness checks."""

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 30.0


@dataclass
class Response:
    status: int
    body: Any
    headers: Mapping[str, str]


def request(
    method: str,
    url: str,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> Response:
    """One HTTP call; an HTTP error status is returned, not raised (readiness loops look at it)."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = {"Accept": "application/json", **(headers or {})}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)  # noqa: S310 - http to 127.0.0.1
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:  # noqa: S310
            return Response(reply.status, _decode(reply.read()), dict(reply.headers))
    except urllib.error.HTTPError as error:
        return Response(error.code, _decode(error.read()), dict(error.headers or {}))


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")


class ApiError(Exception):
    """A call the harness needs to succeed did not; the message has the method, URL, status and body."""


@dataclass
class Session:
    """A project-scoped password login; the token is fetched lazily and reused."""

    keystone_url: str
    username: str
    password: str
    project: str
    token: str | None = None
    project_id: str = ""
    catalog: list[dict[str, Any]] = field(default_factory=list)

    def login(self) -> None:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {"name": self.username, "password": self.password, "domain": {"id": "default"}}
                    },
                },
                "scope": {"project": {"name": self.project, "domain": {"id": "default"}}},
            }
        }
        reply = request("POST", f"{self.keystone_url}/auth/tokens", body)
        if reply.status != 201:
            raise ApiError(f"login as {self.username} to {self.project}: HTTP {reply.status} {reply.body!r:.300}")
        self.token = reply.headers.get("X-Subject-Token") or reply.headers.get("x-subject-token")
        self.project_id = reply.body["token"]["project"]["id"]
        self.catalog = reply.body["token"].get("catalog", [])

    def call(self, method: str, url: str, body: Any = None, headers: Mapping[str, str] | None = None) -> Response:
        if self.token is None:
            self.login()
        assert self.token is not None
        return request(method, url, body, {"X-Auth-Token": self.token, **(headers or {})})

    def ok(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (),
    ) -> Any:
        """`call`, raising ApiError unless the status is 2xx (or one of `expect`); returns the decoded body."""
        reply = self.call(method, url, body, headers)
        if not (200 <= reply.status < 300 or reply.status in expect):
            raise ApiError(f"{method} {url}: HTTP {reply.status} {reply.body!r:.500}")
        return reply.body
