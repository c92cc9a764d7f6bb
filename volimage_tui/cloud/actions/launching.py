"""Launch servers from a placeholder: one create request for the batch, then follow each server to ACTIVE or
ERROR; when a step fails, delete the servers (and the volumes Nova made for them) that provably are the launch's."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ...core.export import launch_request
from ...core.launch import LaunchPlan
from ...core.models import Server
from ...core.placeholder import REQUEST_KEY
from ...core.progress import StepState
from ...core.proof import made_by
from ...errors import NotFoundError
from ...ids import new_request_id
from ..made import server_ids, servers_of_request
from ..rollback import rolled_back
from ..waits import wait_for
from .workflow import Sent, Workflow


@dataclass(frozen=True)
class Launched:
    reservation_id: str
    servers: tuple[Server, ...]

    @property
    def failed(self) -> tuple[Server, ...]:
        return tuple(server for server in self.servers if server.status == "ERROR")


class Launch(Workflow):
    def run(self, plan: LaunchPlan, *, wait: bool = True) -> Launched:
        """Boot the servers of `plan`; with `wait`, follow each to ACTIVE or ERROR (ERROR is reported, not undone)."""
        name, sent = plan.options.name, Sent(new_request_id())
        with rolled_back(self.progress) as rollback:
            self._step("launch", f"Launch {name}")
            rollback.add(
                "launch",
                f"the servers named {name}",
                partial(self._delete_launched, name, sent, keep=set(plan.decoded.volume_ids)),
                f"openstack server list --name {name} --long, then openstack server delete those whose properties "
                f"say {REQUEST_KEY}='{sent.request_id}'",
            )
            with sent:
                request = launch_request(plan, sent.request_id)
                answer = self.session.send(request, f"Launching {name}")
            reservation = sent.made = answer.get("reservation_id") or ""
            batch = partial(self._batch, sent.request_id, name, reservation)
            servers = batch()
            self._step("launch", f"Launch {name}", StepState.DONE, reservation)
            if wait:
                servers = self._wait_servers(reservation, batch, servers)
        return Launched(reservation, tuple(servers))

    def _batch(self, request_id: str, name: str, reservation: str) -> list[Server]:
        """The servers of the launch in the order Nova numbered them (it lists the newest first)."""
        found = servers_of_request(self.session, request_id, name=name, reservation_id=reservation)
        return sorted(found, key=_batch_position)

    def _wait_servers(self, reservation: str, batch: Callable[[], list[Server]], servers: list[Server]) -> list[Server]:
        shown: dict[str, str] = {}

        def report(batch: list[Server]) -> None:
            for server in batch:
                if shown.get(server.id) != server.status:
                    shown[server.id] = server.status
                    state = {"ACTIVE": StepState.DONE, "ERROR": StepState.FAILED}.get(server.status, StepState.RUNNING)
                    self._step(f"server:{server.id}", f"Server {server.name}", state, server.fault or server.status)

        report(servers)
        return wait_for(
            batch,
            lambda found: "settled" if all(s.status in ("ACTIVE", "ERROR") for s in found) else "building",
            ready={"settled"},
            failed=(),
            what=f"Servers of reservation {reservation}",
            timeout=self.timeouts.server,
            cancel=self.cancel,
            first_interval=self.timeouts.first_poll,
            on_poll=report,
        )

    def _delete_launched(self, name: str, sent: Sent, *, keep: set[str]) -> list[str]:
        """Delete the servers a launch made, then the volumes Nova made for them that outlive them (a mapping that
        says not to delete on termination, as Nova's own snapshots often do); `keep` are the user's own volumes,
        which the image maps directly. The batch is looked for by its reservation (or, when the launch's answer
        was lost, by name); a server is deleted only when its own metadata, read just before, carries the
        launch's request id, and a volume only when it was attached to such a server and to nothing else."""
        servers = self._late(partial(self._launched_servers, sent, name), sent)
        ours = {server.id for server in servers}
        deleted: list[str] = []
        volume_ids: set[str] = set()
        for server in servers:
            volume_ids |= set(server.volume_ids)
            with contextlib.suppress(NotFoundError):
                self.session.request("compute", "DELETE", f"/servers/{server.id}", f"Deleting server {server.id}")
                deleted.append(f"server {server.name!r} ({server.id})")
        for server_id in ours:
            self._wait_gone(partial(self.session.server, server_id), f"Server {server_id}")
        for volume_id in sorted(volume_ids - keep):
            with contextlib.suppress(NotFoundError):
                volume = self.session.volume(volume_id)
                if volume.status == "deleting" or any(item.server_id not in ours for item in volume.attachments):
                    continue  # Nova deletes it with its server, or it now serves someone else
                self.session.request("volume", "DELETE", f"/volumes/{volume_id}", f"Deleting volume {volume_id}")
                deleted.append(f"volume {volume.label}")
                self._wait_gone(partial(self.session.volume, volume_id), f"Volume {volume_id}")
        return deleted

    def _launched_servers(self, sent: Sent, name: str) -> list[Server]:
        """The servers the launch made: each candidate read by id, kept only when its own metadata carries the
        launch's request id."""
        proven = []
        for server_id in server_ids(self.session, name=name, reservation_id=sent.made):
            try:
                server = self.session.server(server_id)
            except NotFoundError:
                continue
            if made_by(server, sent.request_id):
                proven.append(server)
        return sorted(proven, key=_batch_position)


def _batch_position(server: Server) -> tuple[int, str]:
    """`web-2` after `web-1` and before `web-10`: Nova names a batch `<name>-<N>`."""
    number = server.name.rpartition("-")[2]
    return (int(number) if number.isdigit() else 0, server.name)
