"""The facts one cloud is built from (state folder, ports, passwords, names), saved for `down` and `status`."""

import json
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .install import VENVS

# Every listening socket the cloud needs; each gets a free port on 127.0.0.1 at `up`.
PORT_NAMES = ("keystone", "glance", "cinder", "placement", "nova", "neutron", "amqp", "epmd", "erlang_dist")

# Accounts with a password of their own: Keystone's bootstrap admin, the test user, one service user per service,
# and RabbitMQ's user. Each password is random per run and lives only in the state folder's files.
ACCOUNTS = ("admin", "member", "glance", "cinder", "nova", "placement", "neutron", "rabbit")
SERVICE_USERS = ("glance", "cinder", "nova", "placement", "neutron")

REGION = "RegionOne"
# The one compute and volume host, also the name nova-compute registers and cell discovery maps.
HOST = "realcloud"
SERVICE_PROJECT = "service"
MEMBER_USER = "realcloud-member"
MEMBER_PROJECT = "realcloud-project"
MEMBER_CLOUD = "realcloud"
ADMIN_CLOUD = "realcloud-admin"


def free_ports(names: tuple[str, ...]) -> dict[str, int]:
    """Ports the kernel hands out for 127.0.0.1:0, all held open until every one is picked so none repeats."""
    sockets = []
    try:
        for _ in names:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return {name: sock.getsockname()[1] for name, sock in zip(names, sockets, strict=True)}
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class Plan:
    """One cloud: where its files are, which ports it listens on, the passwords it uses."""

    state_dir: Path
    ports: dict[str, int]
    passwords: dict[str, str]
    started_at: float = 0.0
    # Filled by bootstrap: Keystone ids the tests and readiness checks need.
    ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new(cls, state_dir: Path) -> "Plan":
        return cls(
            state_dir=state_dir,
            ports=free_ports(PORT_NAMES),
            passwords={name: secrets.token_urlsafe(24) for name in ACCOUNTS},
        )

    # Paths
    def path(self, *parts: str) -> Path:
        return self.state_dir.joinpath(*parts)

    def etc(self, service: str) -> Path:
        return self.path("etc", service)

    def log(self, process: str) -> Path:
        return self.path("logs", f"{process}.log")

    def db_url(self, name: str) -> str:
        return f"sqlite:///{self.path('db', f'{name}.sqlite')}"

    @property
    def pythonpath(self) -> Path:
        return self.path("pythonpath")

    @property
    def state_file(self) -> Path:
        return self.path("state.json")

    @property
    def clouds_yaml(self) -> Path:
        return self.path("clouds.yaml")

    @property
    def info_file(self) -> Path:
        """The VOLIMAGE_REALCLOUD file: what a test needs to know about this cloud, without passwords."""
        return self.path("realcloud.json")

    # URLs
    def base_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def keystone_url(self) -> str:
        return f"{self.base_url('keystone')}/v3"

    @property
    def transport_url(self) -> str:
        return f"rabbit://realcloud:{self.passwords['rabbit']}@127.0.0.1:{self.ports['amqp']}/"

    def endpoints(self) -> dict[str, str]:
        """The catalog, one URL per service type, as every service and client reaches it."""
        cinder = f"{self.base_url('cinder')}/v3/%(project_id)s"
        return {
            "identity": self.keystone_url,
            "image": self.base_url("glance"),
            "block-storage": cinder,
            "volumev3": cinder,
            "compute": f"{self.base_url('nova')}/v2.1",
            "placement": self.base_url("placement"),
            "network": self.base_url("neutron"),
        }

    def venv_bin(self, venv: str) -> Path:
        return VENVS[venv].bin

    # Persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "state_dir": str(self.state_dir),
            "ports": self.ports,
            "passwords": self.passwords,
            "started_at": self.started_at,
            "ids": self.ids,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Plan":
        return cls(
            state_dir=Path(data["state_dir"]),
            ports={str(k): int(v) for k, v in data["ports"].items()},
            passwords={str(k): str(v) for k, v in data["passwords"].items()},
            started_at=float(data["started_at"]),
            ids={str(k): str(v) for k, v in data["ids"].items()},
        )


def write_private(path: Path, text: str) -> None:
    """Write a file only this user can read: state and clouds.yaml hold the run's passwords."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text)


def write_json_private(path: Path, data: Any) -> None:
    write_private(path, json.dumps(data, indent=2) + "\n")
