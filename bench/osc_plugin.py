"""What the `openstack placeholder` plugin costs every `openstack` run: `openstack --help` and `openstack server
list`, with and without volimage installed, in the same run.

OSC imports every plugin module at start (`openstack.cli.extension`), and `--help` loads every command class of
every plugin to print its one-line description; `server list` loads only the plugin module. So the two commands
bound what volimage adds to a run that uses it and to one that does not. The issue's target is under 30 ms.

How "without" is made, honestly: two throw-away virtual environments (`python -m venv --without-pip`, seconds)
whose site-packages are symlinks to every entry of this venv's site-packages, so that both have exactly the same
python-openstackclient, osc-lib, openstacksdk and their plugins. They differ only in volimage: one also links the
`volimage_tui` package and volimage's dist-info (with its entry points), as `pip install .` lays them out; the
other has neither. This venv's editable-install hook (`__editable__*`) is in neither, since a user's
`pip install .` has none. The same `openstack` script runs under each environment's python, against one
simulated cloud served from this process. Each command runs once per environment to warm up (.pyc files,
stevedore's entry-point cache, which is kept per sys.path), then in alternating rounds, so that a slow moment of
the machine hits both alike; the report is the medians of the wall-clock time and of the process's CPU time
(user + system, which other work on the machine disturbs less), their difference in ms and their ratio. Nothing
fails on speed.

On a busy machine the whole-process times scatter by more than the plugin costs, so a second, steadier measure
follows, in-process, in the environment with volimage: `openstackclient.shell` is imported with volimage's modules
made unimportable (OSC starts as without volimage: its own plugins loaded, volimage's skipped with a warning),
then the import of volimage's plugin module, and of its command modules, is timed. That is exactly what OSC adds
for volimage: the plugin module at every start, the command modules for `--help` and for a placeholder command.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from volimage_tui.simcloud import DEMO_CLOUD_NAME, SimCloud, SimConfig

TIMED_RUNS = 9
TARGET_MS = 30.0
BIN = Path(sys.executable).parent  # the venv's bin/, not resolved: its python is a symlink
OPENSTACK = BIN / "openstack"
PACKAGE = Path(__file__).resolve().parent.parent / "volimage_tui"
DIST_PREFIX = "volimage-"
EDITABLE_PREFIX = "__editable__"


@dataclass
class Contender:
    label: str
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    """Wall-clock time of each timed run."""
    cpu_seconds: list[float] = field(default_factory=list)
    """CPU time (user + system) of each timed run's process: what other work on the machine disturbs least."""

    def run(self, env: dict[str, str]) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(self.argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.exit(f"{self.label} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
        return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def record(self, env: dict[str, str]) -> None:
        elapsed, cpu = self.run(env)
        self.seconds.append(elapsed)
        self.cpu_seconds.append(cpu)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def median_cpu_ms(self) -> float:
        return statistics.median(self.cpu_seconds) * 1000


def shadow_environment(root: Path, *, with_volimage: bool) -> Path:
    """A venv at `root` seeing this venv's packages through symlinks, with or without volimage; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)  # noqa: S603
    python = root / "bin" / "python"
    target = Path(
        subprocess.run(  # noqa: S603
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if entry.name.startswith((EDITABLE_PREFIX, DIST_PREFIX)):
            continue
        (target / entry.name).symlink_to(entry)
    if with_volimage:
        (target / PACKAGE.name).symlink_to(PACKAGE)
        for dist_info in Path(sysconfig.get_paths()["purelib"]).glob(f"{DIST_PREFIX}*.dist-info"):
            (target / dist_info.name).symlink_to(dist_info)
    return python


def check_plugin(python: Path, env: dict[str, str], *, expected: bool) -> None:
    """Make sure each environment is what it claims: OSC finds the plugin in one and not in the other."""
    done = subprocess.run(  # noqa: S603
        [str(python), str(OPENSTACK), "help", "placeholder", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if (done.returncode == 0) != expected:
        sys.exit(f"{python}: `openstack help placeholder list` exited {done.returncode}, expected the plugin "
                 f"{'present' if expected else 'absent'}: {done.stderr.strip()[-500:]}")  # fmt: skip


def main() -> None:
    cloud = SimCloud(SimConfig(seed=42, delay=0.0)).start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            clouds_yaml = cloud.write_clouds_yaml(Path(scratch) / "clouds.yaml", DEMO_CLOUD_NAME)
            env = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}
            env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
            env["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")  # stevedore's cache, fresh for both
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            with_python = shadow_environment(Path(scratch) / "with", with_volimage=True)
            without_python = shadow_environment(Path(scratch) / "without", with_volimage=False)
            check_plugin(with_python, env, expected=True)
            check_plugin(without_python, env, expected=False)
            commands = {
                "openstack --help": ["--help"],
                "openstack server list": ["--os-cloud", DEMO_CLOUD_NAME, "server", "list", "-f", "value"],
            }
            pairs = [
                (
                    Contender(f"{name}, with volimage", [str(with_python), str(OPENSTACK), *arguments]),
                    Contender(f"{name}, without", [str(without_python), str(OPENSTACK), *arguments]),
                )
                for name, arguments in commands.items()
            ]
            everyone = [contender for pair in pairs for contender in pair]
            for contender in everyone:
                contender.run(env)
            for _ in range(TIMED_RUNS):
                for contender in everyone:
                    contender.record(env)
            imports = [marginal_import_ms(with_python, env) for _ in range(TIMED_RUNS)]
    finally:
        cloud.stop()
    report(pairs)
    plugin = statistics.median(ms for ms, _ in imports)
    with_commands = statistics.median(ms for _, ms in imports)
    print(f"\nIn process, OSC loaded, importing volimage's (median of {TIMED_RUNS}; target: under {TARGET_MS:g} ms)")
    print(f"  plugin module (every openstack run)                    {plugin:5.1f} ms")
    print(f"  plugin and its command modules (--help, placeholder)  {with_commands:5.1f} ms")


MARGINAL_PROBE = """
import contextlib, importlib, importlib.abc, io, sys, time
from importlib.metadata import entry_points

class Hidden(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "volimage_tui":
            raise ModuleNotFoundError(name)

hidden = Hidden()
sys.meta_path.insert(0, hidden)
with contextlib.redirect_stderr(io.StringIO()):
    import openstackclient.shell
sys.meta_path.remove(hidden)
plugin = [ep for ep in entry_points(group="openstack.cli.extension") if ep.name == "placeholder"]
commands = list(entry_points(group="openstack.placeholder.v1"))
start = time.perf_counter()
for ep in plugin:
    importlib.import_module(ep.module)
loaded = time.perf_counter()
for ep in commands:
    ep.load()
done = time.perf_counter()
print((loaded - start) * 1000, (done - start) * 1000)
"""
"""Run in the environment with volimage: OSC loaded as it would be without volimage, then volimage's imports timed."""


def marginal_import_ms(python: Path, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds importing volimage's plugin module, and that plus its command modules, once OSC is loaded."""
    done = subprocess.run(  # noqa: S603
        [str(python), "-c", MARGINAL_PROBE], env=env, capture_output=True, text=True, check=True
    )
    plugin, commands = done.stdout.split()
    return float(plugin), float(commands)


def report(pairs: list[tuple[Contender, Contender]]) -> None:
    print("What volimage's plugin adds to every `openstack` run (python-openstackclient with the same packages)")
    print(f"median of {TIMED_RUNS} runs after 1 warm-up, each a subprocess including interpreter start-up\n")
    for pair in pairs:
        for contender in pair:
            runs = ", ".join(f"{seconds * 1000:.0f}" for seconds in contender.seconds)
            print(
                f"  {contender.label:<38} {contender.median_ms:6.0f} ms wall, {contender.median_cpu_ms:6.0f} ms CPU"
                f"   (wall: {runs})"
            )
    print()
    for with_volimage, without in pairs:
        name = with_volimage.label.split(",")[0]
        wall = with_volimage.median_ms - without.median_ms
        cpu = with_volimage.median_cpu_ms - without.median_cpu_ms
        print(
            f"  {name:<24} wall {wall:+6.1f} ms ({with_volimage.median_ms / without.median_ms:5.3f}x)   "
            f"CPU {cpu:+6.1f} ms ({with_volimage.median_cpu_ms / without.median_cpu_ms:5.3f}x)"
        )


if __name__ == "__main__":
    main()
