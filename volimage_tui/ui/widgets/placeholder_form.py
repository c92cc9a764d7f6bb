"""The compose form: every placeholder option as a field, read back as `PlaceholderOptions` on each change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, SelectionList

from ...core.mapping import SourceKind
from ...core.models import Snapshot, Volume
from ...core.placeholder import BootSource, ExtraDisk, PlaceholderOptions, carried_properties
from ...core.vocabulary import DEVICE_TYPES, DISK_BUSES, VISIBILITIES

MAX_OFFERED = 500
"""Snapshots or volumes offered as data disks: a longer list is no use in a form; the first ones the cloud lists
(the newest) are offered."""
DELETE_CHOICES = (("default: yes for a snapshot, no for a volume", ""), ("yes", "yes"), ("no", "no"))


class PlaceholderForm(VerticalScroll):
    """The options of one placeholder; `options()` reads them, `problems()` lists fields that are not numbers."""

    def __init__(self, source: BootSource, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source = source
        self.snapshots: dict[str, Snapshot] = {}
        self.volumes: dict[str, Volume] = {}

    def compose(self) -> ComposeResult:
        source = self.source
        yield Label("Image name")
        yield Input(value=f"{source.name}-boot", id="opt-name", compact=True)
        if source.kind is SourceKind.VOLUME:
            yield Label("Root volume made from")
            with RadioSet(id="opt-snapshot-first"):
                yield RadioButton("a new snapshot of it (any number of servers)", value=True)
                yield RadioButton("the volume itself (one server at a time)", id="opt-direct")
        yield Label("Visibility")
        yield Select(
            [(name, name) for name in VISIBILITIES],
            value="private",
            allow_blank=False,
            id="opt-visibility",
            compact=True,
        )
        yield Label(f"Volume size, GiB (at least {source.size})")
        yield Input(placeholder=str(source.size), id="opt-size", type="integer", compact=True)
        yield Label("Volume type")
        yield Select(self._type_options([]), value="", allow_blank=False, id="opt-volume-type", compact=True)
        yield Label("Disk bus")
        yield Select(
            [("default (the hypervisor's)", ""), *((bus, bus) for bus in DISK_BUSES)],
            value="",
            allow_blank=False,
            id="opt-disk-bus",
            compact=True,
        )
        yield Label("Device type")
        yield Select(
            [(kind, kind) for kind in DEVICE_TYPES], value="disk", allow_blank=False, id="opt-device-type", compact=True
        )
        yield Label("Device name")
        yield Input(value="/dev/vda", id="opt-device-name", compact=True)
        yield Label("Delete the volume with the server")
        yield Select(DELETE_CHOICES, value="", allow_blank=False, id="opt-delete", compact=True)
        yield Label("Extra blank disks, GiB each (10, 50)")
        yield Input(placeholder="none", id="opt-extra-disks", compact=True)
        yield Label("Extra disks copied from snapshots")
        yield SelectionList[str](id="opt-extra-snapshots")
        yield Label("Existing volumes, attached as they are")
        yield SelectionList[str](id="opt-extra-volumes")
        yield Label("Properties carried over from the volume")
        yield SelectionList[str](id="opt-carried")

    def on_mount(self) -> None:
        self.set_source(self.source)

    @staticmethod
    def _type_options(volume_types: Iterable[str]) -> list[tuple[str, str]]:
        return [("default (the cloud's)", ""), *((name, name) for name in volume_types)]

    def set_source(self, source: BootSource) -> None:
        """The source with its image metadata known (a snapshot's comes from its volume)."""
        self.source = source
        carried = self.query_one("#opt-carried", SelectionList)
        carried.clear_options()
        properties = carried_properties(source.image_metadata)
        carried.add_options((f"{key} = {value}", key, True) for key, value in properties.items())

    def set_snapshots(self, snapshots: Sequence[Snapshot]) -> None:
        """Offer the available snapshots (other than the source) as data disks."""
        self.snapshots = {
            snapshot.id: snapshot
            for snapshot in snapshots[:MAX_OFFERED]
            if snapshot.status == "available" and snapshot.id != self.source.id
        }
        offered = self.query_one("#opt-extra-snapshots", SelectionList)
        offered.clear_options()
        offered.add_options((f"{s.label}  ({s.size} GiB)", s.id) for s in self.snapshots.values())

    def set_volumes(self, volumes: Sequence[Volume]) -> None:
        """Offer the unattached available volumes (other than the source) as data disks."""
        self.volumes = {
            volume.id: volume
            for volume in volumes[:MAX_OFFERED]
            if volume.status == "available" and not volume.attachments and volume.id != self.source.id
        }
        offered = self.query_one("#opt-extra-volumes", SelectionList)
        offered.clear_options()
        offered.add_options((f"{v.label}  ({v.size} GiB)", v.id) for v in self.volumes.values())

    def set_volume_types(self, volume_types: Sequence[str], chosen: str | None = None) -> None:
        select = self.query_one("#opt-volume-type", Select)
        select.set_options(self._type_options(volume_types))
        if chosen:
            select.value = chosen

    def _extra_disks(self) -> tuple[ExtraDisk, ...]:
        blank = [ExtraDisk.blank(int(size)) for size in self._extra_sizes_text() if size.isdigit()]
        chosen = [self.snapshots[str(key)] for key in self.query_one("#opt-extra-snapshots", SelectionList).selected]
        copies = [ExtraDisk.from_snapshot(snapshot) for snapshot in chosen]
        attached = [
            ExtraDisk.from_volume(self.volumes[str(key)])
            for key in self.query_one("#opt-extra-volumes", SelectionList).selected
        ]
        return (*copies, *attached, *blank)

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _choice(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def problems(self) -> list[str]:
        found = []
        if self._value("#opt-size") and not self._value("#opt-size").isdigit():
            found.append("The volume size must be a whole number of GiB.")
        for size in self._extra_sizes_text():
            if not size.isdigit():
                found.append(f"Extra disk size {size!r} is not a whole number of GiB.")
        return found

    def _extra_sizes_text(self) -> list[str]:
        return [part.strip() for part in self._value("#opt-extra-disks").split(",") if part.strip()]

    def snapshot_first(self) -> bool:
        if self.source.kind is not SourceKind.VOLUME:
            return False
        return not self.query_one("#opt-direct", RadioButton).value

    def options(self) -> PlaceholderOptions:
        size_text = self._value("#opt-size")
        delete = self._choice("#opt-delete")
        carried = self.query_one("#opt-carried", SelectionList)
        keep = frozenset(str(key) for key in carried.selected) if carried.option_count else None
        return PlaceholderOptions(
            name=self.query_one("#opt-name", Input).value,
            visibility=self._choice("#opt-visibility") or "private",
            volume_size=int(size_text) if size_text.isdigit() else None,
            volume_type=self._choice("#opt-volume-type") or None,
            disk_bus=self._choice("#opt-disk-bus") or None,
            device_type=self._choice("#opt-device-type") or "disk",
            device_name=self._value("#opt-device-name"),
            delete_on_termination={"yes": True, "no": False}.get(delete),
            snapshot_first=self.snapshot_first() if self.source.kind is SourceKind.VOLUME else True,
            keep_properties=keep,
            extra_disks=self._extra_disks(),
        )
