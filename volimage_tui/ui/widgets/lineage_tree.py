"""The chain of one image, snapshot or volume as a Textual `Tree`: each node a resource, with its status and counts.

    volume web-01-root · in-use · 20 GiB · attached to web-01
    └── snapshot web-golden · available · 20 GiB · 1 placeholder · 3 clones, 1 orphaned
        ├── placeholder web · active · volimage · 2 servers (2 ACTIVE) · holds 40 GiB
        │   ├── server web-1 · ACTIVE
        │   └── server web-2 · ACTIVE
        └── clone (no name) · available · 20 GiB · ORPHANED: attached to nothing

The tree draws what `core/chain.py` derived and nothing more; each node carries a `LineageRef` (what it is and its
id) so the screen can act on it without reading the labels back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...core.chain import Chain, CloneNode, PlaceholderNode, ServerNode, SnapshotNode, VolumeNode

StatusStyle = Callable[[str], str]
"""The rich style of a status (`in-use` → cyan): the app's, handed in, so the widget knows no view."""


class RefKind(StrEnum):
    """What a node is; also the raw kind of `y` (a clone is a volume, a placeholder an image)."""

    VOLUME = "volume"
    SNAPSHOT = "snapshot"
    IMAGE = "image"
    SERVER = "server"


@dataclass(frozen=True)
class LineageRef:
    """The resource a node stands for. `gone`: mapped or named by the chain, but no longer in the cloud."""

    kind: RefKind
    id: str
    name: str = ""
    gone: bool = False

    @property
    def label(self) -> str:
        return f"{self.kind.value} {self.name or '(no name)'} ({self.id})"


@dataclass(frozen=True)
class ChainCounts:
    """What the whole chain holds, for the line above the tree."""

    volumes: int
    snapshots: int
    placeholders: int
    servers: Counter[str]
    """Servers by status."""
    clones: int
    orphaned: int
    orphaned_gib: int

    def describe(self) -> str:
        statuses = ", ".join(f"{count} {status}" for status, count in self.servers.most_common())
        servers = sum(self.servers.values())
        parts = [
            _count(self.volumes, "source volume"),
            _count(self.snapshots, "snapshot"),
            _count(self.placeholders, "placeholder"),
            _count(servers, "server") + (f" ({statuses})" if statuses else ""),
            _count(self.clones, "clone"),
        ]
        if self.orphaned:
            parts.append(f"{self.orphaned} orphaned ({self.orphaned_gib} GiB)")
        return " · ".join(parts)


def chain_counts(chain: Chain) -> ChainCounts:
    """Each resource of `chain` counted once, however many paths lead to it."""
    snapshots = {s.id: s for v in chain.volumes for s in v.snapshots}
    placeholders = {p.id: p for p in _placeholders(chain)}
    servers = {s.id: s for p in placeholders.values() for s in p.servers}
    clones = {c.id: c for s in snapshots.values() for c in s.clones}
    orphaned = [c for c in clones.values() if c.orphaned]
    return ChainCounts(
        volumes=len(chain.volumes),
        snapshots=len(snapshots),
        placeholders=len(placeholders),
        servers=Counter(s.status or "unknown" for s in servers.values()),
        clones=len(clones),
        orphaned=len(orphaned),
        orphaned_gib=sum(c.size for c in orphaned),
    )


