"""Nova's server actions (`POST /servers/{id}/action`): stop, start, reboot, lock and `createImage`.

Each action checks the server's state as Nova's `check_instance_state` does and answers 409 "Cannot '<action>'
instance <id> while it is in vm_state <state>" otherwise. `createImage` on a volume-backed server writes a Nova
placeholder (`snapshot.py`); from 2.45 the answer carries `{"image_id"}`, before it a `Location` header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from ..model import Server
from ..state import CloudState
from ..wire.http import ApiError, Call, empty_response, json_response
from ..wire.service import Route
from . import snapshot
from .boot_schema import CREATE_IMAGE
from .servers import find_server
from .validation import validate_like_nova
from .views import VM_STATES

SNAPSHOT_STATES = ("active", "stopped", "paused", "suspended")


def server_action(call: Call, server_id: str) -> Response:
    server = find_server(call, server_id)
    body = call.body()
    if not isinstance(body, dict) or len(body) != 1:
        raise ApiError(400, "Malformed request body")
    action = next(iter(body))
    handler = ACTIONS.get(action)
    if handler is None:
        raise ApiError(400, f"There is no such action: {action}")
    return handler(call, server, body)


def _require(
    server: Server, action: str, vm_states: tuple[str, ...], task_states: tuple[str | None, ...] = (None,)
) -> None:
    vm_state = VM_STATES.get(server.status, server.status.lower())
    if vm_state not in vm_states:
        raise ApiError(409, f"Cannot '{action}' instance {server.id} while it is in vm_state {vm_state}")
    if server.task_state not in task_states:
        raise ApiError(409, f"Cannot '{action}' instance {server.id} while it is in task_state {server.task_state}")


def _stop(call: Call, server: Server, body: dict[str, Any]) -> Response:
    _require(server, "stop", ("active", "error"))
    _power(call.cloud, server, "powering-off", "SHUTOFF", 4)
    return empty_response(202)


def _start(call: Call, server: Server, body: dict[str, Any]) -> Response:
    _require(server, "start", ("stopped",))
    _power(call.cloud, server, "powering-on", "ACTIVE", 1)
    return empty_response(202)


def _reboot(call: Call, server: Server, body: dict[str, Any]) -> Response:
    kind = (body.get("reboot") or {}).get("type") if isinstance(body.get("reboot"), dict) else None
    if kind not in ("SOFT", "HARD"):
        raise ApiError(
            400,
            f"Invalid input for field/attribute type. Value: {kind}. {kind!r} is not one of "
            "['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']",
        )
    _require(server, "reboot", ("active", "stopped", "error") if kind == "HARD" else ("active",))
    _power(call.cloud, server, "rebooting" if kind == "SOFT" else "rebooting_hard", "ACTIVE", 1)
    return empty_response(202)


def _lock(call: Call, server: Server, body: dict[str, Any]) -> Response:
    server.locked = True
    return empty_response(202)


def _unlock(call: Call, server: Server, body: dict[str, Any]) -> Response:
    server.locked = False
    return empty_response(202)


def _power(cloud: CloudState, server: Server, task_state: str, status: str, power_state: int) -> None:
    """Set the transitional task state now and the final state after the delay."""
    server.task_state = task_state
    server.updated = cloud.timestamp()

    def finish() -> None:
        if server.task_state == task_state:
            server.status = status
            server.power_state = power_state
            server.task_state = None
            server.updated = cloud.timestamp()

    cloud.later(finish)


def _create_image(call: Call, server: Server, body: dict[str, Any]) -> Response:
    validate_like_nova(body, CREATE_IMAGE)
    entity = body["createImage"]
    name = entity["name"]
    metadata = dict(entity.get("metadata") or {})
    _require(server, "createImage", SNAPSHOT_STATES)
    root = next((d for d in server.block_devices if d.boot_index == 0), None)
    if root is not None and root.destination_type == "volume":
        image = snapshot.snapshot_volume_backed(call, server, name, metadata)
    else:
        image = snapshot.snapshot_image_backed(call, server, name, metadata)
    if call.at_least("2.45"):
        return json_response({"image_id": image.id}, status=202)
    location = f"{call.base_url.rsplit('/compute', 1)[0]}/image/v2/images/{image.id}"
    return empty_response(202, headers={"Location": location})


ACTIONS: dict[str, Callable[[Call, Server, dict[str, Any]], Response]] = {
    "os-stop": _stop,
    "os-start": _start,
    "reboot": _reboot,
    "lock": _lock,
    "unlock": _unlock,
    "createImage": _create_image,
}


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("POST", "/servers/<server_id>/action", server_action),
    ]
