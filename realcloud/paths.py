"""Where the harness keeps things: the venv cache, the per-user runtime pointer to the current cloud."""

import os
from pathlib import Path

# The directory holding this package's files that are copied onto the services' PYTHONPATH.
PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The user cache dir, outside the clone, so a fresh checkout or CI run reuses the installed services."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "volimage-realcloud"


def venvs_dir() -> Path:
    """Each service's virtualenv lives here as `<service>-<version>/`."""
    return cache_dir() / "venvs"


def runtime_dir() -> Path:
    """A per-user folder for the pointer file; the runtime dir when the session has one, else /tmp."""
    base = os.environ.get("XDG_RUNTIME_DIR") or "/tmp"  # noqa: S108 - per-uid subfolder, created 0700
    path = Path(base) / f"volimage-realcloud-{os.getuid()}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def current_file() -> Path:
    """`current.json` names the state folder of the running cloud, so `down` and `status` need no arguments."""
    return runtime_dir() / "current.json"
