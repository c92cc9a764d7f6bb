"""`volimage lineage | images --usage | prune`: who boots from each placeholder, what it left behind, housekeeping."""

from __future__ import annotations

import argparse
from typing import Any

from ..cloud.lineage import read_lineage
from ..cloud.prune import Pruner
from ..core.chain import Chain, Kind, PlaceholderNode, ServerNode, SnapshotNode, VolumeNode, chain_of, find_subject
from ..core.labels import maker_label
from ..core.lineage import Lineage, PlaceholderUsage
from ..core.prune import PrunePlan
from ..errors import InputError
from .context import confirm, session_for
from .output import Output, status_text

Row = tuple[str, str, str, Any, Any, str]


def lineage(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        found = read_lineage(session, all_projects=args.all_projects)
    chain = chain_of(found, *subject_of(found, args.subject))
    if not output.for_people:
        output.data(chain)
        return 0
    output.text(f"Lineage of {chain.kind.value} {chain.name or '(no name)'} ({chain.id})", style="bold")
    if chain.kind is Kind.IMAGE and chain.placeholder is None:
        output.text("It carries no block device mapping: it is an ordinary image, not a placeholder.")
        return 0
    output.table(("Kind", "Name", "ID", "Status", "GiB", "Notes"), chain_rows(chain))
    orphans = [c for v in chain.volumes for s in v.snapshots for c in s.clones if c.orphaned]
    if orphans:
        gib = sum(clone.size for clone in orphans)
        output.text(f"{len(orphans)} orphaned clone(s), {gib} GiB: `volimage prune --clones` deletes them.")
    return 0


def chain_rows(chain: Chain) -> list[Row]:
    """The chain as table rows, each kind indented under what it descends from."""
    rows: list[Row] = []
    if chain.placeholder is not None and not chain.volumes:
        rows += _placeholder_rows(chain.placeholder, 0)
    for volume in chain.volumes:
        rows += _volume_rows(volume)
    rows += [(f"{kind}", "", ref, status_text("gone"), "", "mapped, no longer exists") for kind, ref in _gone(chain)]
    return rows


def _gone(chain: Chain) -> list[tuple[str, str]]:
    return [(item.partition(" ")[0], item.partition(" ")[2]) for item in chain.missing]


def _volume_rows(volume: VolumeNode) -> list[Row]:
    note = _attached(volume.attached_to) if volume.attached_to else ""
    rows: list[Row] = [("volume", volume.name, volume.id, status_text(volume.status), volume.size, note)]
    for snapshot in volume.snapshots:
        rows += _snapshot_rows(snapshot)
    for placeholder in volume.placeholders:
        rows += _placeholder_rows(placeholder, 1, "maps the volume itself: single use")
    return rows


def _snapshot_rows(snapshot: SnapshotNode) -> list[Row]:
    note = "made by volimage" if snapshot.made_by_volimage else ""
    rows: list[Row] = [("  snapshot", snapshot.name, snapshot.id, status_text(snapshot.status), snapshot.size, note)]
    for placeholder in snapshot.placeholders:
        rows += _placeholder_rows(placeholder, 2)
    for clone in snapshot.clones:
        where = _attached(clone.attached_to) if clone.attached_to else "attached to nothing"
        note = f"orphaned: {where}" if clone.orphaned else where
        rows.append(("    clone", clone.name, clone.id, status_text(clone.status), clone.size, note))
    return rows


def _placeholder_rows(placeholder: PlaceholderNode, depth: int, extra: str = "") -> list[Row]:
    notes = [placeholder.maker, placeholder.visibility, _fleet(placeholder.servers), extra]
    notes += [f"{item} is gone" for item in placeholder.missing]
    if placeholder.shared_unbootable:
        notes.append("other projects see it but cannot boot it")
    indent = "  " * depth
    rows: list[Row] = [
        (
            f"{indent}placeholder",
            placeholder.name,
            placeholder.id,
            status_text(placeholder.status),
            placeholder.provisioned_gib,
            "; ".join(note for note in notes if note),
        )
    ]
    rows += [(f"{indent}  server", s.name, s.id, status_text(s.status), "", "") for s in placeholder.servers]
    return rows


def _fleet(servers: tuple[ServerNode, ...]) -> str:
    if not servers:
        return "no server boots from it"
    counts: dict[str, int] = {}
    for server in servers:
        counts[server.status] = counts.get(server.status, 0) + 1
    return f"{len(servers)} server(s) (" + ", ".join(f"{n} {status}" for status, n in counts.items()) + ")"


def _attached(servers: tuple[ServerNode, ...]) -> str:
    return "attached to " + ", ".join(server.name or server.id for server in servers)


def subject_of(found: Lineage, name_or_id: str) -> tuple[Kind, str]:
    if not name_or_id.strip():
        raise InputError("Give an image, snapshot or volume name or ID.")
    matches = find_subject(found, name_or_id)
    if not matches:
        raise InputError(f"There is no image, snapshot or volume named or with ID {name_or_id!r}.")
    if len(matches) > 1:
        listed = ", ".join(f"{kind.value} {item_id}" for kind, item_id in matches[:5])
        raise InputError(f"{len(matches)} resources are named {name_or_id!r} ({listed}); give the ID instead.")
    return matches[0]


# images --usage


def images_usage(args: argparse.Namespace) -> int:
    """Every placeholder with the servers booted from it and the GiB they hold."""
    output = Output(args.format)
    with session_for(args, output) as session:
        found = read_lineage(session, all_projects=args.all_projects)
    usages = [u for u in found.usages() if not args.dangling or u.dangling]
    if not output.for_people:
        output.data([usage_data(usage) for usage in usages])
        return 0
    rows = [
        (
            u.image.name,
            u.image.id,
            status_text(u.image.status),
            maker_label(u.decoded.maker),
            len(u.servers),
            ", ".join(f"{n} {status}" for status, n in u.statuses.items()),
            u.provisioned_gib,
            "; ".join(usage_problems(u)),
        )
        for u in usages
    ]
    columns = ("Name", "ID", "Status", "Placeholder", "Servers", "Statuses", "GiB", "Problems")
    output.table(columns, rows, title=f"{len(rows)} placeholders")
    return 0


def usage_data(usage: PlaceholderUsage) -> dict[str, Any]:
    return {
        "image": usage.image,
        "placeholder": usage.decoded.maker.value if usage.decoded.maker else None,
        "servers": [{"id": s.id, "name": s.name, "status": s.status} for s in usage.servers],
        "statuses": usage.statuses,
        "provisioned_gib": usage.provisioned_gib,
        "dangling": list(usage.missing),
        "shared_unbootable": usage.shared_unbootable,
        "problems": [problem.message for problem in usage.decoded.problems],
    }


def usage_problems(usage: PlaceholderUsage) -> list[str]:
    found = [f"{item} is gone" for item in usage.missing]
    if usage.shared_unbootable:
        found.append(f"{usage.image.visibility}, but other projects cannot boot it")
    return found + [problem.message for problem in usage.decoded.problems]


# prune


def prune(args: argparse.Namespace) -> int:
    output = Output(args.format)
    with session_for(args, output) as session:
        pruner = Pruner(session, unused=args.unused, clones=args.clones, all_projects=args.all_projects)
        plan = pruner.plan()
        if output.for_people:
            output.text("Plan:", style="bold")
            for line in plan.describe():
                output.text(f"  {line}")
        if args.dry_run or plan.empty:
            if not output.for_people:
                output.data({"plan": plan_data(plan), "deleted": [], "kept": []})
            output.note("Dry run: nothing was deleted." if args.dry_run else "Nothing to delete.")
            return 0
        counts = f"{len(plan.images)} image(s), {len(plan.snapshots)} snapshot(s) and {len(plan.clones)} volume(s)"
        confirm(args, output, f"Delete {counts}, freeing {plan.freed_gib} GiB?")
        with output.progress() as progress:
            pruner.progress = progress
            outcome = pruner.execute(plan)
    if not output.for_people:
        output.data({"plan": plan_data(plan), "deleted": outcome.deleted, "kept": outcome.kept})
        return 0
    output.text("Deleted: " + (", ".join(outcome.deleted) or "nothing") + ".")
    for line in outcome.kept:
        output.text(f"Kept {line}.")
    return 0


def plan_data(plan: PrunePlan) -> list[dict[str, Any]]:
    deletions = [
        {"action": "delete", "kind": d.kind.value, "id": d.id, "name": d.name, "why": d.why, "gib": d.gib}
        for d in plan.deletions
    ]
    kept = [{"action": "keep", "kind": k.kind.value, "id": k.id, "name": k.name, "why": k.reason} for k in plan.kept]
    return deletions + kept
