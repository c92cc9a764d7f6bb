"""What the plugin costs and needs at import: OSC imports it (and, for `--help`, every command module) at every
start, so they must load none of volimage's work; and volimage must not need osc-lib, cliff or openstackclient,
which only the `osc` extra brings. import-linter reads the static graph, so it cannot tell a deferred import from
an eager one: these run in a fresh interpreter and read `sys.modules`."""

from __future__ import annotations

import subprocess
import sys

PLUGIN_MODULES = ("plugin", "create", "images", "launch")

WORK = (
    "volimage_tui.cloud", "volimage_tui.ui", "volimage_tui.simcloud", "volimage_tui.cli.images",
    "volimage_tui.cli.servers", "volimage_tui.cli.listing", "volimage_tui.cli.output", "openstack", "keystoneauth1",
    "requests", "textual", "rich", "yaml",
)  # fmt: skip
"""What a command needs when it runs, and no `openstack` run that does not use the plugin should pay for."""


def test_the_plugin_and_its_command_modules_load_none_of_volimage_s_work() -> None:
    probe = (
        "import sys, importlib\n"
        "import osc_lib.command.command, osc_lib.exceptions, cliff.columns\n"  # what OSC has loaded before plugins
        "before = set(sys.modules)\n"
        f"for name in {PLUGIN_MODULES!r}:\n"
        "    importlib.import_module(f'volimage_tui.cli.osc.{name}')\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = result.stdout.split()
    assert "volimage_tui.cli.osc.plugin" in loaded
    assert [name for name in loaded if name.startswith(WORK)] == []


def test_volimage_imports_and_runs_without_osc_lib_cliff_or_openstackclient() -> None:
    """As if the extra were not installed: every module but the plugin's imports, and the command line runs."""
    probe = (
        "import importlib, importlib.abc, pkgutil, sys\n"
        "class Absent(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('osc_lib', 'cliff', 'openstackclient'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Absent())\n"
        "import volimage_tui\n"
        "for info in pkgutil.walk_packages(volimage_tui.__path__, 'volimage_tui.'):\n"
        "    plugin_command = info.name.startswith('volimage_tui.cli.osc.') and not info.name.endswith('.plugin')\n"
        "    if not plugin_command and not info.name.endswith('__main__'):  # __main__ would start the app\n"
        "        importlib.import_module(info.name)\n"
        "from volimage_tui.cli import main\n"
        "sys.exit(main(['--version']))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("volimage ")
