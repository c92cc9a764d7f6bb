"""The core stays pure: importing it in a fresh interpreter loads no UI or OpenStack library."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("textual", "rich", "openstack", "keystoneauth1", "requests")


def test_the_core_imports_no_ui_or_openstack_library() -> None:
    probe = (
        "import sys, pkgutil, importlib, volimage_tui.core as core\n"
        "for info in pkgutil.iter_modules(core.__path__): importlib.import_module(f'volimage_tui.core.{info.name}')\n"
        f"print(','.join(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
