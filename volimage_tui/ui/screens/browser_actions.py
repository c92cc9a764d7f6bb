"""What the browser does with the selected row: raw YAML, compose, launch, delete (each opening its own screen)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.worker import get_current_worker

from ...core.models import Snapshot, Volume
from ...errors import VolimageError
from ..views import ImageEntry

if TYPE_CHECKING:
    from ...cloud.actions import Actions
    from ...cloud.session import Session
    from ...core.deletion import DeletePlan
    from ..app import VolimageApp
    from ..widgets.resource_table import ResourceTable


class BrowserActions(Screen[None]):
    """The browser's actions on its selection; mutating ones refuse in read-only mode."""

    kind: str

    @property
    def volimage(self) -> VolimageApp:
        return cast("VolimageApp", self.app)

    def table(self, kind: str | None = None) -> ResourceTable:
        raise NotImplementedError

    def _selected(self) -> Any:
        item = self.table().highlighted
        if item is None:
            self.notify(f"Select one of the {self.kind} first.", severity="warning")
        return item

    def _session(self) -> Session | None:
        session = self.volimage.session
        if session is None:
            self.notify("Not connected yet.", severity="warning")
        return session

    def refuses_mutation(self, what: str) -> bool:
        """True (and says so) when read-only mode forbids `what`."""
        if self.volimage.read_only:
            self.notify(f"volimage is read-only: it will not {what}.", severity="warning")
            return True
        return False

    # raw YAML

    def action_yaml(self) -> None:
        item, session = self._selected(), self._session()
        if item is None or session is None:
            return
        kind = self.kind.removesuffix("s")
        self.run_worker(
            partial(self._fetch_raw, session, kind, item.id, getattr(item, "name", "") or item.id),
            thread=True,
            exclusive=True,
            group="raw",
            exit_on_error=False,
        )

    def _fetch_raw(self, session: Session, kind: str, resource_id: str, label: str) -> None:
        import yaml

        try:
            raw = session.raw(kind, resource_id)
        except VolimageError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        text = yaml.safe_dump(raw, sort_keys=True, allow_unicode=True)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_yaml, f"{kind} {label}", text)

    def _show_yaml(self, title: str, text: str) -> None:
        from .yaml_view import YamlScreen

        self.app.push_screen(YamlScreen(title, text))

    # compose, launch, delete

    def action_compose(self) -> None:
        from .compose import ComposeScreen

        item = self._selected()
        if isinstance(item, Snapshot | Volume):
            self.app.push_screen(ComposeScreen(item))

    def action_launch(self) -> None:
        from .launch import LaunchScreen

        item = self._selected()
        if isinstance(item, ImageEntry):
            if not item.decoded.is_placeholder:
                self.notify(f"{item.image.label} is not a placeholder image; volimage launches placeholders.")
                return
            if not self.refuses_mutation("launch servers"):
                self.app.push_screen(LaunchScreen(item.image))

    def action_delete(self) -> None:
        from .delete import DeleteScreen

        item, session = self._selected(), self._session()
        if not isinstance(item, ImageEntry) or session is None or self.refuses_mutation("delete images"):
            return

        def decided(plan: DeletePlan | None) -> None:
            if plan is not None:
                self._run_delete(session, plan)

        self.app.push_screen(DeleteScreen(session, item.image), decided)

    def _run_delete(self, session: Session, plan: DeletePlan) -> None:
        from ..messages import ResourcesChanged
        from .progress import ActionOutcome, ActionProgressScreen

        def job(actions: Actions) -> list[str]:
            return actions.delete(plan)

        def finished(outcome: ActionOutcome | None) -> None:
            if outcome is not None:
                self.notify(f"Deleted image {plan.image.label}.")
            self.app.post_message(ResourcesChanged("images", "snapshots"))

        def summary(done: object) -> str:
            return "Done: " + "; ".join(done) + "." if isinstance(done, list) else "Done."

        screen = ActionProgressScreen(f"Deleting image {plan.image.label}", session, job, summary)
        self.app.push_screen(screen, finished)
