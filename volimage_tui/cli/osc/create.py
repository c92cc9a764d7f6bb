"""`openstack placeholder create`: a placeholder image from a snapshot or a volume, or with `--dry-run` its plan.

The options are `volimage create-image`'s own (`parser.placeholder_options`) and the plan is built by the same
function (`images.compose`), so the two commands cannot drift apart.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from osc_lib.command import command

from .base import Cell, checks_cell, command_errors, lines_cell, mapping_cell, progress_log, refuse_blocked, warn

if TYPE_CHECKING:
    from ..images import Preview

PLAN_COLUMNS = ("Name", "Source", "Snapshot First", "Mapping", "Image", "Properties", "Checks", "Requests", "Commands")
IMAGE_COLUMNS = ("ID", "Name", "Status", "Visibility", "Size", "Snapshot", "Mapping")


class CreatePlaceholder(command.ShowOne):
    """Create a placeholder image (a zero-byte image carrying a block device mapping) from a snapshot or volume.

    From a volume, the volume is snapshotted first (forced when in use), so that the image can boot any number of
    servers; --direct maps the volume itself, for one server at a time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blocked = False

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        from ..parser import placeholder_options

        parser = super().get_parser(prog_name)
        placeholder_options(parser, positional_name=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="show the plan, its checks and its requests; send nothing"
        )
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        from ...cloud.actions import Actions
        from ...core.checks import blocking
        from ...core.decode import decode_image
        from ..images import compose
        from .base import session_of

        with command_errors():
            session = session_of(self)
            preview = compose(session, parsed_args)
            if parsed_args.dry_run:
                self.blocked = blocking(preview.checks)
                return PLAN_COLUMNS, plan_values(preview)
            refuse_blocked(preview.checks, f"Image {parsed_args.name!r}")
            warn(self.log, preview.checks)
            created = Actions(session, progress=progress_log(self.log)).create_placeholder(preview.plan)
        image = created.image
        snapshot = created.snapshot.id if created.snapshot else ""
        mapping = mapping_cell(decode_image(image).entries)
        return IMAGE_COLUMNS, (image.id, image.name, image.status, image.visibility, image.size, snapshot, mapping)

    def run(self, parsed_args: argparse.Namespace) -> int:
        """A dry run prints a blocked plan too, then exits 1, as the create would have failed."""
        code = super().run(parsed_args)
        return code or int(self.blocked)


def plan_values(preview: Preview) -> tuple[Any, ...]:
    """The preview `volimage preview` shows, one field per column."""
    from ...core.export import placeholder_commands, placeholder_requests

    plan, target = preview.plan, preview.target
    source = plan.source
    body = plan.image_body()
    attributes = {key: body[key] for key in ("disk_format", "container_format", "visibility", "min_disk", "min_ram")}
    attributes["tags"] = list(plan.tags)
    properties = dict(plan.properties)
    requests = placeholder_requests(plan, target)
    return (
        plan.options.name,
        Cell(
            {"type": source.kind.value, "id": source.id, "name": source.name},
            f"{source.kind.value} {source.name or source.id}",
        ),
        plan.snapshot_first,
        mapping_cell(decoded_entries(preview)),
        Cell(attributes, "\n".join(f"{key}={_text(value)}" for key, value in attributes.items())),
        Cell(properties, "\n".join(f"{key}={_property_text(key, value)}" for key, value in sorted(properties.items()))),
        checks_cell(preview.checks),
        Cell([request.as_data() for request in requests], "\n\n".join(request.describe() for request in requests)),
        lines_cell(placeholder_commands(plan, target)),
    )


def decoded_entries(preview: Preview) -> Any:
    """The plan's mapping read back as any image's would be, so that the dry run and `show` say it alike."""
    from ...core.decode import decode_image
    from ...core.models import Image

    image = Image(id="", name=preview.plan.options.name, status="planned", properties=preview.plan.properties)
    return decode_image(image).entries


def _text(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _property_text(key: str, value: str) -> str:
    """The mapping's JSON text is the Mapping field above; a table shows it once."""
    return "(the Mapping above, as JSON text)" if key == "block_device_mapping" else value
