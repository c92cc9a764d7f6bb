"""`openstack placeholder list | show | delete`: the project's placeholders (volimage's and Nova's), one decoded,
and one removed with, optionally, the snapshots only it uses.

The listing is `volimage images --placeholders`'s (`listing.decoded_images`), the sources are read as `launch`'s
pre-flight reads them (`cloud.reads.preflight`), and the deletion is the cloud layer's plan and action.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from osc_lib.command import command

from .base import Cell, checks_cell, command_errors, mapping_cell, progress_log, session_of

if TYPE_CHECKING:
    from ...core.checks import Check
    from ...core.decode import DecodedImage
    from ...core.models import Image, Snapshot, Volume

LIST_COLUMNS = ("ID", "Name", "Status", "Made By", "Mapping", "Problems")
SHOW_COLUMNS = (
    "ID", "Name", "Status", "Visibility", "Protected", "Made By", "Root Device", "Mapping", "Sources", "Checks",
)  # fmt: skip


class ListPlaceholder(command.Lister):
    """List placeholder images (volimage's and Nova's snapshots of volume-backed servers) with their mapping."""

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "--dangling",
            action="store_true",
            help="only placeholders whose snapshot or volume no longer exists",
        )
        parser.add_argument(
            "--usage",
            action="store_true",
            help="with the servers booted from each and the GiB their volumes hold (four listings in all)",
        )
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
        from ..listing import decoded_images, maker_label

        if parsed_args.usage:
            return self._usage(parsed_args.dangling)
        with command_errors():
            listed = decoded_images(session_of(self), placeholders=True, dangling=parsed_args.dangling)
        rows = (
            (
                image.id,
                image.name,
                image.status,
                maker_label(decoded),
                mapping_cell(decoded.entries),
                problems_cell([*(f"{item} is gone" for item in gone), *(p.message for p in decoded.problems)]),
            )
            for image, decoded, gone in listed
        )
        return LIST_COLUMNS, rows

    def _usage(self, dangling: bool) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
        from ...cloud.lineage import read_lineage
        from ...core.labels import maker_label
        from ..lineage import usage_problems

        with command_errors():
            usages = [u for u in read_lineage(session_of(self)).usages() if not dangling or u.dangling]
        rows = (
            (
                u.image.id,
                u.image.name,
                u.image.status,
                maker_label(u.decoded.maker),
                mapping_cell(u.decoded.entries),
                problems_cell(usage_problems(u)),
                len(u.servers),
                ", ".join(f"{n} {status}" for status, n in u.statuses.items()),
                u.provisioned_gib,
            )
            for u in usages
        )
        return (*LIST_COLUMNS, "Servers", "Server Statuses", "GiB"), rows


class ShowPlaceholder(command.ShowOne):
    """Show a placeholder image: its decoded mapping, the sources it maps with their state, and its checks.

    The checks are what would stop a server booting from it now, whatever the flavor, network and quota.
    """

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("image", metavar="IMAGE", help="image to show (name or ID)")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        from ...cloud.reads import preflight
        from ...core.decode import decode_image
        from ..listing import maker_label

        with command_errors():
            session = session_of(self)
            image = session.find_image(parsed_args.image)
            decoded = decode_image(image)
            found = preflight(session, image)
            snapshots, volumes = found.snapshots, found.volumes
        return SHOW_COLUMNS, (
            image.id,
            image.name,
            image.status,
            image.visibility,
            image.protected,
            maker_label(decoded),
            decoded.root_device_name or "",
            mapping_cell(decoded.entries),
            sources_cell(decoded, snapshots, volumes),
            checks_cell(boot_checks(image, snapshots, volumes)),
        )


class DeletePlaceholder(command.Command):
    """Delete a placeholder image and, with --with-snapshots, the snapshots volimage made that only it uses."""

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("image", metavar="IMAGE", help="image to delete (name or ID)")
        parser.add_argument(
            "--with-snapshots",
            action="store_true",
            help="also delete the snapshots volimage made that only this image uses and no volume was made from",
        )
        parser.add_argument("--dry-run", action="store_true", help="print what would be deleted; delete nothing")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> int:
        from ...cloud.actions import Actions

        with command_errors():
            session = session_of(self)
            image = session.find_image(parsed_args.image)
            actions = Actions(session, progress=progress_log(self.log))
            plan = actions.plan_delete(image, with_snapshots=parsed_args.with_snapshots)
            if parsed_args.dry_run:
                for line in plan.describe():
                    self.app.stdout.write(line + "\n")
                self.app.stderr.write("Dry run: nothing was deleted.\n")
                return 0
            for line in actions.delete(plan):
                if line.startswith("kept"):  # a snapshot another image or a volume came to need since the plan
                    self.log.warning(line)
        return 0


def problems_cell(problems: list[str]) -> Cell:
    return Cell(problems, "\n".join(problems))


def sources_cell(decoded: DecodedImage, snapshots: dict[str, Snapshot], volumes: dict[str, Volume]) -> Cell:
    """Each snapshot and volume the mapping names, with its state now (`gone` when it no longer exists)."""
    data: list[dict[str, Any]] = []
    for snapshot_id in dict.fromkeys(decoded.snapshot_ids):
        snapshot = snapshots.get(snapshot_id)
        if snapshot is None:
            data.append({"type": "snapshot", "id": snapshot_id, "name": "", "status": "gone", "size": None})
        else:
            data.append(
                {"type": "snapshot", "id": snapshot.id, "name": snapshot.name, "status": snapshot.status,
                 "size": snapshot.size}
            )  # fmt: skip
    for volume_id in dict.fromkeys(decoded.volume_ids):
        volume = volumes.get(volume_id)
        if volume is None:
            data.append({"type": "volume", "id": volume_id, "name": "", "status": "gone", "size": None})
        else:
            data.append(
                {"type": "volume", "id": volume.id, "name": volume.name, "status": volume.status, "size": volume.size}
            )
    text = "\n".join(
        f"{item['type']} {item['name'] + ' ' if item['name'] else ''}({item['id']}): {item['status']}"
        + (f", {item['size']} GiB" if item["size"] else "")
        for item in data
    )
    return Cell(data, text)


def boot_checks(image: Image, snapshots: dict[str, Snapshot], volumes: dict[str, Volume]) -> list[Check]:
    """`volimage launch`'s pre-flight checks of what depends on the image alone: for one server, with a flavor
    that meets the image's minimum, any network and no quota in question."""
    from ...core.launch import LaunchOptions, LaunchPlan, check_launch
    from ...core.models import Flavor

    flavor = Flavor(id="", name="any", ram=image.min_ram, vcpus=0, disk=0)
    options = LaunchOptions(name=image.name or image.id, flavor=flavor, networks=("any",))
    return check_launch(LaunchPlan(image, options), snapshots=snapshots, volumes=volumes)
