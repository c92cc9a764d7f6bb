"""The four resource views: their names and aliases, their columns, and the tone of each status.

Plain data read by the browser screen, the command line and the palette, so a view is declared in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.labels import MAKER_LABELS, maker_label, status_tone
from ..core.models import Image, Server, Snapshot, Volume
from .widgets.resource_table import Column

if TYPE_CHECKING:
    from ..core.decode import DecodedImage
    from ..core.lineage import PlaceholderUsage


@dataclass(frozen=True)
class ImageEntry:
    """An image with its decoded mapping and, once snapshots and volumes are known, what it references that is gone."""

    image: Image
    decoded: DecodedImage
    missing: tuple[str, ...] | None = None
    """None while unknown."""
    fleet: PlaceholderUsage | None = None
    """A placeholder's servers and the GiB they hold, once the volumes, snapshots and servers are listed."""

    @property
    def id(self) -> str:
        return self.image.id

    @property
    def kind_label(self) -> str:
        return maker_label(self.decoded.maker)

    @classmethod
    def of(
        cls,
        image: Image,
        snapshot_ids: Collection[str] | None = None,
        volume_ids: Collection[str] | None = None,
        fleet: PlaceholderUsage | None = None,
    ) -> ImageEntry:
        # imported on first use: decoding is not needed to paint the first screen
        from ..core.decode import dangling, decode_image

        decoded = decode_image(image)
        missing = None
        if snapshot_ids is not None and volume_ids is not None and decoded.is_placeholder:
            missing = tuple(dangling(decoded, snapshot_ids, volume_ids))
        return cls(image, decoded, missing, fleet if decoded.is_placeholder else None)


