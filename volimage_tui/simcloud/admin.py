"""Steering the simulated cloud from tests and benchmarks: faults, the request log, quotas and state audits.

The same operations are offered in Python (`SimCloud` delegates here) and over HTTP under `/_sim/`, which is on
the cloud's own port but in no catalog, so a client under test never finds it by accident:

| method and path            | does                                                        |
|----------------------------|-------------------------------------------------------------|
| GET/POST/DELETE /_sim/faults | list, add (JSON fields of `Fault`), clear the faults      |
| GET/DELETE /_sim/requests  | read (`?since=N`) or clear the request log                  |
| POST /_sim/marks           | remember what exists now; answers `{"mark": N}`             |
| GET /_sim/audit/N          | what was created and deleted since mark N                   |
| DELETE /_sim/tokens        | expire every token (the next API call gets 401)             |
| PUT /_sim/quotas/REGION    | set quotas, e.g. `{"volumes": 0}`                           |
| POST /_sim/settle          | finish every pending status change now                      |
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .faults import Fault, FaultBoard, LoggedRequest
from .state import CloudState


class TokenRevoker(Protocol):
    """Keystone's side of steering: revoking every live token."""

    def expire_all(self) -> int: ...


class Steered(Protocol):
    """The parts of the WSGI app that steering reads and changes (`wsgi.SimApp` has them)."""

    @property
    def cloud(self) -> CloudState: ...

    @property
    def faults(self) -> FaultBoard: ...

    @property
    def requests(self) -> list[LoggedRequest]: ...

    @property
    def identity(self) -> TokenRevoker: ...


@dataclass(frozen=True)
class Audit:
    """What exists now that did not at the mark, and what existed then and is gone, by `region/kind`."""

    created: dict[str, list[str]]
    deleted: dict[str, list[str]]

    @property
    def clean(self) -> bool:
        """Nothing was left behind: no resource exists that did not exist at the mark."""
        return not any(self.created.values())

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "deleted": self.deleted}


class Admin:
    """The steering operations, in Python and under `/_sim/`."""

    def __init__(self, app: Steered) -> None:
        self.app = app
        self._marks: list[dict[str, set[str]]] = []
        self._routes = Map(
            [
                Rule("/_sim/faults", endpoint="faults", methods=["GET", "POST", "DELETE"]),
                Rule("/_sim/requests", endpoint="requests", methods=["GET", "DELETE"]),
                Rule("/_sim/marks", endpoint="marks", methods=["POST"]),
                Rule("/_sim/audit/<int:mark>", endpoint="audit", methods=["GET"]),
                Rule("/_sim/tokens", endpoint="tokens", methods=["DELETE"]),
                Rule("/_sim/quotas/<region>", endpoint="quotas", methods=["PUT"]),
                Rule("/_sim/settle", endpoint="settle", methods=["POST"]),
            ]
        )

    # the Python API

    def inject(self, fault: Fault) -> Fault:
        return self.app.faults.add(fault)

    def clear_faults(self) -> None:
        self.app.faults.clear()

    def requests(self, since: int = 0) -> list[LoggedRequest]:
        return list(self.app.requests[since:])

    def clear_requests(self) -> None:
        self.app.requests.clear()

    def clear_marks(self) -> None:
        """Forget every mark; the next one is 0 again."""
        self._marks.clear()

    def mark(self) -> int:
        with self.app.cloud.lock:
            self.app.cloud.advance()
            self._marks.append(self._inventory())
        return len(self._marks) - 1

    def audit(self, mark: int) -> Audit:
        with self.app.cloud.lock:
            self.app.cloud.advance()
            then, now = self._marks[mark], self._inventory()
        kinds = sorted(set(then) | set(now))
        created = {kind: sorted(now.get(kind, set()) - then.get(kind, set())) for kind in kinds}
        deleted = {kind: sorted(then.get(kind, set()) - now.get(kind, set())) for kind in kinds}
        return Audit(created={k: v for k, v in created.items() if v}, deleted={k: v for k, v in deleted.items() if v})

    def expire_tokens(self) -> int:
        with self.app.cloud.lock:
            return self.app.identity.expire_all()

    def set_quotas(self, region: str, quotas: dict[str, int]) -> None:
        with self.app.cloud.lock:
            self.app.cloud.region(region).quotas.update(quotas)

    def settle(self) -> None:
        self.app.cloud.settle()

    def _inventory(self) -> dict[str, set[str]]:
        return {
            f"{region.name}/{kind}": table.ids()
            for region in self.app.cloud.regions.values()
            for kind, table in region.tables().items()
        }

    # the HTTP API

    def handle(self, request: Request) -> Response:
        try:
            endpoint, args = self._routes.bind("sim").match(request.path, method=request.method)
        except HTTPException as error:
            return Response(
                json.dumps({"error": error.description}), status=error.code, content_type="application/json"
            )
        body = self._answer(endpoint, request, **args)
        return Response(json.dumps(body), status=200, content_type="application/json")

    def _answer(self, endpoint: str, request: Request, **args: Any) -> Any:
        data = request.get_json(silent=True) or {}
        if endpoint == "faults":
            if request.method == "POST":
                return self.inject(Fault(**data)).as_dict()
            if request.method == "DELETE":
                self.clear_faults()
            return [fault.as_dict() for fault in self.app.faults.faults]
        if endpoint == "requests":
            if request.method == "DELETE":
                self.clear_requests()
                return []
            return [entry.as_dict() for entry in self.requests(int(request.args.get("since", 0)))]
        if endpoint == "marks":
            return {"mark": self.mark()}
        if endpoint == "audit":
            return self.audit(args["mark"]).as_dict()
        if endpoint == "tokens":
            return {"expired": self.expire_tokens()}
        if endpoint == "quotas":
            self.set_quotas(args["region"], {key: int(value) for key, value in data.items()})
            return self.app.cloud.region(args["region"]).quotas
        self.settle()
        return {}
