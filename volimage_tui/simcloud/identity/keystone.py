"""Keystone v3: version discovery, password / application-credential / token authentication, and the catalog.

Tokens are random (they are secrets and never part of a replay), expire after `SimConfig.token_ttl` seconds of
real time (clients compare `expires_at` with their own clock) and can be revoked all at once by a test, which is
how an expired token is simulated: the next service request gets 401 and the client authenticates again.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.wrappers import Request, Response

from ..state import CloudState, Project, Token, User
from ..wire.http import ApiError, empty_response, json_response

KEYSTONE_VERSION = "v3.14"

CATALOG_SERVICES: tuple[tuple[str, str, str], ...] = (
    ("compute", "nova", "compute/v2.1"),
    ("volumev3", "cinderv3", "volume/v3/{project_id}"),
    ("block-storage", "cinder", "volume/v3/{project_id}"),
    ("image", "glance", "image"),
    ("network", "neutron", "networking"),
)
"""Catalog entries: service type, name, and the path under `/<region>/` (Devstack's layout)."""

UNAUTHORIZED = "The request you have made requires authentication."


class Identity:
    """Users, projects and live tokens of one simulated cloud."""

    def __init__(self, cloud: CloudState) -> None:
        self.cloud = cloud
        self.tokens: dict[str, Token] = {}

    def validate(self, token_id: str | None) -> Token:
        """The live token, or 401 as keystonemiddleware answers for a missing, unknown or expired one."""
        token = self.tokens.get(token_id or "")
        if token is None or token.expired():
            raise ApiError(401, UNAUTHORIZED, headers={"WWW-Authenticate": 'Keystone uri="/identity"'})
        return token

    def expire_all(self) -> int:
        """Revoke every token, as if they had all expired; returns how many there were."""
        count = len(self.tokens)
        self.tokens.clear()
        return count

    def issue(self, user: User, project: Project | None, methods: list[str]) -> Token:
        now = datetime.now(UTC)
        token = Token(
            id="gAAAAA" + secrets.token_urlsafe(120),
            user_id=user.id,
            project_id=project.id if project else "",
            methods=methods,
            issued_at=now,
            expires_at=now + timedelta(seconds=self.cloud.config.token_ttl),
        )
        self.tokens[token.id] = token
        return token

    # request handling

    def handle(self, request: Request, rest: str, host_url: str) -> Response:
        base = f"{host_url}identity"
        if rest in ("", "/"):
            return json_response({"versions": {"values": [self._version(base)]}}, status=300)
        if rest in ("/v3", "/v3/"):
            return json_response({"version": self._version(base)})
        if rest == "/v3/auth/tokens":
            if request.method == "POST":
                return self._authenticate(request, host_url)
            caller = self.validate(request.headers.get("X-Auth-Token"))
            subject = self.tokens.get(request.headers.get("X-Subject-Token", ""))
            if subject is None or subject.expired():
                raise ApiError(404, f"Could not find token: {request.headers.get('X-Subject-Token', '')}.")
            if request.method == "DELETE":
                self.tokens.pop(subject.id, None)
                return empty_response()
            del caller
            return json_response(
                {"token": self._token_body(subject, host_url)},
                headers={"X-Subject-Token": subject.id},
            )
        token = self.validate(request.headers.get("X-Auth-Token"))
        if rest == "/v3/auth/projects" and request.method == "GET":
            user = self.cloud.users[token.user_id]
            projects = [self._project_body(self.cloud.projects[pid], host_url) for pid in user.project_ids]
            return json_response({"projects": projects, "links": {"self": f"{base}/v3/auth/projects"}})
        if rest == "/v3/auth/catalog" and request.method == "GET":
            return json_response({"catalog": self.catalog(host_url, token.project_id)})
        if rest.startswith("/v3/projects/") and request.method == "GET":
            project = self.cloud.projects.get(rest.removeprefix("/v3/projects/"))
            if project is None:
                raise ApiError(404, "Could not find project.")
            return json_response({"project": self._project_body(project, host_url)})
        raise ApiError(404, "The resource could not be found.")

    def _authenticate(self, request: Request, host_url: str) -> Response:
        try:
            auth = (request.get_json(force=True, silent=False) or {})["auth"]
            identity = auth["identity"]
            methods = list(identity["methods"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Invalid input for field 'identity': 'methods' is a required property") from None
        user, project = self._identify(identity, methods)
        scope = auth.get("scope")
        if project is None and isinstance(scope, dict) and "project" in scope:
            project = self._scoped_project(user, scope["project"])
        token = self.issue(user, project, methods)
        return json_response(
            {"token": self._token_body(token, host_url)},
            status=201,
            headers={"X-Subject-Token": token.id},
        )

    def _identify(self, identity: dict[str, Any], methods: list[str]) -> tuple[User, Project | None]:
        if "password" in methods:
            spec = identity.get("password", {}).get("user", {})
            user = self._find_user(spec)
            if user is None or spec.get("password") != user.password:
                raise ApiError(401, UNAUTHORIZED)
            return user, None
        if "application_credential" in methods:
            spec = identity.get("application_credential", {})
            for user in self.cloud.users.values():
                secret = user.app_credentials.get(spec.get("id", ""))
                if secret is not None and secret == spec.get("secret"):
                    return user, self.cloud.projects[user.project_ids[0]]
            raise ApiError(401, UNAUTHORIZED)
        if "token" in methods:
            previous = self.tokens.get(identity.get("token", {}).get("id", ""))
            if previous is None or previous.expired():
                raise ApiError(401, UNAUTHORIZED)
            return self.cloud.users[previous.user_id], None
        raise ApiError(401, UNAUTHORIZED)

    def _find_user(self, spec: dict[str, Any]) -> User | None:
        if "id" in spec:
            return self.cloud.users.get(spec["id"])
        domain = spec.get("domain") or {}
        domain_ok = (
            domain.get("id", "").lower() == self.cloud.domain_id or domain.get("name") == self.cloud.config.domain
        )
        return next((u for u in self.cloud.users.values() if u.name == spec.get("name") and domain_ok), None)

    def _scoped_project(self, user: User, spec: dict[str, Any]) -> Project:
        if "id" in spec:
            project = self.cloud.projects.get(spec["id"])
        else:
            domain = spec.get("domain") or {}
            domain_id = domain.get("id") or (
                self.cloud.domain_id if domain.get("name") == self.cloud.config.domain else "?"
            )
            project = self.cloud.project_named(spec.get("name", ""), domain_id.lower())
        if project is None or project.id not in user.project_ids:
            raise ApiError(401, UNAUTHORIZED)
        return project

    # bodies

    def _version(self, base: str) -> dict[str, Any]:
        return {
            "id": KEYSTONE_VERSION,
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": f"{base}/v3/"}],
            "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}],
        }

    def _project_body(self, project: Project, host_url: str) -> dict[str, Any]:
        return {
            "id": project.id,
            "name": project.name,
            "domain_id": project.domain_id,
            "description": "",
            "enabled": True,
            "is_domain": False,
            "parent_id": project.domain_id,
            "tags": [],
            "options": {},
            "links": {"self": f"{host_url}identity/v3/projects/{project.id}"},
        }

    def _token_body(self, token: Token, host_url: str) -> dict[str, Any]:
        user = self.cloud.users[token.user_id]
        domain = {"id": self.cloud.domain_id, "name": self.cloud.config.domain}
        body: dict[str, Any] = {
            "methods": token.methods,
            "user": {"domain": domain, "id": user.id, "name": user.name, "password_expires_at": None},
            "audit_ids": [secrets.token_urlsafe(16)],
            "expires_at": token.expires_at.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "issued_at": token.issued_at.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
        }
        if token.project_id:
            project = self.cloud.projects[token.project_id]
            body["project"] = {"domain": domain, "id": project.id, "name": project.name}
            body["is_domain"] = False
            body["roles"] = [
                {"id": "5f4e7a0c3b0d4e8f9a1b2c3d4e5f6a7b", "name": "member"},
                {"id": "0a1b2c3d4e5f40718293a4b5c6d7e8f9", "name": "reader"},
            ]
            body["catalog"] = self.catalog(host_url, project.id)
        return body

    def catalog(self, host_url: str, project_id: str) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = [
            {
                "type": "identity",
                "name": "keystone",
                "id": "identity",
                "endpoints": [
                    self._endpoint(f"identity-{region}", region, f"{host_url}identity") for region in self.cloud.regions
                ],
            }
        ]
        for service_type, name, path in CATALOG_SERVICES:
            entries.append(
                {
                    "type": service_type,
                    "name": name,
                    "id": service_type,
                    "endpoints": [
                        self._endpoint(
                            f"{service_type}-{region}",
                            region,
                            f"{host_url}{region}/{path.format(project_id=project_id)}",
                        )
                        for region in self.cloud.regions
                    ],
                }
            )
        return entries

    @staticmethod
    def _endpoint(endpoint_id: str, region: str, url: str) -> dict[str, str]:
        return {"id": endpoint_id, "interface": "public", "region": region, "region_id": region, "url": url}
