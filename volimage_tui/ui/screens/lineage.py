"""The lineage of one image, snapshot or volume: the whole chain as a tree, each node a resource to act on.

The chain is read with the four listings of `cloud/lineage.py` (in a worker) and drawn from `core/chain.py`.
Enter on a node shows it in its own view of the browser, where every key of that view applies; `L` on a node
follows that node's own lineage here (Esc comes back); y, l and d act on the node as they do in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static, Tree
from textual.worker import get_current_worker

from ...core.chain import Kind, chain_of
from ...core.models import Server, Snapshot, Volume
from ...errors import VolimageError
from ..details import describe, metrics_queries, status_style
from ..messages import ResourcesChanged, ShowView
from ..server_groups import ImageGroup
from ..views import ImageEntry
from ..widgets.footer import KeyFooter
from ..widgets.lineage_tree import LineageRef, LineageTree, RefKind, chain_counts
from ..worker_failures import ReportsWorkerFailures
from .browser_actions import SelectionActions

if TYPE_CHECKING:
    from ...cloud.session import Session
    from ...core.lineage import Lineage
    from ..context import ScreenContext

VIEW_OF: dict[RefKind, str] = {
    RefKind.VOLUME: "volumes",
    RefKind.SNAPSHOT: "snapshots",
    RefKind.IMAGE: "images",
    RefKind.SERVER: "servers",
}
"""The browser's view of each kind of node."""


@dataclass(frozen=True)
class BrowseTo:
    """What the screen dismisses with when Enter picks a node: the browser shows it in its view."""

    view: str
    id: str


@dataclass(frozen=True)
class Subject:
    """Whose lineage is shown, and which node the cursor starts on (a server opens its image's lineage)."""

    kind: Kind
    id: str
    focus: str = ""


def subject_of(item: object) -> Subject | None:
    """The lineage a browser row opens: its own, or for a server the lineage of the image it booted from (or of
    its volume, booted without an image), with the cursor on the server."""
    if isinstance(item, Volume):
        return Subject(Kind.VOLUME, item.id)
    if isinstance(item, Snapshot):
        return Subject(Kind.SNAPSHOT, item.id)
    if isinstance(item, ImageEntry):
        return Subject(Kind.IMAGE, item.id)
    if isinstance(item, ImageGroup) and item.image_id:
        return Subject(Kind.IMAGE, item.image_id)
    if isinstance(item, Server) and item.image_id:
        return Subject(Kind.IMAGE, item.image_id, item.id)
    if isinstance(item, Server) and item.volume_ids:
        return Subject(Kind.VOLUME, item.volume_ids[0], item.id)
    return None


def open_lineage(screen: Screen[Any], context: ScreenContext, item: object) -> None:
    """The lineage screen of the browser row `item`; Enter there on a node comes back showing that node."""
    subject = subject_of(item)
    if subject is None:
        if item is not None:
            screen.notify("It has no lineage: it was booted from no image and has no volume.")
        return

    def browse(target: BrowseTo | None) -> None:
        if target is not None:
            screen.post_message(ShowView(target.view, target.id))

    screen.app.push_screen(LineageScreen(context, subject), browse)


