"""`volimage launch`: servers from an image, after the same pre-flight checks the UI shows."""

from __future__ import annotations

import argparse

from ..cloud.actions import Actions
from ..cloud.reads import preflight as read_preflight
from ..cloud.session import Session
from ..core.checks import Check, blocking
from ..core.export import Target, launch_commands, launch_requests
from ..core.launch import AUTO_NETWORK, NO_NETWORK, LaunchOptions, LaunchPlan
from ..errors import ServerError
from .context import confirm, session_for
from .output import Output, status_text


def launch(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        plan = launch_plan(session, args)
        image, options = plan.image, plan.options
        found = read_preflight(session, image)
        checks = found.checks(plan)
        if args.dry_run or blocking(checks):
            _show_plan(output, plan, checks, session.target())
            if blocking(checks):
                return 2
            output.note("Dry run: nothing was launched.")
            return 0
        for check in checks:
            output.note(f"warning: {check.message}", style="yellow")
        question = f"Launch {options.count} server(s) named {options.name!r} from {image.label!r}?"
        confirm(args, output, question, found.describe(plan))
        with output.progress() as progress:
            launched = Actions(session, progress=progress).launch(plan, wait=args.wait)
    if output.for_people:
        rows = [(s.name, s.id, status_text(s.status), ", ".join(s.volume_ids), s.fault) for s in launched.servers]
        output.table(("Server", "ID", "Status", "Volumes", "Fault"), rows)
    else:
        output.data({"reservation_id": launched.reservation_id, "servers": launched.servers})
    if launched.failed:
        names = ", ".join(f"{server.name} ({server.fault or 'no fault given'})" for server in launched.failed)
        raise ServerError(
            f"{len(launched.failed)} of {len(launched.servers)} servers ended in ERROR: {names}. "
            "They are left for you to inspect or delete."
        )
    return 0


def launch_plan(session: Session, args: argparse.Namespace) -> LaunchPlan:
    """The launch the options of `parser.launch_options` describe, its image, flavor and networks looked up."""
    image = session.find_image(args.image)
    options = LaunchOptions(
        name=args.name or image.name,
        flavor=session.find_flavor(args.flavor),
        networks=_networks(session, args.network or [AUTO_NETWORK]),
        count=args.count,
        key_name=args.key_name,
        security_groups=tuple(args.security_group),
        availability_zone=args.availability_zone,
    )
    return LaunchPlan(image, options)


def preflight(session: Session, plan: LaunchPlan) -> list[Check]:
    """Every check of `plan` against the cloud as it is now (shared with `openstack placeholder launch`)."""
    return read_preflight(session, plan.image).checks(plan)


def _networks(session: Session, names: list[str]) -> tuple[str, ...]:
    if len(names) == 1 and names[0] in (AUTO_NETWORK, NO_NETWORK):
        return (names[0],)
    return tuple(session.find_network(name).id for name in names)


def _show_plan(output: Output, plan: LaunchPlan, checks: list[Check], target: Target) -> None:
    if not output.for_people:
        output.data({"checks": checks, "requests": launch_requests(plan), "commands": launch_commands(plan, target)})
        return
    output.checks(checks)
    output.requests(launch_requests(plan), launch_commands(plan, target))