class LineageTree(Tree[LineageRef]):
    """The chain, every node expanded; Enter posts `NodeSelected` (it does not fold: space does)."""

    def __init__(self, status_style: StatusStyle, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("lineage", id=id)
        self.status_style = status_style
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 3

    def show(self, chain: Chain, *, focus: str = "") -> None:
        """Replace the tree with `chain`, the cursor on the node of `focus` (an id), else on its subject."""
        self.clear()
        root = self.root
        if chain.placeholder is not None and not chain.volumes:
            self._placeholder(root, chain.placeholder)
        for volume in chain.volumes:
            self._volume(root, volume)
        root.expand_all()
        wanted = focus or chain.id
        subject = next((node for node in _walk(root) if node.data and node.data.id == wanted), None)
        # the lines are laid out on the next refresh: only then does a node know its line
        self.call_after_refresh(self.move_cursor, subject or (root.children[0] if root.children else None))

    def _volume(self, parent: TreeNode[LineageRef], volume: VolumeNode) -> None:
        gone = volume.size is None
        if gone:
            label = Text.assemble(("volume ", "bold"), f"{volume.id} ", ("· ", "dim"), ("gone", "bold red"))
        else:
            notes: list[str | Text] = [self._status(volume.status), _gib(volume.size), _attached(volume.attached_to)]
            label = _label("volume", volume.name, "", notes)
        node = parent.add(label, LineageRef(RefKind.VOLUME, volume.id, volume.name, gone))
        for snapshot in volume.snapshots:
            self._snapshot(node, snapshot)
        for placeholder in volume.placeholders:
            self._placeholder(node, placeholder, "maps the volume itself: single use")

    def _snapshot(self, parent: TreeNode[LineageRef], snapshot: SnapshotNode) -> None:
        orphaned = sum(1 for clone in snapshot.clones if clone.orphaned)
        clones = _count(len(snapshot.clones), "clone") + (f", {orphaned} orphaned" if orphaned else "")
        notes: list[str | Text] = [
            self._status(snapshot.status),
            _gib(snapshot.size),
            "made by volimage" if snapshot.made_by_volimage else "",
            _count(len(snapshot.placeholders), "placeholder"),
            clones,
        ]
        node = parent.add(
            _label("snapshot", snapshot.name, "", notes), LineageRef(RefKind.SNAPSHOT, snapshot.id, snapshot.name)
        )
        for placeholder in snapshot.placeholders:
            self._placeholder(node, placeholder)
        for clone in snapshot.clones:
            self._clone(node, clone)

    def _placeholder(self, parent: TreeNode[LineageRef], placeholder: PlaceholderNode, extra: str = "") -> None:
        statuses = Counter(server.status for server in placeholder.servers).most_common()
        fleet = _count(len(placeholder.servers), "server")
        fleet += f" ({', '.join(f'{n} {status}' for status, n in statuses)})" if statuses else ""
        notes: list[str | Text] = [
            self._status(placeholder.status),
            placeholder.maker,
            "" if placeholder.visibility == "private" else placeholder.visibility,  # only the unusual is said
            fleet,
            f"holds {placeholder.provisioned_gib} GiB",
            extra,
        ]
        if placeholder.shared_unbootable:
            notes.append(Text("other projects see it but cannot boot it", style="yellow"))
        ref = LineageRef(RefKind.IMAGE, placeholder.id, placeholder.name)
        node = parent.add(_label("placeholder", placeholder.name, "", notes), ref)
        for server in placeholder.servers:
            self._server(node, server)
        for item in placeholder.missing:
            kind, _, missing_id = item.partition(" ")
            gone = LineageRef(RefKind.VOLUME if kind == "volume" else RefKind.SNAPSHOT, missing_id, gone=True)
            node.add_leaf(Text(f"✗ {item} is gone: a server booted from it fails", style="bold red"), gone)

    def _server(self, parent: TreeNode[LineageRef], server: ServerNode) -> None:
        label = _label("server", server.name, "" if server.name else server.id, [self._status(server.status)])
        parent.add_leaf(label, LineageRef(RefKind.SERVER, server.id, server.name, gone=not server.status))

    def _status(self, status: str) -> Text:
        return Text(status or "unknown", style=self.status_style(status))

    def _clone(self, parent: TreeNode[LineageRef], clone: CloneNode) -> None:
        where = _attached(clone.attached_to) or "attached to nothing"
        note: str | Text = Text(f"ORPHANED: {where}", style="bold yellow") if clone.orphaned else where
        label = _label("clone", clone.name, "", [self._status(clone.status), _gib(clone.size), note])
        parent.add_leaf(label, LineageRef(RefKind.VOLUME, clone.id, clone.name))


def _label(kind: str, name: str, identifier: str, notes: Iterable[str | Text]) -> Text:
    """`kind name · note · note`. Each space ends a span rather than starting one: an SVG export's renderer
    (rsvg-convert, for the README) drops a span's leading space, which would glue `volume` to its name."""
    text = Text.assemble((f"{kind} ", "bold"), name or "(no name)")
    if identifier:
        text.append(" ")
        text.append(identifier, style="dim")
    for note in notes:
        if note:
            text.append(" ")
            text.append("· ", style="dim")
            text.append(note)
    return text


def _gib(size: int | None) -> str:
    return "" if size is None else f"{size} GiB"


def _attached(servers: tuple[ServerNode, ...]) -> str:
    return "attached to " + ", ".join(s.name or s.id for s in servers) if servers else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _placeholders(chain: Chain) -> Iterator[PlaceholderNode]:
    if chain.placeholder is not None:
        yield chain.placeholder
    for volume in chain.volumes:
        yield from volume.placeholders
        for snapshot in volume.snapshots:
            yield from snapshot.placeholders


def _walk(node: TreeNode[LineageRef]) -> Iterator[TreeNode[LineageRef]]:
    for child in node.children:
        yield child
        yield from _walk(child)
