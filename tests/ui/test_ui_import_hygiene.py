"""The first screen paints before openstacksdk loads: neither the UI nor the command line that starts it loads an
OpenStack library (the command line once did, through the error classes it catches)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("openstack", "keystoneauth1", "requests")


def test_importing_the_ui_loads_no_openstack_library() -> None:
    probe = (
        "import sys, pkgutil, importlib, volimage_tui.cli.main, volimage_tui.ui.app\n"
        "for package in ('screens', 'widgets'):\n"
        "    module = importlib.import_module(f'volimage_tui.ui.{package}')\n"
        "    for info in pkgutil.iter_modules(module.__path__):\n"
        "        importlib.import_module(f'volimage_tui.ui.{package}.{info.name}')\n"
        f"print(','.join(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_volimage_paints_its_first_screen_before_loading_openstack(tmp_path: Path) -> None:
    """`volimage --demo` as typed, through the command line's own start-up, with the app run headless."""
    probe = (
        "import sys\n"
        "from volimage_tui.cli.main import main\n"
        "from volimage_tui.ui.app import VolimageApp\n"
        "run = VolimageApp.run\n"
        "def run_headless(app, **options):\n"
        "    def painted():\n"
        f"        print(','.join(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)), flush=True)\n"
        "        app.exit(0)\n"
        "    app.call_after_refresh(painted)\n"
        "    return run(app, headless=True)\n"
        "VolimageApp.run = run_headless\n"
        "sys.exit(main(['--demo']))\n"
    )
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    environment["XDG_STATE_HOME"] = str(tmp_path / "state")
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=environment, timeout=60
    )
    assert result.stdout.strip() == ""
