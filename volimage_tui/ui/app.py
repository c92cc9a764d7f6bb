"""The volimage app: picks a cloud, keeps the session, and turns any worker failure into one notification.

Nothing here imports `volimage_tui.cloud` at module level: openstacksdk loads inside the first worker, after the
first screen has painted. The screens other than the browser are imported when first opened, for the same reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from ..core.clouds import Undecided, choose_cloud
from ..core.models import CloudProfile
from ..errors import VolimageError
from ..settings import (
    DEFAULT_THEME,
    Settings,
    State,
    config_path,
    load_settings,
    load_state,
    record_history,
    save_state,
)
from .binding_ids import BINDING_IDS, unknown_binding_problems
from .commands import parse_command
from .context import Connection
from .messages import (
    CloudsFound,
    ConnectionChanged,
    ConnectionFailed,
    ResourcesChanged,
    RetryConnection,
    SessionFailed,
    SessionOpened,
    ShowView,
)
from .screens.browser import BrowserScreen
from .views import VIEWS
from .worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..cloud.session import Session

OpenSession = Callable[[CloudProfile, "str | None"], "Session"]
"""Makes the (not yet connected) session of a cloud and region: the composition root decides how clouds are reached."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """A notification as the user read it."""

    title: str
    message: str
    severity: SeverityLevel


class VolimageApp(ReportsWorkerFailures, App[int]):
    """Browse a cloud's volumes and snapshots, make placeholder images from them and launch servers."""

    TITLE = "volimage"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "pick_cloud", "Cloud", id="app-cloud"),
        Binding("f3", "pick_region", "Region", id="app-region"),
        Binding("colon", "command_line", "Command", id="app-command-line"),
        Binding("question_mark", "help", "Help", id="app-help"),
        Binding("ctrl+q", "quit", "Quit", id="app-quit", priority=True),
    ]

    def __init__(
        self,
        open_session: OpenSession,
        *,
        cloud: str | None = None,
        region: str | None = None,
        demo: bool = False,
        read_only: bool = False,
        settings: Settings | None = None,
        settings_problems: Sequence[str] = (),
        state: State | None = None,
        remember: bool = True,
    ) -> None:
        super().__init__()
        problems = list(settings_problems)
        if settings is None:
            settings, problems = load_settings()
        self.open_session = open_session
        self.settings = settings
        self.settings_problems = problems
        self.state = state if state is not None else load_state()
        self.remember_choices = remember
        """False in headless mode and tests: nothing of this run is kept for the next."""
        self.requested_cloud = cloud
        self.requested_region = region
        self.demo = demo
        self.read_only = read_only or settings.read_only
        self.connection: Connection | None = None
        self.profiles: tuple[CloudProfile, ...] = ()
        self.attempt = 0
        """Counts connection attempts, so only the latest one's outcome is taken."""
        self.failed_attempt: tuple[CloudProfile, str | None] | None = None
        """The cloud and region of the last connection that failed, for `r` to try again."""
        self.notices: list[Notice] = []
        """Every notification shown, in order (headless mode reports the errors among them)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notices.append(Notice(title, str(message), severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def clear_notifications(self) -> None:
        self.notices.clear()
        super().clear_notifications()

    # start

    def get_default_screen(self) -> Screen[None]:
        self.browser = BrowserScreen(self)
        return self.browser

    def on_mount(self) -> None:
        self._apply_theme()
        if self.settings.keys:
            known = {key: value for key, value in self.settings.keys.items() if key in BINDING_IDS}
            self.settings_problems += unknown_binding_problems(self.settings.keys, str(config_path()))
            self.set_keymap(known)
        for problem in self.settings_problems:
            self.notify(problem, severity="warning", timeout=10)
        self._show_connection(None, "reading clouds.yaml…")
        self.call_after_refresh(self.find_clouds)

    def _apply_theme(self) -> None:
        """config.toml's theme, else the one last picked; a theme picked from now on is remembered."""
        wanted = self.settings.theme
        if wanted is not None and wanted not in self.available_themes:
            self.notify(f"Unknown theme {wanted!r} in the config file.", severity="warning")
            wanted = None
        if wanted is None and self.state.theme in self.available_themes:
            wanted = self.state.theme
        self.theme = wanted or DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_picked)

    def _theme_picked(self, theme: Theme) -> None:
        if self.remember_choices and theme.name != self.state.theme:
            self.state.theme = theme.name
            save_state(self.state)

    @work(thread=True, exclusive=True, group="clouds", exit_on_error=False, description="Reading clouds.yaml")
    def find_clouds(self) -> None:
        # Deliberately deferred: loading profiles imports openstacksdk, which must not delay the first paint.
        from ..cloud.profiles import load_profiles

        try:
            profiles = load_profiles()
        except VolimageError as error:
            self.post_message(CloudsFound([], str(error)))
            return
        self.post_message(CloudsFound(profiles))

    @on(CloudsFound)
    def _clouds_found(self, message: CloudsFound) -> None:
        self.profiles = message.profiles
        if message.problem:
            self.notify(message.problem, severity="error", timeout=15)
        choice = choose_cloud(
            message.profiles,
            wanted=self.requested_cloud or _environment_cloud(),
            demo=self.demo,
            last_used=self.state.last_cloud,
        )
        if choice.profile is None:
            if choice.undecided is Undecided.UNKNOWN:
                self.notify(choice.problem, severity="error", timeout=10)
            self.action_pick_cloud()
            return
        region = self.requested_region
        if region is None and choice.profile.name == self.state.last_cloud:
            region = self.state.last_region
        self.open_cloud(choice.profile, region)

    # sessions

    def open_cloud(self, profile: CloudProfile, region: str | None) -> None:
        """Connect to `profile` in `region` in a worker; the browser reloads once `SessionOpened` arrives."""
        self.attempt += 1
        self._show_connection(profile, f"{region or 'default region'} · connecting…")
        self._connect(profile, region, self.attempt)

    @work(thread=True, exclusive=True, group="session", exit_on_error=False, description="Connecting")
    def _connect(self, profile: CloudProfile, region: str | None, attempt: int) -> None:
        session = self.open_session(profile, region)
        try:
            session.connect()
            actual_region = session.region
        except VolimageError as error:
            session.close()
            self.post_message(SessionFailed(profile, region, str(error), attempt))
            return
        self.post_message(SessionOpened(session, profile, actual_region, attempt))

    @on(SessionOpened)
    def _session_opened(self, message: SessionOpened) -> None:
        if message.attempt != self.attempt:
            self._close_session(message.session)
            return
        previous = self.connection
        generation = previous.generation + 1 if previous is not None else 1
        self.connection = Connection(message.session, message.profile, message.region, generation)
        self.failed_attempt = None
        if previous is not None:
            self._close_session(previous.session)
        self._show_connection(message.profile, message.region)
        if self.remember_choices:
            self.state.last_cloud, self.state.last_region = message.profile.name, message.region
            save_state(self.state)
        self.browser.post_message(ConnectionChanged())

    @on(SessionFailed)
    def _session_failed(self, message: SessionFailed) -> None:
        if message.attempt != self.attempt:
            return
        self.notify(message.reason, title=f"Cloud {message.profile.name}", severity="error", timeout=15)
        self.failed_attempt = (message.profile, message.region)
        if self.connection is None:
            self._show_connection(None, "not connected: F2 picks a cloud")
            self.browser.post_message(ConnectionFailed(message.profile.name, message.reason))
        else:
            self._show_connection(self.connection.profile, self.connection.region)

    @on(RetryConnection)
    def _retry_connection(self) -> None:
        if self.failed_attempt is None:
            self.notify("Not connected yet.")
        else:
            self.open_cloud(*self.failed_attempt)

    @on(ResourcesChanged)
    def _resources_changed(self, message: ResourcesChanged) -> None:
        self.browser.post_message(ResourcesChanged(*message.kinds))
        for screen in self.screen_stack:  # the screens an action returns to (a lineage) read again too
            if screen is not self.browser:
                screen.post_message(ResourcesChanged(*message.kinds))

    @work(thread=True, group="closing", exit_on_error=False)
    def _close_session(self, session: Session) -> None:
        session.close()

    def _show_connection(self, profile: CloudProfile | None, region: str) -> None:
        """The header's subtitle: cloud, region, and whether it is the demo or read-only."""
        parts = [part for part in (profile.name if profile else "", region) if part]
        if profile is not None and profile.is_demo:
            parts.append("demo (simulated cloud)")
        if self.read_only:
            parts.append("read-only")
        self.sub_title = " · ".join(parts)

    # what the screens may use of the app (ScreenContext)

    def remembered(self) -> Mapping[str, str]:
        return self.state.cloud_defaults(self.connection.profile.name) if self.connection else {}

    def remember(self, choices: Mapping[str, str]) -> None:
        if self.remember_choices and self.connection is not None:
            self.state.cloud_defaults(self.connection.profile.name).update(choices)
            save_state(self.state)

    def record(self, event: str, **details: str) -> None:
        if self.connection is not None:
            record_history(event, self.connection.profile.name, self.connection.region, **details)

    # actions

    def action_pick_cloud(self) -> None:
        from .screens.cloud_picker import CloudPickerScreen

        if not self.profiles:
            self.notify("The clouds are still being read.")
            return

        def picked(profile: CloudProfile | None) -> None:
            if profile is not None:
                self.open_cloud(profile, None)

        current = self.connection.profile.name if self.connection else None
        self.push_screen(CloudPickerScreen(self.profiles, current), picked)

    def action_pick_region(self) -> None:
        from .screens.region_picker import RegionPickerScreen

        if self.connection is None:
            self.notify("Connect to a cloud first (F2).")
            return
        profile = self.connection.profile
        if not profile.regions:
            self.notify(f"clouds.yaml names no regions for {profile.name}.", severity="warning")
            return
        current = self.connection.region or None

        def picked(region: str | None) -> None:
            if region is not None:
                self.open_cloud(profile, region)

        self.push_screen(RegionPickerScreen(profile, current), picked)

    def action_command_line(self) -> None:
        from .screens.command_line import CommandLineScreen

        self.push_screen(CommandLineScreen(), self.run_command_line)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def run_command_line(self, text: str | None) -> None:
        """Run a k9s-style command line (`vol`, `snap`, `cloud [NAME]`, `region [NAME]`, `help`, `quit`)."""
        command = parse_command(text or "")
        if command is None:
            return
        match command.verb:
            case "view":
                while self.screen is not self.browser:
                    self.pop_screen()
                self.browser.post_message(ShowView(command.argument))
            case "cloud":
                self._switch_cloud(command.argument)
            case "region":
                self._switch_region(command.argument)
            case "help":
                self.action_help()
            case "quit":
                self.exit(0)
            case _:
                known = ", ".join(view.kind for view in VIEWS)
                self.notify(
                    f"Unknown command {command.argument!r}: try {known}, cloud, region, help or quit.",
                    severity="warning",
                )

    def _switch_cloud(self, name: str) -> None:
        if not name:
            self.action_pick_cloud()
            return
        profile = next((profile for profile in self.profiles if profile.name == name), None)
        if profile is None:
            self.notify(f"There is no cloud {name!r}.", severity="error")
        else:
            self.open_cloud(profile, None)

    def _switch_region(self, name: str) -> None:
        if not name:
            self.action_pick_region()
        elif self.connection is not None:
            self.open_cloud(self.connection.profile, name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Switch cloud", "Pick another cloud of clouds.yaml (F2)", self.action_pick_cloud)
        yield SystemCommand("Switch region", "Pick another region of this cloud (F3)", self.action_pick_region)
        yield SystemCommand("Help", "Keys of this screen (?)", self.action_help)
        palette = getattr(screen, "palette_commands", None)
        if callable(palette):
            yield from palette()


def _environment_cloud() -> str | None:
    import os

    return os.environ.get("OS_CLOUD") or None
