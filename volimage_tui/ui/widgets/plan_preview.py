"""The live preview of a placeholder plan: mapping, properties, requests and commands as tabs, checks below."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from ...core.checks import Check, Level
from ...core.export import UNKNOWN_TARGET, Target, placeholder_commands, placeholder_requests
from ...core.placeholder import PlaceholderPlan

PREVIEW_TABS = (
    ("mapping", "Mapping"),
    ("properties", "Properties"),
    ("requests", "Requests"),
    ("commands", "Commands"),
)


class PlanPreview(Vertical):
    """Shows a plan as Glance and the `openstack` CLI would see it, and what the checks say about it."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="preview-tabs"):
            for key, title in PREVIEW_TABS:
                with TabPane(title, id=f"preview-{key}"), VerticalScroll():
                    yield Static("", id=f"preview-{key}-text", classes="preview-text")
        yield Static("", id="preview-checks")

    def show(
        self,
        plan: PlaceholderPlan | None,
        checks: Sequence[Check],
        form_problems: Sequence[str],
        target: Target = UNKNOWN_TARGET,
    ) -> None:
        if plan is not None:
            mapping = json.dumps(json.loads(plan.properties["block_device_mapping"]), indent=2)
            self._set("mapping", Syntax(mapping, "json", theme="ansi_dark", word_wrap=True))
            properties = {"min_disk": str(plan.min_disk), "min_ram": str(plan.min_ram), **plan.properties}
            shown = {k: v for k, v in properties.items() if k != "block_device_mapping"}
            lines = Text()
            for key, value in shown.items():
                lines.append(key, style="bold")
                lines.append(f" = {value}\n")
            lines.append("tags: " + ", ".join(plan.tags), style="dim")
            self._set("properties", lines)
            requests = "\n\n".join(request.describe() for request in placeholder_requests(plan, target))
            self._set("requests", Text(requests))
            self._set("commands", Text("\n\n".join(placeholder_commands(plan, target))))
        self.query_one("#preview-checks", Static).update(checks_text(checks, form_problems))

    def _set(self, key: str, content: Syntax | Text) -> None:
        self.query_one(f"#preview-{key}-text", Static).update(content)


def checks_text(checks: Sequence[Check], form_problems: Sequence[str] = ()) -> Text:
    """Errors first (they block), then warnings; or a line saying all is well."""
    text = Text()
    for problem in form_problems:
        text.append("✗ " + problem + "\n", style="bold red")
    for check in sorted(checks, key=lambda check: check.level is not Level.ERROR):
        if check.level is Level.ERROR:
            text.append("✗ " + check.message + "\n", style="bold red")
        else:
            text.append("! " + check.message + "\n", style="yellow")
    if not text:
        text.append("✓ No problems found.", style="green")
    text.rstrip()
    return text
