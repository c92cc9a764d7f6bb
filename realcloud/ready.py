"""Readiness checks that mean "a test can use it now", not just "the port answers"."""

import socket
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

from .api import Session, request
from .plan import HOST, Plan
from .processes import SetupError

POLL_SECONDS = 1.0


def wait_for(what: str, check: Callable[[], str | None], timeout: float, alive: Callable[[], None]) -> None:
    """Poll `check` until it returns None (ready); it returns why not yet, which the timeout error repeats.

    `alive` raises if a process died meanwhile, so a crash is reported at once instead of after the timeout.
    """
    deadline = time.monotonic() + timeout
    reason = "not checked yet"
    while True:
        alive()
        try:
            outcome = check()
        except (OSError, ValueError, KeyError, TypeError) as error:
            outcome = f"{type(error).__name__}: {error}"
        if outcome is None:
            return
        reason = outcome
        if time.monotonic() > deadline:
            raise SetupError(f"{what}: not ready after {timeout:.0f} s ({reason})")
        time.sleep(POLL_SECONDS)


def amqp(port: int) -> str | None:
    """RabbitMQ answers the AMQP 0-9-1 protocol header with a connection.start frame once it accepts clients."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"AMQP\x00\x00\x09\x01")
            frame = sock.recv(8)
    except OSError as error:
        return str(error)
    return None if frame[:1] == b"\x01" else f"unexpected reply {frame!r}"


def http_status(url: str, expect: tuple[int, ...] = (200, 300)) -> str | None:
    try:
        reply = request("GET", url, timeout=10)
    except OSError as error:
        return str(error)
    return None if reply.status in expect else f"HTTP {reply.status}"


def authenticated(session: Session, url: str) -> str | None:
    """The API answers an authenticated GET with 200: keystonemiddleware and the database both work."""
    try:
        reply = session.call("GET", url)
    except OSError as error:
        return str(error)
    return None if reply.status == 200 else f"HTTP {reply.status} {reply.body!r:.200}"


def cinder_pool(admin: Session, plan: Plan) -> str | None:
    """The scheduler has heard from cinder-volume: without a pool every volume create fails with NoValidBackend."""
    url = f"{plan.base_url('cinder')}/v3/{admin.project_id}/scheduler-stats/get_pools"
    reply = admin.call("GET", url)
    if reply.status != 200:
        return f"HTTP {reply.status}"
    pools = reply.body.get("pools", [])
    return None if pools else "no pool reported yet"


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=UTC)


def nova_services(admin: Session, plan: Plan) -> str | None:
    """Conductor, scheduler and compute are up and have reported since this start (a heartbeat, not an old row)."""
    reply = admin.call("GET", f"{plan.endpoints()['compute']}/os-services")
    if reply.status != 200:
        return f"HTTP {reply.status}"
    started = datetime.fromtimestamp(plan.started_at, UTC).replace(microsecond=0)
    fresh = {
        service["binary"]
        for service in reply.body["services"]
        if service["state"] == "up" and service.get("updated_at") and _parse_time(service["updated_at"]) >= started
    }
    missing = {"nova-conductor", "nova-scheduler", "nova-compute"} - fresh
    return None if not missing else f"no fresh heartbeat from {', '.join(sorted(missing))}"


def host_mapped(plan: Plan) -> str | None:
    """nova-compute's host is mapped to cell1 (read from the API database: nova-manage has no cheap query)."""
    db = plan.path("db", "nova_api.sqlite")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        rows = conn.execute(
            "SELECT h.host FROM host_mappings h JOIN cell_mappings c ON h.cell_id = c.id WHERE c.name = 'cell1'"
        ).fetchall()
    return None if (HOST,) in rows else f"host {HOST} not mapped to cell1 (mapped: {rows})"


def resource_provider(admin: Session, plan: Plan) -> str | None:
    """Placement has the compute node with inventory: the scheduler can place a server on it."""
    base = plan.base_url("placement")
    reply = admin.call("GET", f"{base}/resource_providers")
    if reply.status != 200:
        return f"HTTP {reply.status}"
    providers = reply.body["resource_providers"]
    if not providers:
        return "no resource provider yet"
    for provider in providers:
        inventory = admin.call("GET", f"{base}/resource_providers/{provider['uuid']}/inventories")
        if inventory.status == 200 and "VCPU" in inventory.body.get("inventories", {}):
            return None
    return "resource provider without VCPU inventory"
