"""The detail pane's text for each kind of resource: every field, the image metadata, and decoded mappings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.labels import Tone, status_tone
from ..core.models import Server, Snapshot, Volume
from .server_groups import ImageGroup
from .views import ImageEntry, RelatedNames

TONE_STYLES = {Tone.GOOD: "green", Tone.BUSY: "yellow", Tone.BAD: "red", Tone.USED: "cyan", Tone.DIM: "dim"}


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


def status_style(status: str) -> str:
    """The rich style of a status, by its tone (green for available, cyan for in use...)."""
    return TONE_STYLES[status_tone(status)]


def _status(status: str) -> Text:
    return Text(status, style=status_style(status))


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
    if isinstance(item, ImageGroup):
        return _group(item)
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
        maker = {"volimage": "made by volimage", "nova": "made by Nova"}.get(entry.kind_label, "made by hand")
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
        parts += _fleet(entry)
        parts += metrics_by_image(image.id)
        parts.append(Text("\nl: launch servers from it · d: delete it · L: its lineage", style="dim italic"))
    other = {k: v for k, v in image.properties.items() if k != "block_device_mapping"}
    if other:
        parts.append(_section("Properties"))
        parts.append(_fields(sorted(other.items())))
    return Group(*parts)


def _fleet(entry: ImageEntry) -> list[RenderableType]:
    fleet = entry.fleet
    if fleet is None:
        return [_section("Fleet"), Text("counting the servers booted from it…", style="dim")]
    statuses = ", ".join(f"{n} {status}" for status, n in fleet.statuses.items())
    rows = [
        ("Servers", f"{len(fleet.servers)}" + (f" ({statuses})" if statuses else "")),
        ("Volumes", f"{len(fleet.volumes)}, {fleet.provisioned_gib} GiB"),
    ]
    return [_section("Fleet"), _fields(rows)]


def metrics_queries(image_id: str) -> dict[str, str]:
    """How to group the metrics of the servers booted from `image_id`, by tool, each ready to paste: Nova keeps
    the image on every server, Prometheus' OpenStack discovery labels each target with it, Gnocchi each instance."""
    return {
        "Prometheus, openstack_sd_configs (role: instance), in relabel_configs:": (
            "- source_labels:\n    - __meta_openstack_instance_image\n  target_label: image_id"
        ),
        "PromQL, the fleet's CPU:": (
            f'avg by (image_id) (rate(\n  node_cpu_seconds_total{{mode!="idle",\n    image_id="{image_id}"}}[5m]))'
        ),
        "Gnocchi, the image_ref of each instance:": (
            f"gnocchi resource search --type instance \\\n\"image_ref='{image_id}'\"\n"
            "gnocchi aggregates --resource-type instance \\\n--groupby image_ref \\\n"
            f'"(aggregate rate:mean (metric cpu mean))" \\\n"image_ref=\'{image_id}\'"'
        ),
    }


def metrics_by_image(image_id: str) -> list[RenderableType]:
    """The detail pane's section of `metrics_queries`."""
    parts: list[RenderableType] = [_section("Metrics by image")]
    for heading, query in metrics_queries(image_id).items():
        parts.append(Text(heading, style="dim"))
        for line in query.splitlines():  # the indentation unstyled: an SVG renderer drops a span's leading spaces
            code = line.lstrip()
            parts.append(Text.assemble(line[: len(line) - len(code)], (code, "cyan")))
    return parts


def _group(group: ImageGroup) -> RenderableType:
    """A heading of the servers view grouped by image: the image and its servers."""
    if not group.image_id:
        return Group(Text("Booted from a volume, with no image", style="bold"), Text(f"{len(group.servers)} server(s)"))
    made = {"volimage": "placeholder made by volimage", "nova": "placeholder made by Nova"}.get(group.maker, "image")
    parts: list[RenderableType] = [
        Text(f"{group.name} ({group.image_id})", style="bold"),
        _fields([("Kind", made if group.maker else "ordinary image"), ("Servers", str(len(group.servers)))]),
        _section("Servers"),
        _fields((server.name, _status(server.status)) for server in group.servers),
    ]
    if group.maker:
        parts += metrics_by_image(group.image_id)
    parts.append(Text("\nL: its lineage · y: the image as YAML", style="dim italic"))
    return Group(*parts)


def _image_of(server: Server, names: Mapping[str, str]) -> str:
    if not server.image_id:
        return "(boot from volume)"
    maker = names.placeholders.get(server.image_id) if isinstance(names, RelatedNames) else None
    return _named(server.image_id, names) + (f"\nplaceholder ({maker})" if maker else "")


def _server(server: Server, names: Mapping[str, str]) -> RenderableType:
    parts: list[RenderableType] = [
        Text(server.name, style="bold"),
        _fields(
            [
                ("ID", server.id),
                ("Status", _status(server.status)),
                ("Flavor", _named(server.flavor_id, names)),
                ("Image", _image_of(server, names)),
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
