"""Where volimage keeps its files, and the typed settings read from them.

    file                                   read by            holds
    <user config dir>/config.toml          the app at start   theme, key map, read-only, demo speed
    <user state dir>/state.json            the app            last cloud and region, theme, per-cloud defaults
    <user data dir>/history.jsonl          the app (append)   what volimage created, one JSON object a line
    <user log dir>/volimage.log            logging (logs.py)  warnings, and everything with --debug

A config file with mistakes never stops the app: each problem becomes one line naming the file and the key, and
the default is used for that key.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import platformdirs

from .files import open_owner_only, replace_whole

APP_NAME = "volimage"

DEFAULT_THEME = "textual-dark"
DEFAULT_DEMO_SPEED = 0.5
"""Seconds each simulated status change takes in the demo cloud, so progress can be watched."""


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def state_path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME)) / "state.json"


def history_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "history.jsonl"


@dataclass(frozen=True)
class Settings:
    """What config.toml may set; every field has a default."""

    theme: str | None = None
    """None: the theme last picked in the app (the command palette), else textual-dark."""
    read_only: bool = False
    """Refuse every action that creates or deletes."""
    demo_speed: float = DEFAULT_DEMO_SPEED
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id to keys, e.g. `{"view-filter": "slash,f"}`."""


_FIELD_KINDS: dict[str, tuple[type, str]] = {
    "theme": (str, "a string"),
    "read_only": (bool, "true or false"),
    "demo_speed": (float, "a number of seconds"),
    "keys": (dict, "a table of binding id = keys"),
}


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings of `path` (the user's config.toml by default) and one line per problem found in it."""
    path = path or config_path()
    if not path.is_file():
        return Settings(), []
    import tomllib  # most users have no config file: not loaded before the first paint then

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return Settings(), [f"Cannot read {path}: {error.strerror}; using the defaults."]
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path} is not valid TOML ({error}); using the defaults."]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in document.items():
        if key not in _FIELD_KINDS:
            problems.append(f"{path}: unknown key {key!r}{_suggestion(key, _FIELD_KINDS)}; it is ignored.")
            continue
        kind, words = _FIELD_KINDS[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            problems.append(f"{path}: key {key!r} must be {words}; using the default.")
            continue
        if key == "keys":
            value, key_problems = _key_map(path, cast("dict[str, Any]", value))
            problems += key_problems
        if key == "demo_speed" and value < 0:
            problems.append(f"{path}: key 'demo_speed' must not be negative; using the default.")
            continue
        values[key] = value
    return Settings(**values), problems


def _key_map(path: Path, table: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: key 'keys.{binding_id}' must be a key name like \"ctrl+f\"; it is ignored.")
            continue
        keys[binding_id] = value
    return keys, problems


def _suggestion(word: str, choices: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass
class State:
    """What volimage remembers between runs."""

    last_cloud: str | None = None
    last_region: str | None = None
    theme: str | None = None
    """The theme last picked in the app; config.toml's wins over it."""
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per cloud: the flavor, network, key pair and volume type last chosen."""

    def cloud_defaults(self, cloud: str) -> dict[str, str]:
        return self.defaults.setdefault(cloud, {})


def load_state(path: Path | None = None) -> State:
    """The remembered state; an unreadable file is treated as no memory at all."""
    path = path or state_path()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return State()
    if not isinstance(document, dict):
        return State()
    defaults = document.get("defaults")
    return State(
        last_cloud=_text_or_none(document.get("last_cloud")),
        last_region=_text_or_none(document.get("last_region")),
        theme=_text_or_none(document.get("theme")),
        defaults={
            str(cloud): {str(key): str(value) for key, value in chosen.items()}
            for cloud, chosen in (defaults.items() if isinstance(defaults, dict) else ())
            if isinstance(chosen, dict)
        },
    )


def save_state(state: State, path: Path | None = None) -> None:
    path = path or state_path()
    try:
        document = {
            "last_cloud": state.last_cloud,
            "last_region": state.last_region,
            "theme": state.theme,
            "defaults": state.defaults,
        }
        replace_whole(path, json.dumps(document, indent=2))
    except OSError:
        logging.getLogger(__name__).warning("Cannot write %s", path, exc_info=True)


def record_history(event: str, cloud: str, region: str, **details: str) -> None:
    """Append one line to the history of what volimage created or deleted."""
    path = history_path()
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "event": event, "cloud": cloud, "region": region}
    try:
        with open_owner_only(path) as history:
            history.write(json.dumps({**entry, **details}) + "\n")
    except OSError:
        logging.getLogger(__name__).warning("Cannot write %s", path, exc_info=True)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
