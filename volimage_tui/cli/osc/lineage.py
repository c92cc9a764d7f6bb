"""`openstack placeholder lineage IMAGE|SNAPSHOT|VOLUME`: the chain `volimage lineage` shows, as an OSC listing.

Read with the lineage's four paged listings (`cloud.lineage.read_lineage`), whatever the number of placeholders;
the rows are `volimage lineage`'s, each kind indented under what it descends from.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from osc_lib.command import command

from .base import command_errors, session_of

COLUMNS = ("Kind", "Name", "ID", "Status", "Size", "Notes")


class LineagePlaceholder(command.Lister):
    """Follow a placeholder, snapshot or volume to its source volume, snapshots, placeholders, servers and clones."""

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("subject", metavar="IMAGE|SNAPSHOT|VOLUME", help="what to follow (name or ID)")
        parser.add_argument(
            "--all-projects", action="store_true", help="servers of every project (admin only), not just this one's"
        )
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
        from ...cloud.lineage import read_lineage
        from ...core.chain import chain_of
        from ..lineage import chain_rows, subject_of

        with command_errors():
            found = read_lineage(session_of(self), all_projects=parsed_args.all_projects)
            chain = chain_of(found, *subject_of(found, parsed_args.subject))
        rows = (tuple("" if cell is None else str(cell) for cell in row) for row in chain_rows(chain))
        return COLUMNS, rows
