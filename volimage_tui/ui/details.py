"""The detail pane's text for each kind of resource: every field, the image metadata, and decoded mappings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.models import Server, Snapshot, Volume
from .views import ImageEntry, status_tone

TONE_STYLES = {"good": "green", "busy": "yellow", "bad": "red", "used": "cyan", "dim": "dim"}


def _fields(rows: Iterable[tuple[str, object]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        if isinstance(value, Text):
            table.add_row(label, value)
        else:
            table.add_row(label, "" if value is None else str(value))
    return table


def _status(status: str) -> Text:
    return Text(status, style=TONE_STYLES[status_tone(status)])


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def describe(item: object, names: Mapping[str, str] | None = None) -> RenderableType:
    """Everything the pane shows for `item` (a volume, snapshot, image entry or server); `names` by id."""
    names = names or {}
    if isinstance(item, Volume):
        return _volume(item, names)
    if isinstance(item, Snapshot):
        return _snapshot(item, names)
    if isinstance(item, ImageEntry):
        return _image(item)
    if isinstance(item, Server):
        return _server(item, names)
    return Text("Nothing selected.", style="dim")


def _named(identifier: str, names: Mapping[str, str]) -> str:
    name = names.get(identifier)
    return f"{name} ({identifier})" if name else identifier


def _volume(volume: Volume, names: Mapping[str, str]) -> RenderableType:
    parts: list[RenderableType] = [
        Text(volume.label, style="bold"),
        _fields(
            [
                ("ID", volume.id),
                ("Status", _status(volume.status)),
                ("Size", f"{volume.size} GiB"),
                ("Bootable", "yes" if volume.bootable else "no"),
                ("Zone", volume.availability_zone),
                ("Type", volume.volume_type),
                ("Multiattach", "yes" if volume.multiattach else "no"),
                ("Encrypted", "yes" if volume.encrypted else "no"),
                ("From snapshot", volume.snapshot_id or ""),
                ("From volume", volume.source_volume_id or ""),
                ("Created", volume.created_at),
                ("Description", volume.description),
            ]
        ),
    ]
    parts.append(_section("Attachments"))
    if volume.attachments:
        parts.append(_fields((a.device, "server " + _named(a.server_id, names)) for a in volume.attachments))
    else:
        parts.append(Text("none", style="dim"))
    parts.append(_section("volume_image_metadata"))
    if volume.image_metadata:
        parts.append(_fields(sorted(volume.image_metadata.items())))
    else:
        parts.append(Text("none (not made from an image)", style="dim"))
    parts.append(Text("\nEnter or c: make a placeholder image from it", style="dim italic"))
    return Group(*parts)


def _snapshot(snapshot: Snapshot, names: Mapping[str, str]) -> RenderableType:
    return Group(
        Text(snapshot.label, style="bold"),
        _fields(
            [
                ("ID", snapshot.id),
                ("Status", _status(snapshot.status)),
                ("Size", f"{snapshot.size} GiB"),
                ("Volume", _named(snapshot.volume_id, names)),
                ("Progress", snapshot.progress),
                ("Created", snapshot.created_at),
                ("Description", snapshot.description),
            ]
        ),
        Text("\nEnter or c: make a placeholder image from it", style="dim italic"),
    )


def _image(entry: ImageEntry) -> RenderableType:
    image, decoded = entry.image, entry.decoded
    parts: list[RenderableType] = [
        Text(image.label, style="bold"),
        _fields(
            [
                ("ID", image.id),
                ("Status", _status(image.status)),
                ("Visibility", image.visibility),
                ("Size", "" if image.size is None else f"{image.size} bytes"),
                ("Formats", f"{image.disk_format or ''}/{image.container_format or ''}"),
                ("min_disk/min_ram", f"{image.min_disk} GiB / {image.min_ram} MiB"),
                ("Protected", "yes" if image.protected else "no"),
                ("Tags", ", ".join(image.tags)),
                ("Created", image.created_at),
            ]
        ),
    ]
    if decoded.is_placeholder:
        maker = {"ours": "made by volimage", "nova": "made by Nova"}.get(entry.kind_label, "made by hand")
        parts.append(_section(f"Placeholder ({maker})"))
        parts.append(_fields([("root_device_name", decoded.root_device_name or "—")]))
        for e in decoded.entries:
            boot = "root" if e.boot_index == 0 else f"boot index {e.boot_index}"
            parts.append(Text(f"{e.source_type or '?'} {e.source_id or ''}", style="cyan"))
            size = "" if e.volume_size is None else f" · {e.volume_size} GiB"
            delete = "deleted with the server" if e.delete_on_termination else "kept after the server"
            parts.append(Text(f"  {boot} · {e.device_name or 'no device name'}{size} · {delete}"))
        if entry.missing:
            parts.append(Text("DANGLING: gone " + ", ".join(entry.missing), style="bold red"))
        elif entry.missing is None:
            parts.append(Text("checking whether its sources still exist…", style="dim"))
        for problem in decoded.problems:
            parts.append(Text("! " + problem.message, style="yellow"))
        parts.append(Text("\nl: launch servers from it · d: delete it", style="dim italic"))
    other = {k: v for k, v in image.properties.items() if k != "block_device_mapping"}
    if other:
        parts.append(_section("Properties"))
        parts.append(_fields(sorted(other.items())))
    return Group(*parts)


def _server(server: Server, names: Mapping[str, str]) -> RenderableType:
    parts: list[RenderableType] = [
        Text(server.name, style="bold"),
        _fields(
            [
                ("ID", server.id),
                ("Status", _status(server.status)),
                ("Flavor", _named(server.flavor_id, names)),
                ("Image", server.image_id or "(boot from volume)"),
                ("Zone", server.availability_zone),
                ("Volumes", "\n".join(_named(volume_id, names) for volume_id in server.volume_ids)),
                ("Created", server.created_at),
            ]
        ),
    ]
    if server.fault:
        parts.append(Text("Fault: " + server.fault, style="red"))
    if server.addresses:
        parts.append(_section("Addresses"))
        parts.append(_fields((network, " ".join(addresses)) for network, addresses in server.addresses.items()))
    return Group(*parts)
