"""`SimCloud`: the simulated OpenStack cloud served over real HTTP on 127.0.0.1, in a background thread.

with SimCloud(SimConfig(seed=7)) as cloud:          # a free port, instant status changes
    conn = openstack.connect(**cloud.connect_args())
    cloud.inject(Fault(service="image", method="PUT", path="/file$", status=503))
    mark = cloud.mark(); ...; assert cloud.audit(mark).clean
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .admin import Audit
from .faults import Fault, LoggedRequest
from .seed.project import seed_cloud
from .services import all_services
from .state import CloudState, RegionState, SimConfig
from .wsgi import SimApp

DEMO_CLOUD_NAME = "volimage-demo"


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without its per-request log lines (the request log is kept by `SimApp`)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - werkzeug's signature
        if type == "error":
            logging.getLogger(__name__).debug(message, *args)


class SimCloud:
    """One simulated cloud: its state, its HTTP server, and the handles tests steer it by."""

    def __init__(self, config: SimConfig | None = None, *, port: int = 0, host: str = "127.0.0.1") -> None:
        self.config = config or SimConfig()
        self.state = CloudState(self.config)
        seed_cloud(self.state)
        self.app = SimApp(self.state, all_services())
        self._host = host
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # life cycle

    def start(self) -> SimCloud:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = make_server(self._host, self._port, self.app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="simcloud", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait(self) -> None:
        """Block until the server stops (or the caller is interrupted): the `simcloud serve` command."""
        if self._thread is not None:
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)

    def reset(self) -> None:
        """Make this cloud what a new `SimCloud(self.config)` would be, in place: same port, same credentials.

        For tests that share one running cloud. After a reset:

        - the seeded records are back exactly as seeded (ids, names, statuses, timestamps, quotas), so whatever a
          test created, changed or deleted is undone, and ids drawn from then on repeat those a fresh cloud draws;
        - status changes still pending are dropped, injected faults are gone, the request log is empty, the next
          mark is 0 and request ids count from 1 again;
        - the port, URLs and credentials are unchanged (the seeded user and project get their ids back), and no
          token is known, as on a new cloud: a connection opened before the reset goes on at the same port once
          it has authenticated again (keystoneauth does so on the 401).

        Not covered: a change a test made to `self.config` is kept (the new seed follows it); `RegionState` objects
        held from before are stale (ask `region()` again); call it while no request is in flight.
        """
        with self.state.lock:
            self.state.clear()
            seed_cloud(self.state)
            self.app.reset()

    def __enter__(self) -> SimCloud:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # where it is and how to reach it

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the simulated cloud is not running")
        return int(self._server.server_port)

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/identity"

    def cloud_entry(self, region: str | None = None) -> dict[str, Any]:
        """The clouds.yaml entry for this cloud, with its (simulated, documented) password."""
        return {
            "auth": {
                "auth_url": self.auth_url,
                "username": self.config.username,
                "password": self.config.password,
                "project_name": self.config.project_name,
                "user_domain_name": self.config.domain,
                "project_domain_name": self.config.domain,
            },
            "region_name": region or self.config.regions[0],
            "regions": list(self.config.regions),
            "identity_api_version": 3,
            "interface": "public",
        }

    def clouds_yaml(self, name: str = DEMO_CLOUD_NAME) -> str:
        return yaml.safe_dump({"clouds": {name: self.cloud_entry()}}, sort_keys=False)

    def write_clouds_yaml(self, path: Path, name: str = DEMO_CLOUD_NAME) -> Path:
        """Write (or add to) a clouds.yaml holding this cloud under `name`."""
        existing: dict[str, Any] = {}
        if path.exists():
            existing = yaml.safe_load(path.read_text()) or {}
        existing.setdefault("clouds", {})[name] = self.cloud_entry()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(existing, sort_keys=False))
        return path

    def connect_args(self, region: str | None = None) -> dict[str, Any]:
        """Keyword arguments for `openstack.connect(...)` that reach this cloud without a clouds.yaml."""
        entry = self.cloud_entry(region)
        return {**entry["auth"], "region_name": entry["region_name"], "identity_api_version": "3"}

    # steering (see admin.py for the same over HTTP)

    def inject(self, fault: Fault | None = None, **fields: Any) -> Fault:
        return self.app.admin.inject(fault or Fault(**fields))

    def clear_faults(self) -> None:
        self.app.admin.clear_faults()

    def requests(self, since: int = 0) -> list[LoggedRequest]:
        return self.app.admin.requests(since)

    def clear_requests(self) -> None:
        self.app.admin.clear_requests()

    def mark(self) -> int:
        return self.app.admin.mark()

    def audit(self, mark: int) -> Audit:
        return self.app.admin.audit(mark)

    def expire_tokens(self) -> int:
        return self.app.admin.expire_tokens()

    def set_quotas(self, region: str | None = None, **quotas: int) -> None:
        self.app.admin.set_quotas(region or self.config.regions[0], quotas)

    def settle(self) -> None:
        self.app.admin.settle()

    def region(self, name: str | None = None) -> RegionState:
        return self.state.region(name or self.config.regions[0])