class LineageScreen(ReportsWorkerFailures, Screen["BrowseTo | None"]):
    """The chain of `subject`, read in a worker, with the detail of the highlighted node beside it."""

    HELP = (
        "The lineage: source volume, its snapshots, the placeholders that map them, the servers booted from each, "
        "and the volumes cloned from the snapshots (orphaned when attached to nothing). Enter shows a node in its "
        "view; L follows its own lineage (Esc comes back); y, l and d act on it; m copies the queries that group "
        "its servers' metrics by image; P plans a prune."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("L", "follow", "Its lineage", id="lineage-follow"),
        Binding("y", "yaml", "YAML", id="lineage-yaml"),
        Binding("l", "launch", "Launch", id="lineage-launch"),
        Binding("d", "delete", "Delete", id="lineage-delete"),
        Binding("m", "copy_metrics", "Copy metrics", id="lineage-metrics"),
        Binding("P", "prune", "Prune", id="lineage-prune"),
        Binding("r", "refresh", "Refresh", id="lineage-refresh"),
        Binding("escape", "back", "Back", id="lineage-back"),
    ]

    class Read(Message, bubble=False):
        """The four listings arrived (`number` tells the read, so that only the latest is drawn)."""

        def __init__(self, number: int, lineage: Lineage | None, reason: str = "") -> None:
            super().__init__()
            self.number = number
            self.lineage = lineage
            self.reason = reason

    def __init__(self, context: ScreenContext, subject: Subject) -> None:
        super().__init__()
        self.context = context
        self.actions = SelectionActions(self, context)
        self.subject = subject
        self.history: list[Subject] = []
        """The lineages followed with `L`, for Esc to come back through."""
        self.lineage: Lineage | None = None
        self.names: dict[str, str] = {}
        self.reads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Lineage", id="lineage-title")
        yield Static("Reading volumes, snapshots, images and servers…", id="lineage-counts")
        with Horizontal(id="lineage-body"):
            yield LineageTree(status_style, id="lineage-tree")
            with VerticalScroll(id="lineage-detail"):
                yield Static("", id="lineage-detail-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    # reading

    def load(self) -> None:
        connection = self.context.connection
        if connection is None:
            self.query_one("#lineage-counts", Static).update("Not connected to a cloud.")
            return
        self.reads += 1
        self.run_worker(
            partial(self._read, connection.session, self.reads),
            thread=True,
            exclusive=True,
            group="lineage",
            exit_on_error=False,
            description="Reading the lineage",
        )

    def _read(self, session: Session, number: int) -> None:
        # Deliberately deferred: the cloud layer loads in workers only.
        from ...cloud.lineage import read_lineage

        try:
            lineage = read_lineage(session)
        except VolimageError as error:
            self.post_message(self.Read(number, None, str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Read(number, lineage))

    @on(Read)
    def _lineage_read(self, message: Read) -> None:
        if message.number != self.reads:
            return
        if message.lineage is None:
            self.query_one("#lineage-counts", Static).update(f"The lineage could not be read: {message.reason}")
            self.notify(message.reason, title="Lineage", severity="error", timeout=10)
            return
        self.lineage = message.lineage
        servers, volumes = message.lineage.servers.values(), message.lineage.volumes.values()
        self.names = {server.id: server.name for server in servers if server.name}
        self.names.update((volume.id, volume.name) for volume in volumes if volume.name)
        self._draw()

    @on(ResourcesChanged)
    def _resources_changed(self) -> None:
        self.load()

    # drawing

    def _draw(self) -> None:
        lineage, subject = self.lineage, self.subject
        if lineage is None:
            return
        tables = {Kind.IMAGE: lineage.images, Kind.SNAPSHOT: lineage.snapshots, Kind.VOLUME: lineage.volumes}
        title, counts = self.query_one("#lineage-title", Static), self.query_one("#lineage-counts", Static)
        tree = self.query_one(LineageTree)
        server = lineage.servers.get(subject.focus)
        if subject.kind is Kind.IMAGE and subject.id not in lineage.decoded and server and server.volume_ids:
            subject = self.subject = Subject(Kind.VOLUME, server.volume_ids[0], server.id)  # booted from a plain image
        found = tables[subject.kind].get(subject.id)
        if found is None:
            tree.clear()
            title.update(f"Lineage of {subject.kind.value} {subject.id}")
            counts.update(f"There is no {subject.kind.value} {subject.id} any more (r reads the cloud again).")
            return
        chain = chain_of(lineage, subject.kind, subject.id)
        title.update(f"Lineage of {chain.kind.value} {chain.name or '(no name)'} ({chain.id})")
        if chain.kind is Kind.IMAGE and chain.placeholder is None:
            tree.clear()
            counts.update("It carries no block device mapping: an ordinary image, not a placeholder.")
            self._show_detail(LineageRef(RefKind.IMAGE, chain.id, chain.name))
            return
        counts.update(chain_counts(chain).describe())
        tree.show(chain, focus=subject.focus)
        tree.focus()

    @on(Tree.NodeHighlighted, "#lineage-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[LineageRef]) -> None:
        self._show_detail(event.node.data)
        self.refresh_bindings()

    def _show_detail(self, ref: LineageRef | None) -> None:
        text = self.query_one("#lineage-detail-text", Static)
        model = self._model(ref)
        if ref is not None and model is None:
            text.update(f"{ref.kind.value} {ref.id}\n\nIt is gone, or not in this project's listings.")
        else:
            text.update(describe(model, self.names))

    def _model(self, ref: LineageRef | None) -> object:
        """The resource `ref` stands for, as the browser's views hold it (so the detail pane reads the same)."""
        lineage = self.lineage
        if lineage is None or ref is None or ref.gone:
            return None
        if ref.kind is RefKind.IMAGE:
            image = lineage.images.get(ref.id)
            if image is None:
                return None
            fleet = lineage.usage(ref.id) if ref.id in lineage.decoded else None
            return ImageEntry.of(image, lineage.snapshots, lineage.volumes, fleet)
        tables = {RefKind.VOLUME: lineage.volumes, RefKind.SNAPSHOT: lineage.snapshots, RefKind.SERVER: lineage.servers}
        return tables[ref.kind].get(ref.id)

    def _node(self) -> LineageRef | None:
        """The highlighted node's resource (None also while the screen is being taken down)."""
        trees = self.query(LineageTree)
        node = trees.first().cursor_node if trees else None
        return node.data if node is not None else None

    # keys

    @on(Tree.NodeSelected, "#lineage-tree")
    def _selected(self, event: Tree.NodeSelected[LineageRef]) -> None:
        """Enter: the node in its own view, where every key of that view applies to it."""
        ref = event.node.data
        if ref is None or ref.gone:
            self.notify("It is gone: there is nothing to show.", severity="warning")
            return
        self.dismiss(BrowseTo(VIEW_OF[ref.kind], ref.id))

    def action_follow(self) -> None:
        """`L`: the lineage of the highlighted node itself (a server's is its image's)."""
        ref = self._node()
        lineage = self.lineage
        if ref is None or lineage is None or ref.gone:
            return
        subject: Subject | None = Subject(Kind(ref.kind.value), ref.id) if ref.kind is not RefKind.SERVER else None
        if ref.kind is RefKind.SERVER:
            server = lineage.servers.get(ref.id)
            subject = subject_of(server) if server is not None else None
        if subject is None or subject == self.subject:
            self.notify("This is the lineage shown.")
            return
        self.history.append(self.subject)
        self.subject = subject
        self._draw()

    def action_back(self) -> None:
        if self.history:
            self.subject = self.history.pop()
            self._draw()
        else:
            self.dismiss(None)

    def action_refresh(self) -> None:
        self.load()

    def action_yaml(self) -> None:
        ref = self._node()
        if ref is not None and not ref.gone:
            self.actions.show_yaml(ref.kind.value, ref)

    def action_launch(self) -> None:
        entry = self._model(self._node())
        if isinstance(entry, ImageEntry):
            self.actions.launch(entry)
        else:
            self.notify("l launches servers from a placeholder: highlight one first.", severity="warning")

    def action_delete(self) -> None:
        entry = self._model(self._node())
        if isinstance(entry, ImageEntry):
            self.actions.delete(entry)
        else:
            self.notify("d deletes a placeholder; P plans a prune of what nothing uses.", severity="warning")

    def action_copy_metrics(self) -> None:
        """`m`: the Prometheus and Gnocchi queries of the highlighted placeholder (or a server's) to the clipboard,
        whole: the detail pane wraps long lines, which a terminal's own selection would copy broken."""
        ref, lineage = self._node(), self.lineage
        image_id = ref.id if ref is not None and ref.kind is RefKind.IMAGE else ""
        if ref is not None and ref.kind is RefKind.SERVER and lineage is not None and ref.id in lineage.servers:
            image_id = lineage.servers[ref.id].image_id
        if not image_id or ref is None or ref.gone:
            self.notify("m copies the metrics queries of a placeholder or a server: highlight one.", severity="warning")
            return
        queries = metrics_queries(image_id)
        self.app.copy_to_clipboard("\n\n".join(f"# {heading}\n{query}" for heading, query in queries.items()))
        self.notify(f"Copied the Prometheus and Gnocchi queries of image {image_id}.")

    def action_prune(self) -> None:
        from .prune import open_prune

        open_prune(self, self.context)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("launch", "delete"):
            ref = self._node()
            return True if ref is not None and ref.kind is RefKind.IMAGE and not ref.gone else None
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Its lineage", "The lineage of the highlighted node (L)", self.action_follow)
        yield SystemCommand("Raw YAML", "The highlighted resource as the API returns it (y)", self.action_yaml)
        yield SystemCommand("Refresh", "Read the lineage again (r)", self.action_refresh)
        yield SystemCommand("Prune", "Plan the deletion of what nothing uses any more (P)", self.action_prune)
