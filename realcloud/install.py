"""Install each OpenStack service into its own cached virtualenv, and RabbitMQ from Debian when it is missing."""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import paths

# Written last, holding the requirement list: a venv without it (an interrupted install) or with another list is
# rebuilt from scratch rather than patched, so a cached venv is always exactly what these pins describe.
MARKER = ".realcloud-complete"

# Two pip runs at a time: a 2-core machine is saturated by two, and a third only adds memory and contention.
PARALLEL_INSTALLS = 2

RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


@dataclass(frozen=True)
class Venv:
    """One virtualenv: the services it serves and the exact requirements pip gets."""

    name: str
    version: str
    requirements: tuple[str, ...]

    @property
    def path(self) -> Path:
        return paths.venvs_dir() / f"{self.name}-{self.version}"

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    def complete(self) -> bool:
        marker = self.path / MARKER
        return marker.is_file() and marker.read_text() == "\n".join(self.requirements) + "\n"


# Their pins conflict, so each service gets its own venv; Placement shares Nova's (they are released together).
# Cinder's fake volume driver lives in cinder.tests and imports the four test packages.
VENVS: dict[str, Venv] = {
    venv.name: venv
    for venv in (
        Venv("keystone", "30.0.0", ("keystone==30.0.0", "gunicorn")),
        Venv("glance", "33.0.0", ("glance==33.0.0", "gunicorn")),
        Venv("cinder", "29.0.0", ("cinder==29.0.0", "fixtures", "testtools", "oslotest", "ddt")),
        Venv("nova", "34.0.0", ("nova==34.0.0", "openstack-placement==16.0.0", "gunicorn")),
        Venv("neutron", "29.0.0", ("neutron==29.0.0", "gunicorn")),
    )
}


def _log_tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _install_venv(venv: Venv) -> float:
    """Build one venv from scratch; returns the seconds it took. Output goes to a log beside the venvs."""
    started = time.monotonic()
    log_path = paths.venvs_dir() / f"{venv.path.name}.install.log"
    if venv.path.exists():
        shutil.rmtree(venv.path)
    with log_path.open("w") as log:
        for argv in (
            [sys.executable, "-m", "venv", str(venv.path)],
            [str(venv.bin / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
            [str(venv.bin / "python"), "-m", "pip", "install", "--quiet", *venv.requirements],
        ):
            log.write(f"$ {' '.join(argv)}\n")
            log.flush()
            result = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
            if result.returncode != 0:
                raise InstallError(
                    f"{venv.path.name}: {argv[-1]} failed; last lines of {log_path}:\n{_log_tail(log_path)}"
                )
    (venv.path / MARKER).write_text("\n".join(venv.requirements) + "\n")
    return time.monotonic() - started


class InstallError(Exception):
    """An install step failed; the message names the step and carries the tail of its log."""


def install_venvs(names: Sequence[str] | None = None) -> None:
    """Install the missing or incomplete venvs, two at a time, printing what was reused and what was built."""
    paths.venvs_dir().mkdir(parents=True, exist_ok=True)
    wanted = [VENVS[name] for name in (names or VENVS)]
    missing = [venv for venv in wanted if not venv.complete()]
    for venv in wanted:
        if venv not in missing:
            print(f"realcloud: {venv.path.name}: cached at {venv.path}")
    if not missing:
        return
    print(f"realcloud: installing {', '.join(v.path.name for v in missing)} ({PARALLEL_INSTALLS} at a time)")
    with ThreadPoolExecutor(max_workers=PARALLEL_INSTALLS) as pool:
        futures = {venv: pool.submit(_install_venv, venv) for venv in missing}
        errors: list[str] = []
        for venv, future in futures.items():
            try:
                print(f"realcloud: {venv.path.name}: installed in {future.result():.0f} s")
            except InstallError as error:
                errors.append(str(error))
    if errors:
        raise InstallError("\n\n".join(errors))


def rabbitmq_installed() -> bool:
    return Path(RABBITMQ_SERVER).is_file()


def install_rabbitmq() -> None:
    """`apt-get install rabbitmq-server` with service start-up forbidden.

    The harness manages only processes it starts itself, so the package's maintainer scripts must not start a system
    RabbitMQ (or epmd) that would outlive the run: a temporary policy-rc.d answering 101 ("action forbidden") does
    that for invoke-rc.d, and is removed (or the one that was there restored) afterwards.
    """
    if rabbitmq_installed():
        print(f"realcloud: rabbitmq-server: present at {RABBITMQ_SERVER}")
        return
    if os.geteuid() != 0:
        raise InstallError("rabbitmq-server is missing; install it as root: apt-get install -y rabbitmq-server")
    print("realcloud: installing rabbitmq-server from apt (service start-up forbidden)")
    saved = POLICY_RC_D.read_bytes() if POLICY_RC_D.exists() else None
    POLICY_RC_D.write_text("#!/bin/sh\n# realcloud: no service starts during this install\nexit 101\n")
    POLICY_RC_D.chmod(0o755)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    log_path = paths.cache_dir() / "apt.install.log"
    paths.cache_dir().mkdir(parents=True, exist_ok=True)
    try:
        with log_path.open("w") as log:
            for argv in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "rabbitmq-server"]):
                result = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, env=env, check=False)  # noqa: S603
                if result.returncode != 0:
                    raise InstallError(f"{' '.join(argv)} failed; last lines of {log_path}:\n{_log_tail(log_path)}")
    finally:
        if saved is None:
            POLICY_RC_D.unlink(missing_ok=True)
        else:
            POLICY_RC_D.write_bytes(saved)
    if not rabbitmq_installed():
        raise InstallError(f"apt installed rabbitmq-server but {RABBITMQ_SERVER} is missing")


def install_all() -> None:
    """Everything `up` needs; a no-op apart from checks when the cache is complete."""
    install_rabbitmq()
    install_venvs()
