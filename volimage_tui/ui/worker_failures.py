"""Turn an unexpected worker failure into one notification; the traceback goes to the log file only.

Workers catch volimage's own errors (one line each) themselves; this catches everything else, so a bug shows as
a line on screen rather than a traceback or a frozen view. `Worker.StateChanged` does not bubble, hence a mixin
for every node that runs workers.
"""

from __future__ import annotations

import logging

from textual.worker import Worker, WorkerState

log = logging.getLogger(__name__)


class ReportsWorkerFailures:
    """Mixin for a screen or app whose workers may fail unexpectedly."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("Worker %s failed", event.worker.name, exc_info=error)
        lines = str(error).strip().splitlines()
        first_line = lines[0] if lines else ""
        event.worker.node.app.notify(
            f"{type(error).__name__}: {first_line}", title="Unexpected error", severity="error", timeout=15
        )
        self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[object]) -> None:
        """Undo any 'working…' state the failed worker left behind."""
