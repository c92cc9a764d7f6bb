"""Compose a placeholder image from a snapshot or a volume, with a preview that follows every change.

The plan is a pure function of the form (core's `build_plan` and `check_plan`), so it is recomputed on the event
loop at each keystroke; only reading the source's volume and the cloud's volume types needs a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, RadioSet, Select, SelectionList, TabbedContent

from ...core.checks import Check, blocking, check_plan
from ...core.export import UNKNOWN_TARGET, Target
from ...core.models import Snapshot, Volume
from ...core.placeholder import BootSource, PlaceholderPlan, build_plan
from ...errors import VolimageError
from ..messages import ResourcesChanged
from ..widgets.footer import KeyFooter
from ..widgets.placeholder_form import PlaceholderForm
from ..widgets.plan_preview import PREVIEW_TABS, PlanPreview
from ..worker_failures import ReportsWorkerFailures
from .confirm import ConfirmScreen
from .progress import ActionOutcome, ActionProgressScreen, reported

if TYPE_CHECKING:
    from ...cloud.session import Session
    from ..context import ScreenContext


class ComposeScreen(ReportsWorkerFailures, Screen[None]):
    """The options of a new placeholder beside its preview; Create asks for confirmation, then runs."""

    HELP = (
        "Every option changes the preview at once. Errors (✗) block Create; warnings (!) explain what you accept. "
        "Tabs on the right show the mapping, the image properties, the exact requests and the equivalent "
        "openstack commands."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="compose-back"),
        Binding("ctrl+s", "create", "Create", id="compose-create"),
    ]

    def __init__(self, source: Snapshot | Volume, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.item = source
        self.source = (
            BootSource.from_snapshot(source, None) if isinstance(source, Snapshot) else BootSource.from_volume(source)
        )
        self.volume_types: list[str] | None = None
        self.target = UNKNOWN_TARGET
        """The cloud the requests go to; until it is read, the preview shows them for a cloud offering every
        microversion."""
        self.plan: PlaceholderPlan | None = None
        self.checks: list[Check] = []

    def compose(self) -> ComposeResult:
        kind = "snapshot" if isinstance(self.item, Snapshot) else "volume"
        yield Header()
        yield Label(f"Placeholder image from {kind} {self.source.name} ({self.source.id})", id="compose-title")
        with Horizontal(id="compose-body"):
            yield PlaceholderForm(self.source, id="compose-form")
            yield PlanPreview(id="compose-preview")
        with Horizontal(id="compose-buttons", classes="dialog-buttons"):
            label = "Create (read-only)" if self.context.read_only else "Create"
            yield Button(label, id="compose-create", variant="primary")
            yield Button("Back", id="compose-back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.update_preview()
        self.query_one("#opt-name", Input).focus()
        connection = self.context.connection
        if connection is not None:
            self.run_worker(
                lambda: self._read_context(connection.session),
                thread=True,
                exclusive=True,
                group="compose",
                exit_on_error=False,
            )

    def _read_context(self, session: Session) -> None:
        """The snapshot's volume (its image metadata and bootable flag), the cloud's volume types, and the
        snapshots and volumes that can be extra data disks."""

        try:
            source = self.source
            if isinstance(self.item, Snapshot):
                source = BootSource.from_snapshot(self.item, session.source_volume(self.item))
            volume_types = session.volume_types()
            self.app.call_from_thread(self._context_read, source, volume_types, session.target())
            self.app.call_from_thread(self._data_sources_read, session.snapshots(), session.volumes())
        except VolimageError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")

    def _data_sources_read(self, snapshots: list[Snapshot], volumes: list[Volume]) -> None:
        form = self.query_one(PlaceholderForm)
        form.set_snapshots(snapshots)
        form.set_volumes(volumes)

    def _context_read(self, source: BootSource, volume_types: list[str], target: Target) -> None:
        self.source = source
        self.volume_types = volume_types
        self.target = target
        form = self.query_one(PlaceholderForm)
        form.set_source(source)
        remembered = self.context.remembered().get("volume_type")
        form.set_volume_types(volume_types, remembered if remembered in volume_types else None)
        self.update_preview()

    # the live preview

    @on(Input.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(SelectionList.SelectedChanged)
    def _option_changed(self) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        form = self.query_one(PlaceholderForm)
        problems = form.problems()
        self.plan = build_plan(self.source, form.options())
        self.checks = check_plan(self.plan, volume_types=self.volume_types)
        self.query_one(PlanPreview).show(self.plan, self.checks, problems, self.target)
        create = self.query_one("#compose-create", Button)
        create.disabled = self.context.read_only or bool(problems) or blocking(self.checks)

    # creating

    @on(Button.Pressed, "#compose-create")
    def action_create(self) -> None:
        if self.app.screen is not self:
            return  # the second press of a double click, with the question (or the creation) already on top
        plan, connection = self.plan, self.context.connection
        if self.context.read_only:
            self.notify("volimage is read-only: it will not create images.", severity="warning")
            return
        if plan is None or connection is None or self.query_one("#compose-create", Button).disabled:
            self.notify("Fix the errors (✗) first.", severity="warning")
            return
        self.app.push_screen(
            ConfirmScreen("Create this placeholder image?", plan.describe(), "Create"),
            lambda confirmed: self._create(connection.session, plan) if confirmed else None,
        )

    def _create(self, session: Session, plan: PlaceholderPlan) -> None:
        def summary(created: Any) -> str:
            made = f"Image {created.image.label} ({created.image.id}) is {created.image.status}."
            if created.snapshot is not None:
                made += f" Its snapshot: {created.snapshot.label} ({created.snapshot.id})."
            return made

        progress = ActionProgressScreen(
            f"Creating image {plan.options.name}", summary, follow_up="Launch servers from it"
        )
        self.app.push_screen(progress, self._created)
        self.run_worker(
            partial(self._create_image, session, plan, progress),
            thread=True,
            group="create",
            exit_on_error=False,
            description=f"Creating image {plan.options.name}",
        )

    def _create_image(self, session: Session, plan: PlaceholderPlan, progress: ActionProgressScreen) -> None:
        """Where the UI creates an image: the actions facade, reporting to the progress screen."""
        from ...cloud.actions import Actions

        actions = Actions(session, progress=progress.report, cancel=progress.cancel)
        volume_types = self.volume_types
        reported(progress, lambda: actions.create_placeholder(plan, volume_types=volume_types))

    def _created(self, outcome: ActionOutcome | None) -> None:
        self.app.post_message(ResourcesChanged("images", "snapshots"))
        if outcome is None:
            return
        created = outcome.result
        volume_type = self.plan.options.volume_type if self.plan else None
        if volume_type:
            self.context.remember({"volume_type": volume_type})
        self.context.record(
            "image-created",
            image_id=created.image.id,
            name=created.image.name,
        )
        self.notify(f"Image {created.image.label} is ready.", title="Created")
        if outcome.follow_up:
            from .launch import LaunchScreen

            self.app.switch_screen(LaunchScreen(created.image, self.context))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Create the image", "After a confirmation (ctrl+s)", self.action_create)
        for key, title in PREVIEW_TABS:
            yield SystemCommand(f"Preview: {title.lower()}", f"Show the {title.lower()} tab", partial(self._tab, key))
        yield SystemCommand("Back", "Leave without creating (esc)", self.action_back)

    def _tab(self, key: str) -> None:
        self.query_one("#preview-tabs", TabbedContent).active = f"preview-{key}"

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#compose-back")
    def _back_pressed(self) -> None:
        self.action_back()
