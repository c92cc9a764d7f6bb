"""Launch servers from a placeholder image: the form, the pre-flight checks before the button, then progress."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, SelectionList, Static

from ...core.checks import Check, blocking
from ...core.export import launch_commands
from ...core.launch import LaunchPlan
from ...core.models import Image
from ...errors import VolimageError
from ..messages import ResourcesChanged
from ..widgets.footer import KeyFooter
from ..widgets.launch_form import LaunchForm
from ..widgets.plan_preview import checks_text
from ..worker_failures import ReportsWorkerFailures
from .confirm import ConfirmScreen
from .progress import ActionOutcome, ActionProgressScreen, reported

if TYPE_CHECKING:
    from ...cloud.reads import LaunchChoices, Preflight
    from ...cloud.session import Session
    from ..context import ScreenContext


class LaunchScreen(ReportsWorkerFailures, Screen[None]):
    """Pick the servers' flavor, networks and the rest; Launch is enabled when no check blocks."""

    HELP = "The checks under the form run before anything is sent: errors (✗) block Launch, warnings (!) inform."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="launch-back"),
        Binding("ctrl+s", "launch", "Launch", id="launch-go"),
    ]

    def __init__(self, image: Image, context: ScreenContext) -> None:
        super().__init__()
        self.image = image
        self.context = context
        self.preflight: Preflight | None = None
        self.plan: LaunchPlan | None = None
        self.checks: list[Check] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(f"Launch servers from image {self.image.label} ({self.image.id})", id="launch-title")
        with Horizontal(id="launch-body"):
            yield LaunchForm(self.image, id="launch-form")
            with Vertical(id="launch-side"):
                with VerticalScroll(id="launch-checks-scroll"):
                    yield Static("Reading flavors, networks and quotas…", id="launch-checks")
                yield Static("", id="launch-command", classes="preview-text")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Launch", id="launch-go", variant="primary", disabled=True)
            yield Button("Back", id="launch-back")
        yield KeyFooter()

    def on_mount(self) -> None:
        connection = self.context.connection
        if connection is not None:
            self.run_worker(
                lambda: self._read(connection.session),
                thread=True,
                exclusive=True,
                group="launch",
                exit_on_error=False,
            )

    def _read(self, session: Session) -> None:
        from ...cloud.reads import launch_choices, preflight

        try:
            choices, found = launch_choices(session), preflight(session, self.image)
        except VolimageError as error:
            self.app.call_from_thread(self._read_failed, str(error))
            return
        self.app.call_from_thread(self._context_read, choices, found)

    def _read_failed(self, reason: str) -> None:
        self.query_one("#launch-checks", Static).update(reason)
        self.notify(reason, severity="error")

    def _context_read(self, choices: LaunchChoices, found: Preflight) -> None:
        self.preflight = found
        form = self.query_one(LaunchForm)
        form.fill(
            choices.flavors, choices.networks, choices.keypairs, choices.groups, found.zones, self.context.remembered()
        )
        self.query_one("#launch-name", Input).focus()
        self.update_checks()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _option_changed(self) -> None:
        self.update_checks()

    def update_checks(self) -> None:
        context, form = self.preflight, self.query_one(LaunchForm)
        button = self.query_one("#launch-go", Button)
        options = form.options() if context is not None else None
        if context is None or options is None:
            button.disabled = True
            return
        self.plan = LaunchPlan(self.image, options)
        self.checks = context.checks(self.plan)
        problems = [problem for problem in (form.count_problem(),) if problem]
        self.query_one("#launch-checks", Static).update(checks_text(self.checks, problems))
        self.query_one("#launch-command", Static).update("\n".join(launch_commands(self.plan, context.target)))
        button.disabled = self.context.read_only or bool(problems) or blocking(self.checks)

    @on(Button.Pressed, "#launch-go")
    def action_launch(self) -> None:
        if self.app.screen is not self:
            return  # the second press of a double click, with the question (or the launch) already on top
        plan, connection, context = self.plan, self.context.connection, self.preflight
        if self.context.read_only:
            self.notify("volimage is read-only: it will not launch servers.", severity="warning")
            return
        if plan is None or connection is None or context is None or self.query_one("#launch-go", Button).disabled:
            self.notify("Fix the errors (✗) first.", severity="warning")
            return
        self.app.push_screen(
            ConfirmScreen("Launch these servers?", context.describe(plan), "Launch"),
            lambda confirmed: self._launch(connection.session, plan) if confirmed else None,
        )

    def _launch(self, session: Session, plan: LaunchPlan) -> None:
        progress = ActionProgressScreen(f"Launching {plan.options.name}", describe_launched)
        self.app.push_screen(progress, lambda outcome: self._launched(plan, outcome))
        self.run_worker(
            partial(self._launch_servers, session, plan, progress),
            thread=True,
            group="launch-servers",
            exit_on_error=False,
            description=f"Launching {plan.options.name}",
        )

    def _launch_servers(self, session: Session, plan: LaunchPlan, progress: ActionProgressScreen) -> None:
        """Where the UI launches servers: the actions facade, reporting to the progress screen."""
        from ...cloud.actions import Actions

        actions = Actions(session, progress=progress.report, cancel=progress.cancel)
        reported(progress, lambda: actions.launch(plan))

    def _launched(self, plan: LaunchPlan, outcome: ActionOutcome | None) -> None:
        self.app.post_message(ResourcesChanged("servers", "volumes", "images"))  # images: their servers counted
        if outcome is None:
            return
        options = plan.options
        choices = {"flavor": options.flavor.name}
        if options.networks and options.networks[0] not in ("auto", "none"):
            choices["network"] = options.networks[0]
        if options.key_name:
            choices["key_name"] = options.key_name
        self.context.remember(choices)
        launched = outcome.result
        self.context.record(
            "servers-launched",
            image_id=self.image.id,
            servers=",".join(server.id for server in launched.servers),
        )
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Launch the servers", "After a confirmation (ctrl+s)", self.action_launch)
        yield SystemCommand("Back", "Leave without launching (esc)", self.action_back)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#launch-back")
    def _back_pressed(self) -> None:
        self.action_back()


def describe_launched(launched: Any) -> Text:
    """One line per server: its status, Nova's fault if any, and the volumes made for it."""
    text = Text()
    for server in launched.servers:
        failed = server.status == "ERROR"
        text.append(f"{server.name}: {server.status}", style="bold red" if failed else "bold green")
        if server.fault:
            text.append(f" ({server.fault})", style="red")
        if server.volume_ids:
            text.append("; volumes " + ", ".join(server.volume_ids))
        text.append("\n")
    text.rstrip()
    return text or Text("No server was made.", style="yellow")
