"""`volimage preview | create-image | delete-image`: the placeholder's plan, its making and its removal."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from ..cloud.actions import Actions
from ..cloud.session import Session
from ..core.checks import Check, blocking, check_plan
from ..core.export import Target, placeholder_commands, placeholder_requests
from ..core.placeholder import BootSource, ExtraDisk, PlaceholderOptions, PlaceholderPlan, build_plan
from ..errors import InputError
from .context import confirm, session_for
from .output import Output, status_text


@dataclass(frozen=True)
class Preview:
    plan: PlaceholderPlan
    checks: list[Check]
    target: Target
    """The cloud the requests and commands are for, with the microversions it offers."""

    def as_data(self) -> dict[str, Any]:
        return {
            "image": self.plan.image_body(),
            "mapping": [device.as_nova() for device in self.plan.devices],
            "snapshot_first": self.plan.snapshot_first,
            "checks": self.checks,
            "requests": placeholder_requests(self.plan, self.target),
            "commands": placeholder_commands(self.plan, self.target),
        }


def preview(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        result = compose(session, args)
    show_preview(output, result)
    return 2 if blocking(result.checks) else 0


def create_image(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        result = compose(session, args)
        if args.dry_run or blocking(result.checks):
            show_preview(output, result)
            if blocking(result.checks):
                return 2
            output.note("Dry run: nothing was created.")
            return 0
        for check in result.checks:
            output.note(f"warning: {check.message}", style="yellow")
        plan = result.plan
        what = f"snapshot volume {plan.source.name}, then " if plan.snapshot_first else ""
        confirm(
            args, output, f"Create {what}the {plan.options.visibility} image {plan.options.name!r}?", plan.describe()
        )
        with output.progress() as progress:
            created = Actions(session, progress=progress).create_placeholder(plan)
    if not output.for_people:
        output.data({"image": created.image, "snapshot": created.snapshot})
        return 0
    image = created.image
    output.table(("Image", "ID", "Status", "Bytes"), [(image.name, image.id, status_text(image.status), image.size)])
    if created.snapshot is not None:
        output.text(f"Its root is snapshot {created.snapshot.name} ({created.snapshot.id}).")
    return 0


def compose(session: Session, args: argparse.Namespace) -> Preview:
    """The plan the options describe, with every check (the volume type one against the cloud's types)."""
    if args.snapshot:
        snapshot = session.find_snapshot(args.snapshot)
        source = BootSource.from_snapshot(snapshot, session.source_volume(snapshot))
    else:
        source = BootSource.from_volume(session.find_volume(args.volume))
    disks = [ExtraDisk.from_snapshot(session.find_snapshot(name)) for name in args.data_snapshot]
    disks += [ExtraDisk.from_volume(session.find_volume(name)) for name in args.data_volume]
    disks += [ExtraDisk.blank(size) for size in args.blank_disk]
    keep: frozenset[str] | None = None
    if args.no_properties:
        keep = frozenset()
    elif args.keep_property:
        keep = frozenset(args.keep_property)
    options = PlaceholderOptions(
        name=args.name,
        visibility=args.visibility,
        volume_size=args.size,
        volume_type=args.volume_type,
        disk_bus=args.disk_bus,
        device_type=args.device_type,
        device_name=args.device_name,
        delete_on_termination=args.delete_on_termination,
        snapshot_first=not args.direct,
        keep_properties=keep,
        extra_disks=tuple(disks),
        tags=tuple(args.tag),
        min_ram=args.min_ram,
    )
    plan = build_plan(source, options)
    types = session.volume_types() if any(device.volume_type for device in plan.devices) else None
    return Preview(plan, check_plan(plan, volume_types=types), session.target())


def show_preview(output: Output, result: Preview) -> None:
    if not output.for_people:
        output.data(result.as_data())
        return
    plan = result.plan
    first = f" (snapshotted first: {plan.source.name})" if plan.snapshot_first else ""
    output.text(f"Placeholder image {plan.options.name!r} from {plan.source.kind.value} {plan.source.name}{first}")
    rows = [
        (d.boot_index, d.source.value, d.source_id or "", d.volume_size, d.device_name, d.delete_on_termination)
        for d in plan.devices
    ]
    output.table(("Boot", "Source", "Snapshot / volume", "GiB", "Device", "Delete with server"), rows, title="Mapping")
    body = plan.image_body()
    attributes = [(key, body[key]) for key in ("disk_format", "container_format", "visibility", "min_disk", "min_ram")]
    output.table(("Attribute", "Value"), [*attributes, ("tags", ", ".join(plan.tags))], title="Image")
    properties = {**plan.properties, "block_device_mapping": "the mapping above, as JSON text (see the request)"}
    output.table(("Property", "Value"), sorted(properties.items()), title="Properties")
    output.checks(result.checks)
    output.requests(placeholder_requests(plan, result.target), placeholder_commands(plan, result.target))


def delete_image(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        image = session.find_image(args.image)
        actions = Actions(session)
        plan = actions.plan_delete(image, with_snapshots=args.with_snapshots)
        if output.for_people:
            output.text("Plan:", style="bold")
            for line in plan.describe():
                output.text(f"  {line}")
        if args.dry_run:
            if not output.for_people:
                output.data({"plan": plan.describe(), "done": []})
            output.note("Dry run: nothing was deleted.")
            return 0
        if image.protected:
            raise InputError(f"Image {image.label} is protected; unprotect it first.")
        confirm(args, output, f"Delete image {image.label!r}" + (" and its snapshots?" if plan.snapshots else "?"))
        with output.progress() as progress:
            actions.progress = progress
            done = actions.delete(plan)
    if output.for_people:
        output.text("Done: " + ", ".join(done) + ".")
    else:
        output.data({"plan": plan.describe(), "done": done})
    return 0
