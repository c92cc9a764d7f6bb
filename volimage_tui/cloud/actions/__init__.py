"""The actions that change a cloud: create a placeholder, launch servers from it, delete it.

Each workflow has its own module; `Actions` is the thin facade the UI and the command line call. Every workflow
reports its steps through a `Progress` callback, waits with a time-out and a cancel event, and undoes what it
created when a later step fails, so that a failure leaves the project as it found it (or says exactly what is left).
"""

from __future__ import annotations

from typing import TypeVar

from ...core.deletion import DeletePlan
from ...core.launch import LaunchPlan
from ...core.models import Image
from ...core.placeholder import PlaceholderPlan
from .creating import Created, CreatePlaceholder
from .deleting import DeletePlaceholder
from .launching import Launch, Launched
from .workflow import Timeouts, Workflow

W = TypeVar("W", bound=Workflow)

__all__ = ["Actions", "Created", "Launched", "Timeouts"]


class Actions(Workflow):
    """The changing workflows of one session, each run with this session, progress, cancel event and time-outs."""

    def create_placeholder(self, plan: PlaceholderPlan, *, volume_types: list[str] | None = None) -> Created:
        """Make the image of `plan` (snapshotting its volume first when the plan says so), active and empty."""
        return self._as(CreatePlaceholder).run(plan, volume_types=volume_types)

    def launch(self, plan: LaunchPlan, *, wait: bool = True) -> Launched:
        """Boot the servers of `plan`; with `wait`, follow each to ACTIVE or ERROR (ERROR is reported, not undone)."""
        return self._as(Launch).run(plan, wait=wait)

    def plan_delete(self, image: Image, *, with_snapshots: bool) -> DeletePlan:
        return self._as(DeletePlaceholder).plan(image, with_snapshots=with_snapshots)

    def delete(self, plan: DeletePlan) -> list[str]:
        """Carry out `plan`; returns what was done."""
        return self._as(DeletePlaceholder).run(plan)

    def _as(self, workflow: type[W]) -> W:
        return workflow(self.session, self.progress, self.cancel, self.timeouts)
