"""The main screen: the four resource views as tabs, a live filter, the detail pane and a status line."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input, Static, Tab, Tabs
from textual.worker import Worker, get_current_worker

from ...errors import VolimageError
from ..details import describe
from ..messages import (
    ConnectionChanged,
    ConnectionFailed,
    ListingEnded,
    NamesKnown,
    PageLoaded,
    ReferencesKnown,
    ResourcesChanged,
    RetryConnection,
    ShowView,
)
from ..views import ACTION_VIEWS, VIEWS, ImageEntry, RelatedNames, View, item_id
from ..widgets.footer import KeyFooter
from ..widgets.resource_table import ResourceTable
from ..worker_failures import ReportsWorkerFailures
from .browser_actions import SelectionActions
from .browser_fleets import Fleets
from .browser_palette import browser_commands

if TYPE_CHECKING:
    from ...cloud.session import Session
    from ..context import ScreenContext


class BrowserScreen(ReportsWorkerFailures, Screen[None]):
    """Volumes, snapshots, images and servers of the current cloud and region."""

    HELP = (
        "Browse the resources of the current cloud and region. Pick a snapshot or a volume and press Enter "
        "(or c) to compose a placeholder image from it; on an image, l launches servers and d deletes it. "
        "L shows the lineage of any row; P plans a prune; on the servers view, i groups them by image."
    )

    AUTO_FOCUS = "ResourceTable"
    """The table has the keys from the start; focusing the tabs first would redraw the footer twice more."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(view.number), f"show_view('{view.kind}')", view.title, show=False, id=f"view-{view.kind}")
            for view in VIEWS
        ),
        # priority: checked as the key arrives, so the keys typed right after it already find the filter focused
        Binding("slash", "filter", "Filter", id="view-filter", priority=True),
        Binding("r", "refresh", "Refresh", id="view-refresh"),
        Binding("y", "yaml", "YAML", id="view-yaml"),
        Binding("c", "compose", "Compose", id="source-compose"),
        Binding("l", "launch", "Launch", id="image-launch"),
        Binding("d", "delete", "Delete", id="image-delete"),
        Binding("L", "lineage", "Lineage", id="view-lineage"),
        Binding("P", "prune", "Prune", show=False, id="view-prune"),
        Binding("i", "group", "Group by image", id="servers-group"),
        Binding("p", "toggle_detail", "Detail pane", show=False, id="view-detail"),
        Binding("escape", "back", "Back", show=False, id="view-back"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.actions = SelectionActions(self, context)
        self.kind = VIEWS[0].kind
        self.loaded: set[str] = set()
        self.listing: set[str] = set()
        self.failed: set[str] = set()
        self.references: tuple[frozenset[str], frozenset[str]] | None = None
        self.names = RelatedNames()
        """Names of the volumes, servers and flavors seen so far, by id, for the tables and the detail pane."""
        self.tables = {
            view.kind: ResourceTable(view.columns(self.names), key=item_id, id=f"table-{view.kind}") for view in VIEWS
        }
        """One table per view, mounted when the view is first shown (fewer widgets before the first paint)."""
        self.fleets = Fleets(self, self.names)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(f"{view.number} {view.title}", id=f"tab-{view.kind}") for view in VIEWS), id="view-tabs")
        with Horizontal(id="browser-body"):
            with ContentSwitcher(initial=f"table-{self.kind}", id="view-tables"):
                yield self.tables[self.kind]
            with VerticalScroll(id="detail"):
                yield Static("Connecting to the cloud…", id="detail-text")
        yield Input(placeholder="filter: words every row must contain (esc clears)", id="view-filter")
        yield Static("", id="status-line")
        yield KeyFooter()

    # views

    def view(self) -> View:
        return next(view for view in VIEWS if view.kind == self.kind)

    def table(self, kind: str | None = None) -> ResourceTable:
        return self.tables[kind or self.kind]

    def show_view(self, kind: str) -> None:
        self.kind = kind
        switcher = self.query_one("#view-tables", ContentSwitcher)
        if not self.tables[kind].is_attached:
            switcher.mount(self.tables[kind])
        switcher.current = f"table-{kind}"
        tabs = self.query_one("#view-tabs", Tabs)
        if tabs.active != f"tab-{kind}":
            tabs.active = f"tab-{kind}"
        field = self.query_one("#view-filter", Input)
        field.value = ""
        field.remove_class("-shown")
        table = self.table()
        table.set_filter("")
        table.focus()
        self._show_detail(table.highlighted)
        self._update_status()
        self.refresh_bindings()
        if kind not in self.loaded and kind not in self.listing and self.context.connection is not None:
            self.load(kind)

    def action_show_view(self, kind: str) -> None:
        self.show_view(kind)

    @on(Tabs.TabActivated, "#view-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        kind = (event.tab.id or "").removeprefix("tab-")
        if kind and kind != self.kind:
            self.show_view(kind)

    @on(ShowView)
    def _show_view_asked(self, message: ShowView) -> None:
        self.show_view(message.kind)
        if message.resource_id:  # the view filtered to it (the filter searches whole ids); esc shows every row
            self.query_one("#view-filter", Input).value = message.resource_id

    @on(ConnectionChanged)
    def _connection_changed(self) -> None:
        """A new cloud or region: forget every row and list the current view again."""
        self.loaded.clear()
        self.listing.clear()
        self.failed.clear()
        self.references = None
        self.names.clear()
        for view in VIEWS:
            self.workers.cancel_group(self, f"list-{view.kind}")
            self.table(view.kind).clear()
        self.query_one("#detail-text", Static).update("")
        self.load(self.kind)

    @on(ConnectionFailed)
    def _connection_failed(self, message: ConnectionFailed) -> None:
        """No session: say why where the rows would be, and how to go on."""
        self.query_one("#detail-text", Static).update(
            f"Not connected to {message.cloud}.\n\n{message.reason}\n\nr tries again; F2 picks another cloud."
        )

    @on(ResourcesChanged)
    def _resources_changed(self, message: ResourcesChanged) -> None:
        """Reload the changed views now if shown, else when next shown."""
        for kind in message.kinds:
            self.loaded.discard(kind)
            if kind == self.kind:
                self.load(kind)
            if kind in ("snapshots", "volumes"):
                self.references = None

    # listing

    def load(self, kind: str) -> None:
        connection = self.context.connection
        if connection is None:
            return
        self.listing.add(kind)
        self._update_status()
        self.run_worker(
            partial(self._list, kind, connection.session, connection.generation),
            thread=True,
            exclusive=True,
            group=f"list-{kind}",
            exit_on_error=False,
            description=f"Listing {kind}",
        )

    def _list(self, kind: str, session: Session, generation: int) -> None:
        worker = get_current_worker()
        first = True
        listed: list[Any] = []
        try:
            for page in getattr(session, f"{kind.removesuffix('s')}_pages")():
                if worker.is_cancelled:
                    return
                items: list[Any] = page
                if kind == "images":
                    listed += page
                    items = [ImageEntry.of(image, *(self.references or (None, None))) for image in page]
                self.post_message(PageLoaded(kind, generation, items, first=first))
                first = False
            if first:
                self.post_message(PageLoaded(kind, generation, [], first=True))
            self.post_message(ListingEnded(kind, generation))
            if not worker.is_cancelled:
                self.fleets.after_listing(kind, session, generation, listed)
        except VolimageError as error:
            self.post_message(ListingEnded(kind, generation, str(error)))

    def worker_failed(self, worker: Worker[object]) -> None:
        if worker.group.startswith("list-"):
            self.listing.discard(worker.group.removeprefix("list-"))
            self._update_status()

    def _current(self, generation: int) -> bool:
        """Whether a listing's message is for the session open now (not for a cloud the user has left)."""
        connection = self.context.connection
        return connection is not None and connection.generation == generation

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if not self._current(message.generation):
            return
        if message.kind in ("volumes", "servers"):
            self.names.update((item.id, item.name) for item in message.items if item.name)
        table = self.table(message.kind)
        if message.first:
            table.set_items(message.items)
        else:
            table.add_items(message.items)
        if message.kind == "servers":
            self.fleets.regroup()

    @on(ListingEnded)
    def _listing_ended(self, message: ListingEnded) -> None:
        if not self._current(message.generation):
            return
        self.listing.discard(message.kind)
        if message.reason:
            self.notify(message.reason, title=f"Listing {message.kind}", severity="error", timeout=10)
            self.failed.add(message.kind)
        else:
            self.loaded.add(message.kind)
            self.failed.discard(message.kind)
        self._update_status()
        if message.kind == self.kind:
            self._show_detail(self.table().highlighted)

    @on(NamesKnown)
    def _names_known(self, message: NamesKnown) -> None:
        if self._current(message.generation):
            self.names.update(message.names)
            self.fleets.names_known(message)
            self.table("volumes").redraw_cells(lambda volume: bool(volume.attachments))
            self.table("snapshots").redraw_cells()
            self.table("servers").redraw_cells()
            self._show_detail(self.table().highlighted)

    @on(ReferencesKnown)
    def _references_known(self, message: ReferencesKnown) -> None:
        if not self._current(message.generation):
            return
        self.references = (message.snapshot_ids, message.volume_ids)
        table, fleets = self.table("images"), message.fleets
        table.set_items([ImageEntry.of(e.image, *self.references, fleets.get(e.id)) for e in table.all_items()])

    # selection, filter, details

    @on(ResourceTable.Highlighted)
    def _highlighted(self, event: ResourceTable.Highlighted) -> None:
        if event.table is self.table():
            self._show_detail(event.item)

    @on(ResourceTable.Reordered)
    def _reordered(self, event: ResourceTable.Reordered) -> None:
        if event.table is self.table():
            self._update_status()
            self._show_detail(event.table.highlighted)

    @on(ResourceTable.Activated)
    def _activated(self, event: ResourceTable.Activated) -> None:
        if self.kind in ("volumes", "snapshots"):
            self.action_compose()
        elif self.kind == "images":
            self.action_launch()

    def _show_detail(self, item: object) -> None:
        text = self.query_one("#detail-text", Static)
        if item is None:
            loading = self.kind in self.listing
            text.update(f"Listing {self.kind}…" if loading else f"No {self.kind} shown.")
        else:
            text.update(describe(item, self.names))

    def action_toggle_detail(self) -> None:
        self.query_one("#detail").toggle_class("-hidden")

    def action_filter(self) -> None:
        field = self.query_one("#view-filter", Input)
        field.add_class("-shown")
        self.set_focus(field)  # at once: `focus()` would wait for the next message, after the keys already queued

    @on(Input.Changed, "#view-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table().set_filter(event.value)

    @on(Input.Submitted, "#view-filter")
    def _filter_submitted(self) -> None:
        self.table().focus()

    def action_back(self) -> None:
        field = self.query_one("#view-filter", Input)
        if field.has_class("-shown") or field.value:
            field.value = ""
            field.remove_class("-shown")
            self.table().focus()
        elif self.kind in self.listing:
            self.workers.cancel_group(self, f"list-{self.kind}")
            self.listing.discard(self.kind)
            self.notify(f"Stopped listing {self.kind}; the view shows what had arrived (r lists again).")
            self._update_status()
            self._show_detail(self.table().highlighted)

    def _update_status(self) -> None:
        table = self.table()
        parts = self.fleets.status(self.view().title, self.kind, table)
        if self.kind in self.listing:
            parts.append("listing…")
        elif self.kind in self.failed:
            parts.append("the listing failed: r tries again")
        if table.sort_label:
            parts.append(f"sorted by {table.sort_label}")
        value = self.query_one("#view-filter", Input).value
        if value:
            parts.append(f"filter {value!r}")
        if self.context.read_only:
            parts.append("read-only")
        self.query_one("#status-line", Static).update(" · ".join(parts))

    def action_refresh(self) -> None:
        if self.context.connection is None:
            self.post_message(RetryConnection())
            return
        if self.kind == "images":
            self.references = None
        self.load(self.kind)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not isinstance(self.focused, Input)  # in the filter, `/` is a character
        if action in ACTION_VIEWS:
            return self.kind in ACTION_VIEWS[action]
        return True

    # the selected row

    def _selected(self) -> Any:
        item = self.table().highlighted
        if item is None:
            self.notify(f"Select one of the {self.kind} first.", severity="warning")
        return item

    def action_yaml(self) -> None:
        item = self._selected()
        if item is not None:
            self.actions.show_yaml(self.fleets.raw_kind(item, self.view().raw_kind), item)

    def action_lineage(self) -> None:
        from .lineage import open_lineage

        open_lineage(self, self.context, self._selected())

    def action_prune(self) -> None:
        from .prune import open_prune

        open_prune(self, self.context)

    def action_group(self) -> None:
        self.fleets.toggle()

    def action_compose(self) -> None:
        self.actions.compose(self._selected())

    def action_launch(self) -> None:
        self.actions.launch(self._selected())

    def action_delete(self) -> None:
        item = self._selected()
        if item is not None:
            self.actions.delete(item)

    palette_commands = browser_commands