class RelatedNames(dict[str, str]):
    """Names of related resources by id, filled in as listings tell them (servers, volumes, flavors, images); and
    who made each placeholder image (`volimage`, `nova`, `other`), by image id, once the images have been listed."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholders: dict[str, str] = {}
        self.images_known = False
        """Whether `placeholders` is complete: an image id absent from it is then an ordinary image."""

    def clear(self) -> None:
        super().clear()
        self.placeholders.clear()
        self.images_known = False


def _size(size: int | None, unit: str = "G") -> str:
    return "" if size is None else f"{size}{unit}"


def _bytes(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "K", "M", "G", "T"):
        if value < 1024 or unit == "T":
            return f"{value:.0f}{unit}" if unit == "B" or value >= 10 else f"{value:.1f}{unit}"
        value /= 1024
    return ""


def _short(identifier: str) -> str:
    return identifier[:8]


def _name_or_short_id(identifier: str, names: Mapping[str, str]) -> str:
    """The name of a related resource once known, else the start of its id."""
    return names.get(identifier) or _short(identifier)


def _attached(volume: Volume, names: Mapping[str, str]) -> str:
    return ", ".join(f"{_name_or_short_id(a.server_id, names)}:{a.device}" for a in volume.attachments)


def _dangling_text(entry: ImageEntry) -> str:
    if not entry.decoded.is_placeholder:
        return ""
    if entry.missing is None:
        return "…"
    return "DANGLING" if entry.missing else "ok"


def _dangling_tone(entry: ImageEntry) -> str | None:
    if entry.missing:
        return "bad"
    return "good" if entry.missing == () else None


def _fleet_text(entry: ImageEntry, text: Callable[[PlaceholderUsage], str]) -> str:
    if not entry.decoded.is_placeholder:
        return ""
    return "…" if entry.fleet is None else text(entry.fleet)


def _fleet_key(entry: ImageEntry, number: Callable[[PlaceholderUsage], int]) -> int:
    return -1 if entry.fleet is None else number(entry.fleet)


def _server_image(server: Server, names: Mapping[str, str]) -> str:
    return _name_or_short_id(server.image_id, names) if server.image_id else "(a volume)"


def _server_placeholder(server: Server, names: Mapping[str, str]) -> str:
    """Who made the placeholder the server booted from, `no` for an ordinary image, `…` until the images are read,
    `?` for an image this project cannot list (another project's, or deleted)."""
    if not server.image_id or not isinstance(names, RelatedNames):
        return ""
    if server.image_id in names.placeholders:
        return names.placeholders[server.image_id]
    if not names.images_known:
        return "…"
    return "no" if server.image_id in names else "?"


def volume_columns(names: Mapping[str, str]) -> tuple[Column, ...]:
    """Volumes' columns; `names` (server names by id, filled as listings arrive) names the servers attached to."""
    return (
        Column("Name", None, lambda v: v.name, sort_key=lambda v: v.name.lower()),
        Column("ID", 8, lambda v: _short(v.id)),
        Column("Status", 10, lambda v: v.status, tone=lambda v: status_tone(v.status)),
        Column("Size", 6, lambda v: _size(v.size), sort_key=lambda v: v.size),
        Column("Boot", 4, lambda v: "yes" if v.bootable else "", tone=lambda v: "used" if v.bootable else None),
        Column("AZ", 5, lambda v: v.availability_zone),
        Column("Type", 11, lambda v: v.volume_type),
        Column("Attached to", 16, lambda v: _attached(v, names)),
        Column("Image", 20, lambda v: v.source_image_name),
    )


def snapshot_columns(names: Mapping[str, str]) -> tuple[Column, ...]:
    """Snapshots' columns; `names` names the volume each was taken of."""
    return (
        Column("Name", None, lambda s: s.name, sort_key=lambda s: s.name.lower()),
        Column("ID", 8, lambda s: _short(s.id)),
        Column("Status", 10, lambda s: s.status, tone=lambda s: status_tone(s.status)),
        Column("Size", 6, lambda s: _size(s.size), sort_key=lambda s: s.size),
        Column("Volume", 16, lambda s: _name_or_short_id(s.volume_id, names)),
        Column("Created", 19, lambda s: s.created_at[:19]),
    )


def image_columns(names: Mapping[str, str]) -> tuple[Column, ...]:
    """Images' columns; a placeholder's servers and GiB fill in once the volumes, snapshots and servers are read."""
    return (
        Column("Name", None, lambda e: e.image.name, sort_key=lambda e: e.image.name.lower()),
        Column("ID", 8, lambda e: _short(e.image.id)),
        Column("Status", 10, lambda e: e.image.status, tone=lambda e: status_tone(e.image.status)),
        Column("Placeholder", 11, lambda e: e.kind_label, tone=lambda e: "used" if e.kind_label else None),
        Column("Refs", 8, _dangling_text, tone=_dangling_tone),
        Column(
            "Servers",
            7,
            lambda e: _fleet_text(e, lambda fleet: str(len(fleet.servers))),
            tone=lambda e: "good" if e.fleet and e.fleet.servers else None,
            sort_key=lambda e: _fleet_key(e, lambda fleet: len(fleet.servers)),
        ),
        Column(
            "GiB",
            5,
            lambda e: _fleet_text(e, lambda fleet: str(fleet.provisioned_gib)),
            sort_key=lambda e: _fleet_key(e, lambda fleet: fleet.provisioned_gib),
        ),
        Column("Visibility", 10, lambda e: e.image.visibility),
        Column(
            "Size", 6, lambda e: _bytes(e.image.size), sort_key=lambda e: -1 if e.image.size is None else e.image.size
        ),
    )


def server_columns(names: Mapping[str, str]) -> tuple[Column, ...]:
    """Servers' columns; `names` names their flavors and images (and, as `RelatedNames`, tells placeholders)."""
    return (
        Column("Name", None, lambda s: s.name, sort_key=lambda s: s.name.lower()),
        Column("ID", 8, lambda s: _short(s.id)),
        Column("Status", 8, lambda s: s.status, tone=lambda s: status_tone(s.status)),
        Column("Image", 16, lambda s: _server_image(s, names)),
        Column(
            "Placeholder",
            11,
            lambda s: _server_placeholder(s, names),
            tone=lambda s: "used" if _server_placeholder(s, names) in MAKER_LABELS else None,
        ),
        Column("Flavor", 10, lambda s: names.get(s.flavor_id, s.flavor_id)),
        Column("AZ", 6, lambda s: s.availability_zone),
        Column("Addresses", 24, lambda s: " ".join(a for addresses in s.addresses.values() for a in addresses)),
        Column("Fault", 20, lambda s: s.fault, tone=lambda s: "bad" if s.fault else None),
    )


VOLUME_COLUMNS = volume_columns({})
"""Volumes' columns with no names known (the benchmark's and the table's tests)."""


@dataclass(frozen=True)
class View:
    """One browsable kind of resource."""

    kind: str
    """volumes, snapshots, images or servers: also the session's listing (`<kind>_pages`) and the raw kind."""
    title: str
    number: int
    columns: Callable[[Mapping[str, str]], tuple[Column, ...]]
    """The columns, given the names of related resources by id (a mapping the browser fills in place)."""
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def raw_kind(self) -> str:
        return self.kind.removesuffix("s")


VIEWS: tuple[View, ...] = (
    View("volumes", "Volumes", 1, volume_columns, ("volume", "vol", "vols", "v")),
    View("snapshots", "Snapshots", 2, snapshot_columns, ("snapshot", "snap", "snaps", "s")),
    View("images", "Images", 3, image_columns, ("image", "img", "i")),
    View("servers", "Servers", 4, server_columns, ("server", "srv", "vm", "vms")),
)


ACTION_VIEWS: dict[str, tuple[str, ...]] = {
    "compose": ("volumes", "snapshots"),
    "launch": ("images",),
    "delete": ("images",),
    "group": ("servers",),
}
"""The browser's actions that apply in some views only (the others apply in every view)."""


def view_named(word: str) -> View | None:
    """The view a command-line word names (`vol`, `snapshots`, `3`)."""
    word = word.strip().lower()
    return next((view for view in VIEWS if word in (view.kind, str(view.number), *view.aliases)), None)


def item_id(item: Volume | Snapshot | Server | ImageEntry) -> str:
    return item.id
