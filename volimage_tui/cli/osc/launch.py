"""`openstack placeholder launch`: servers from a placeholder image, after `volimage launch`'s pre-flight checks.

The options are `volimage launch`'s (`parser.launch_options`, with the image positional and Nova's `auto`
network by default, as `openstack server create` has them), and the plan and its checks are built by the same
functions (`servers.launch_plan`, `servers.preflight`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from osc_lib.command import command

from .base import Cell, command_errors, progress_log, refuse_blocked, session_of, warn

COLUMNS = ("ID", "Name", "Status", "Volumes", "Fault")


class LaunchPlaceholder(command.Lister):
    """Launch servers from a placeholder image, after checking flavor RAM, quotas, zones and the mapped sources."""

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        from ..parser import launch_options

        parser = super().get_parser(prog_name)
        launch_options(parser, positional_image=True)
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
        from osc_lib.exceptions import CommandError

        from ...cloud.actions import Actions
        from ..servers import launch_plan, preflight

        with command_errors():
            session = session_of(self)
            plan = launch_plan(session, parsed_args)
            checks = preflight(session, plan)
            refuse_blocked(checks, f"Launching from image {plan.image.label!r}")
            warn(self.log, checks)
            launched = Actions(session, progress=progress_log(self.log)).launch(plan, wait=parsed_args.wait)
        if launched.failed:
            faults = ", ".join(f"{server.name} ({server.fault or 'no fault given'})" for server in launched.failed)
            raise CommandError(
                f"{len(launched.failed)} of {len(launched.servers)} servers ended in ERROR: {faults}. "
                "They are left for you to inspect or delete."
            )
        rows = (
            (
                server.id,
                server.name,
                server.status,
                Cell(list(server.volume_ids), ", ".join(server.volume_ids)),
                server.fault,
            )
            for server in launched.servers
        )
        return COLUMNS, rows
