"""The WSGI application: routes each request to Keystone or a region's service, applying faults and logging it.

| path                              | answered by                                        |
|-----------------------------------|----------------------------------------------------|
| `/identity/...`                   | Keystone (`identity/`), shared by every region     |
| `/<region>/compute/...`           | Nova (`compute/`)                                  |
| `/<region>/volume/...`            | Cinder (`volume/`)                                 |
| `/<region>/image/...`             | Glance (`image/`)                                  |
| `/<region>/networking/...`        | Neutron (`network/`)                               |
| `/_sim/...`                       | the test-steering API (`admin.py`), not in the catalog |
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from .admin import Admin
from .faults import FaultBoard, LoggedRequest, without_filters
from .identity.keystone import Identity
from .state import CloudState
from .wire.http import ApiError, Call, Microversion, json_response
from .wire.service import Service

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)


def keystone_error(status: int, message: str) -> Any:
    titles = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
    return {"error": {"code": status, "message": message, "title": titles.get(status, "Error")}}


class SimApp:
    """The simulated cloud's single WSGI entry point."""

    def __init__(self, cloud: CloudState, services: Iterable[Service]) -> None:
        self.cloud = cloud
        self.identity = Identity(cloud)
        self.services = {service.mount: _capped(service, cloud.config.max_microversions) for service in services}
        self.faults = FaultBoard()
        self.requests: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._request_ids = itertools.count(1)
        self.admin = Admin(self)

    def reset(self) -> None:
        """Clear the faults, the tokens, the request log and the marks, and number request ids from 1 again."""
        self.faults.clear()
        self.identity.tokens.clear()
        with self._log_lock:
            self.requests.clear()
            self._request_ids = itertools.count(1)
        self.admin.clear_marks()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith("/_sim/"):
            return self.admin.handle(request)(environ, start_response)
        response = self.answer(request, environ)
        if response is None:
            return []
        return response(environ, start_response)

    def answer(self, request: Request, environ: WSGIEnvironment) -> Response | None:
        """The response to one API request, or None when a fault dropped the connection."""
        request_id = f"req-{next(self._request_ids):08d}-0000-4000-8000-000000000000"
        region, service, rest = self._locate(request.path)
        service_type = service.service_type if service else "identity"
        fault = self.faults.take(service_type, request.method, self._fault_path(service, rest), region)
        if fault is not None and fault.latency:
            time.sleep(fault.latency)
        if fault is not None and fault.hold is not None:
            fault.hold.wait(fault.HOLD_AT_MOST)
        sent = request  # logged as the client sent it, also when the service will not read all of it
        if fault is not None and fault.ignore_filters:
            request = Request({**environ, "QUERY_STRING": without_filters(environ.get("QUERY_STRING", ""))})
        if fault is not None and fault.drop:
            self._log(sent, 0, service_type, region, service)
            self._drop(environ)
            return None
        try:
            if fault is not None and fault.status is not None:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                raise ApiError(fault.status, fault.message or "Injected fault.", headers=headers)
            with self.cloud.lock:
                self.cloud.advance()
                response = self._dispatch(request, region, service, rest)
        except ApiError as error:
            response = self._error(error, service, request)
        except Exception:
            log.exception("simulated cloud failed on %s %s", request.method, request.path)
            response = self._error(
                ApiError(500, "An unexpected error prevented the server from fulfilling your request."),
                service,
                request,
            )
        response.headers["x-openstack-request-id"] = request_id
        if service is not None:
            for key, value in service.extra_headers(request_id).items():
                response.headers[key] = value
        self._log(sent, response.status_code, service_type, region, service)
        return response

    def _locate(self, path: str) -> tuple[str | None, Service | None, str]:
        if path == "/identity" or path.startswith("/identity/"):
            return None, None, path.removeprefix("/identity")
        parts = path.split("/", 3)
        if len(parts) >= 3 and parts[1] in self.cloud.regions and parts[2] in self.services:
            return parts[1], self.services[parts[2]], "/" + (parts[3] if len(parts) > 3 else "")
        return None, None, path

    @staticmethod
    def _fault_path(service: Service | None, rest: str) -> str:
        if service is None:
            return rest
        match = service.versioned.match(rest)
        return rest[match.end() :] if match else rest

    def _dispatch(self, request: Request, region: str | None, service: Service | None, rest: str) -> Response:
        host_url = request.host_url
        if service is None:
            if region is None and (request.path == "/identity" or request.path.startswith("/identity/")):
                return self.identity.handle(request, rest, host_url)
            raise ApiError(404, "The resource could not be found.")
        assert region is not None
        service_root = f"{host_url}{region}/{service.mount}"
        document = service.discovery(service_root, rest, service.versions)
        if document is not None:
            return document
        match = service.versioned.match(rest)
        if match is None:
            raise ApiError(404, "The resource could not be found.")
        token = self.identity.validate(request.headers.get("X-Auth-Token"))
        project = match.groupdict().get("project")
        if project is not None and project != token.project_id:
            raise ApiError(400, "Malformed request url")
        version = service.versions.negotiate(request) if service.versions else None
        call = Call(
            request=request,
            cloud=self.cloud,
            region=self.cloud.region(region),
            token=token,
            base_url=service_root + match.group(0),
            version=version,
        )
        try:
            handler, args = service.routes.bind("sim").match(rest[match.end() :] or "/", method=request.method)
        except NotFound:
            raise ApiError(404, "The resource could not be found.") from None
        except MethodNotAllowed:
            raise ApiError(405, "The method specified is not allowed for this resource.") from None
        response: Response = handler(call, **args)
        if service.versions is not None and version is not None:
            response.headers.extend(service.versions.response_headers(version))
        return response

    def _error(self, error: ApiError, service: Service | None, request: Request) -> Response:
        """The service's error response; a 401 is keystonemiddleware's, which answers before any service does."""
        if service is None or error.status == 401:
            return json_response(
                keystone_error(error.status, error.message), status=error.status, headers=error.headers
            )
        if service.error_response is not None:
            return service.error_response(error, request)
        return json_response(
            service.error_body(error.status, error.message), status=error.status, headers=error.headers
        )

    def _log(
        self, request: Request, status: int, service_type: str, region: str | None, service: Service | None
    ) -> None:
        entry = LoggedRequest(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=status,
            service=service_type,
            region=region,
            microversion=service.versions.requested(request) if service and service.versions else None,
            body=None if service_type == "identity" else _json_sent(request),  # never a password in the log
        )
        with self._log_lock:
            self.requests.append(entry)

    @staticmethod
    def _drop(environ: WSGIEnvironment) -> None:
        """Close the client's connection without an answer, as a crashed proxy or a reset would."""
        connection = environ.get("werkzeug.socket")
        if isinstance(connection, socket.socket):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _json_sent(request: Request) -> Any:
    """The request's JSON body as the client sent it (werkzeug keeps what the handler read), else None."""
    if "json" not in (request.content_type or ""):
        return None
    try:
        return json.loads(request.get_data(as_text=True) or "null")
    except ValueError:
        return None


def _capped(service: Service, maxima: dict[str, str]) -> Service:
    """The service offering microversions only up to the configured maximum, in its version documents too."""
    cap = maxima.get(service.service_type)
    if cap is None or service.versions is None:
        return service
    return dataclasses.replace(service, versions=dataclasses.replace(service.versions, maximum=Microversion.parse(cap)))


def json_body(request: Request) -> Any:
    return json.loads(request.get_data(as_text=True) or "null")
