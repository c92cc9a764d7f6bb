"""The clouds a user can pick: every cloud of clouds.yaml through openstacksdk's own loader, plus the demo.

openstacksdk finds clouds.yaml, secure.yaml and clouds-public.yaml where the `openstack` CLI does
(`OS_CLIENT_CONFIG_FILE`, the current folder, `~/.config/openstack`, `/etc/openstack`) and merges them. It
silently ignores a file that is not valid YAML, so the files it would have read are checked here, to name the
file and the line instead of showing no clouds at all.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from openstack.config import loader

from ..core.clouds import choose_cloud
from ..core.models import DEMO_PROFILE, CloudProfile
from ..errors import ConfigError
from .errors import translated


def candidate_files() -> list[Path]:
    """The clouds.yaml files openstacksdk would consider, in its order of preference."""
    names = [os.environ["OS_CLIENT_CONFIG_FILE"]] if os.environ.get("OS_CLIENT_CONFIG_FILE") else []
    names += list(loader.CONFIG_FILES)
    return [Path(name) for name in names]


def check_files() -> None:
    """Raise `ConfigError` naming the first clouds.yaml that exists but cannot be read as YAML."""
    for path in candidate_files():
        if not path.is_file():
            continue
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"Cannot read {path}: {error.strerror}.") from error
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{path} is not valid YAML{where}.") from error
        if content is not None and not isinstance(content, dict):
            raise ConfigError(f"{path} must hold a mapping with a 'clouds' key.")


def load_profiles(*, include_demo: bool = True) -> list[CloudProfile]:
    """Every cloud of clouds.yaml with its regions, then the demo cloud; raises `ConfigError` for a bad file."""
    check_files()
    with translated("Reading clouds.yaml"):
        config = loader.OpenStackConfig()
    clouds = config.cloud_config.get("clouds") or {}
    profiles = [
        CloudProfile(
            name=name,
            regions=_regions(entry),
            auth_type=str(entry.get("auth_type") or "password"),
            source=config.config_filename or "",
        )
        for name, entry in sorted(clouds.items())
        if isinstance(entry, dict) and not (name == "defaults" and "auth" not in entry)
    ]
    return [*profiles, DEMO_PROFILE] if include_demo else profiles


def _regions(entry: dict[str, object]) -> tuple[str, ...]:
    """A cloud's regions as clouds.yaml declares them: `regions` (names or `{name: ...}`), else `region_name`.

    Read from the merged declaration rather than by building each cloud region, which needs complete auth and
    logs an error for every cloud that lacks a secret.
    """
    declared = entry.get("regions")
    if isinstance(declared, list):
        names = [str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in declared]
        return tuple(name for name in names if name)
    region_name = entry.get("region_name")
    return (str(region_name),) if region_name else ()


def default_cloud() -> str | None:
    """`OS_CLOUD` when set: with several clouds and no choice, openstacksdk picks none (S18), and neither do we."""
    return os.environ.get("OS_CLOUD") or None


def choose_profile(name: str | None, *, demo: bool = False) -> CloudProfile:
    """The cloud the command line uses (core's `choose_cloud`); raises `ConfigError` when the user must choose."""
    choice = choose_cloud([] if demo else load_profiles(), wanted=name or default_cloud(), demo=demo)
    if choice.profile is None:
        raise ConfigError(choice.problem)
    return choice.profile
