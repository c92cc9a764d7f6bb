"""Every binding id a user can give new keys in config.toml's `[keys]` table.

Listed here, rather than gathered from the screens, so that the App can check the table at start without importing
every screen before its first paint; tests/ui/test_keys_and_help.py checks that the list is exactly the ids the
app's screens and widgets declare.
"""

from __future__ import annotations

BINDING_IDS = frozenset(
    {
        "app-cloud",
        "app-command-line",
        "app-help",
        "app-quit",
        "app-region",
        "cloud-picker-cancel",
        "command-line-cancel",
        "compose-back",
        "compose-create",
        "confirm-cancel",
        "confirm-yes",
        "delete-cancel",
        "help-close",
        "image-delete",
        "image-launch",
        "launch-back",
        "launch-go",
        "lineage-back",
        "lineage-delete",
        "lineage-follow",
        "lineage-launch",
        "lineage-metrics",
        "lineage-prune",
        "lineage-refresh",
        "lineage-yaml",
        "progress-close",
        "prune-cancel",
        "region-picker-cancel",
        "servers-group",
        "source-compose",
        "table-down",
        "table-first",
        "table-last",
        "table-open",
        "table-page-down",
        "table-page-up",
        "table-sort",
        "table-sort-reverse",
        "table-up",
        "view-back",
        "view-detail",
        "view-filter",
        "view-images",
        "view-lineage",
        "view-prune",
        "view-refresh",
        "view-servers",
        "view-snapshots",
        "view-volumes",
        "view-yaml",
        "yaml-close",
    }
)


def unknown_binding_problems(keys: dict[str, str], source: str) -> list[str]:
    """One line for each binding id of `keys` that no binding has, with the nearest valid one."""
    import difflib

    problems = []
    for binding_id in sorted(set(keys) - BINDING_IDS):
        close = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{source}: unknown binding id 'keys.{binding_id}'{hint}; it is ignored.")
    return problems
