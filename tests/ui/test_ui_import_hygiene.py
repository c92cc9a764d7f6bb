"""The first screen paints before openstacksdk loads: importing the UI loads no OpenStack library."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("openstack", "keystoneauth1", "requests")


def test_importing_the_ui_loads_no_openstack_library() -> None:
    probe = (
        "import sys, pkgutil, importlib, volimage_tui.ui as ui, volimage_tui.ui.app\n"
        "for package in ('screens', 'widgets'):\n"
        "    module = importlib.import_module(f'volimage_tui.ui.{package}')\n"
        "    for info in pkgutil.iter_modules(module.__path__):\n"
        "        importlib.import_module(f'volimage_tui.ui.{package}.{info.name}')\n"
        f"print(','.join(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
