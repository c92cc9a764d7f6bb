"""What can be done to one row of the browser: show its raw YAML, compose, launch, delete.

Each opens its own screen, so this class only decides whether the action applies and hands the screen what it
needs; the browser owns the views and the selection and calls it with the selected item.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.worker import get_current_worker

from ...core.models import Image, Snapshot, Volume
from ...errors import VolimageError
from ..views import ImageEntry

if TYPE_CHECKING:
    from ...cloud.session import Session
    from ...core.deletion import DeletePlan
    from ..context import ScreenContext
    from .progress import ActionProgressScreen


class SelectionActions:
    """The actions on a selected resource; those that change the cloud refuse in read-only mode."""

    def __init__(self, screen: Screen[Any], context: ScreenContext) -> None:
        self.screen = screen
        self.context = context

    def _session(self) -> Session | None:
        connection = self.context.connection
        if connection is None:
            self.screen.notify("Not connected yet.", severity="warning")
            return None
        return connection.session

    def refuses_mutation(self, what: str) -> bool:
        """True (and says so) when read-only mode forbids `what`."""
        if self.context.read_only:
            self.screen.notify(f"volimage is read-only: it will not {what}.", severity="warning")
            return True
        return False

    # raw YAML

    def show_yaml(self, kind: str, item: Volume | Snapshot | Image | object) -> None:
        session = self._session()
        resource_id = getattr(item, "id", None)
        if session is None or not isinstance(resource_id, str):
            return
        label = getattr(item, "name", "") or resource_id
        self.screen.run_worker(
            partial(self._fetch_raw, session, kind, resource_id, label),
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
            self.screen.app.call_from_thread(self.screen.notify, str(error), severity="error")
            return
        text = yaml.safe_dump(raw, sort_keys=True, allow_unicode=True)
        if not get_current_worker().is_cancelled:
            self.screen.app.call_from_thread(self._push_yaml, f"{kind} {label}", text)

    def _push_yaml(self, title: str, text: str) -> None:
        from .yaml_view import YamlScreen

        self.screen.app.push_screen(YamlScreen(title, text))

    # compose, launch, delete

    def compose(self, item: object) -> None:
        from .compose import ComposeScreen

        if isinstance(item, Snapshot | Volume):
            self.screen.app.push_screen(ComposeScreen(item, self.context))

    def launch(self, item: object) -> None:
        from .launch import LaunchScreen

        if not isinstance(item, ImageEntry):
            return
        if not item.decoded.is_placeholder:
            self.screen.notify(f"{item.image.label} is not a placeholder image; volimage launches placeholders.")
            return
        if not self.refuses_mutation("launch servers"):
            self.screen.app.push_screen(LaunchScreen(item.image, self.context))

    def delete(self, item: object) -> None:
        from .delete import DeleteScreen

        if not isinstance(item, ImageEntry) or self.refuses_mutation("delete images"):
            return
        session = self._session()
        if session is None:
            return

        def decided(plan: DeletePlan | None) -> None:
            if plan is not None:
                self._run_delete(session, plan)

        self.screen.app.push_screen(DeleteScreen(session, item.image), decided)

    def _run_delete(self, session: Session, plan: DeletePlan) -> None:
        from ..messages import ResourcesChanged
        from .progress import ActionOutcome, ActionProgressScreen

        def finished(outcome: ActionOutcome | None) -> None:
            if outcome is not None:
                self.screen.notify(f"Deleted image {plan.image.label}.")
            self.screen.app.post_message(ResourcesChanged("images", "snapshots"))

        def summary(done: object) -> str:
            return "Done: " + "; ".join(done) + "." if isinstance(done, list) else "Done."

        progress = ActionProgressScreen(f"Deleting image {plan.image.label}", summary)
        self.screen.app.push_screen(progress, finished)
        self.screen.run_worker(
            partial(self._delete_image, session, plan, progress),
            thread=True,
            group="delete",
            exit_on_error=False,
            description=f"Deleting image {plan.image.label}",
        )

    @staticmethod
    def _delete_image(session: Session, plan: DeletePlan, progress: ActionProgressScreen) -> None:
        """Where the UI deletes an image: the actions facade, reporting to the progress screen."""
        from ...cloud.actions import Actions
        from .progress import reported

        actions = Actions(session, progress=progress.report, cancel=progress.cancel)
        reported(progress, lambda: actions.delete(plan))
