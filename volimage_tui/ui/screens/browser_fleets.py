"""What the browser fills in after a listing, and the servers view grouped by image.

After a listing has put its rows on screen, a few more listings (a constant number, never one per row) tell what
the rows point at: the names of the servers volumes are attached to; the flavors and images of servers, and which
images are placeholders; the servers booted from each placeholder and the GiB they hold, and whether what it maps
still exists. Each arrives as a message, and the columns that wait for it show `…` until then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ...core.models import Image
from ...errors import VolimageError
from ..messages import NamesKnown, ReferencesKnown
from ..server_groups import group_by_image, grouped_columns, is_heading, servers_of
from ..views import ImageEntry, RelatedNames

if TYPE_CHECKING:
    from textual.message import Message

    from ...cloud.session import Session
    from ..widgets.resource_table import ResourceTable


class FleetHost(Protocol):
    """What `Fleets` uses of the browser (a protocol rather than the screen, which imports this module)."""

    def post_message(self, message: Message) -> bool: ...

    def table(self, kind: str | None = None) -> ResourceTable: ...

    def notify(self, message: str) -> None: ...


class Fleets:
    """The browser's follow-up reads (run in its listing worker) and the grouping of its servers view."""

    def __init__(self, browser: FleetHost, names: RelatedNames) -> None:
        self.browser = browser
        self.names = names
        self.grouped = False
        """Whether the servers view shows a heading per image with its servers under it."""
        self.order: dict[str, int] = {}
        """Each server's place in the listing, seen while grouped, to ungroup back into it."""
        self.plain_columns = browser.table("servers").columns

    # in the listing worker

    def after_listing(self, kind: str, session: Session, generation: int, images: list[Image]) -> None:
        """Post what `kind`'s rows point at; `images` are the rows of an images listing just made."""
        # Deliberately deferred, as in the listing itself: the cloud layer loads in workers only.
        from ...cloud.lineage import read_fleets
        from ...cloud.reads import related_names

        post = self.browser.post_message
        if kind in ("volumes", "servers"):
            post(NamesKnown(generation, related_names(session, kind)))
        if kind == "servers":
            post(self._images_of_servers(session, generation))
        if kind == "images":
            lineage = read_fleets(session, images)
            fleets = {usage.image.id: usage for usage in lineage.usages()}
            post(ReferencesKnown(generation, frozenset(lineage.snapshots), frozenset(lineage.volumes), fleets))

    def _images_of_servers(self, session: Session, generation: int) -> NamesKnown:
        """The names of the images and who made the placeholders among them: one more listing, the images'."""
        try:
            images = session.images()
        except VolimageError:
            return NamesKnown(generation, {})  # cosmetic: the ids still show
        entries = [ImageEntry.of(image) for image in images]
        placeholders = {entry.id: entry.kind_label for entry in entries if entry.kind_label}
        return NamesKnown(generation, {image.id: image.name for image in images if image.name}, placeholders)

    # on the event loop

    def names_known(self, message: NamesKnown) -> None:
        if message.placeholders is not None:
            self.names.placeholders.update(message.placeholders)
            self.names.images_known = True
        self.regroup()

    def toggle(self) -> None:
        self.grouped = not self.grouped
        table = self.browser.table("servers")
        table.spans = is_heading if self.grouped else None
        if not self.grouped:  # back in the order the listing gave
            table.columns = self.plain_columns
            table.set_items(sorted(servers_of(table.all_items()), key=lambda s: self.order.get(s.id, len(self.order))))
        self.regroup()
        self.browser.notify("Servers grouped by the image they booted from." if self.grouped else "Servers ungrouped.")

    def regroup(self) -> None:
        """While grouped, rebuild the headings from the servers the view holds now (a page arrived, names did)."""
        if not self.grouped:
            return
        table = self.browser.table("servers")
        servers = servers_of(table.all_items())
        for server in servers:
            self.order.setdefault(server.id, len(self.order))
        rows = group_by_image(servers, self.names)
        table.columns = grouped_columns(self.plain_columns, rows)
        table.set_items(rows)

    def status(self, title: str, kind: str, table: ResourceTable) -> list[str]:
        """The status line's first words: rows shown and held (headings left out), and whether grouped."""
        if kind != "servers" or not self.grouped:
            return [f"{title}: {table.shown_count} of {table.total_count}"]
        shown, held = len(servers_of(table.shown_items())), len(servers_of(table.all_items()))
        return [f"{title}: {shown} of {held}", "grouped by image (i ungroups)"]

    @staticmethod
    def raw_kind(item: Any, default: str) -> str:
        """What `y` reads for a row: a heading of the grouped view is its image."""
        return str(getattr(item, "raw_kind", default))
