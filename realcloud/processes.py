"""Start service processes in process groups of their own, and stop exactly those, by PID, after checking them."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# How long a process group gets between SIGTERM and SIGKILL: services drain RPC and close databases in a few seconds.
GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class Started:
    """What identifies a process the harness started, as recorded in the state file.

    `down` runs in another process, maybe much later, so before signalling it checks that the PID still has the
    recorded start time (clock ticks since boot: a reused PID has a later one), the recorded executable, and the
    recorded command line, or one naming the program that was started: gunicorn and oslo.service rewrite their
    own ("gunicorn: master [...]", "nova-conductor: master process [...]") moments after starting.
    """

    name: str
    pid: int
    argv: list[str]
    cmdline: list[str]
    exe: str
    start_ticks: int
    log: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Started":
        return cls(
            name=str(data["name"]),
            pid=int(data["pid"]),
            argv=[str(a) for a in data["argv"]],
            cmdline=[str(a) for a in data["cmdline"]],
            exe=str(data["exe"]),
            start_ticks=int(data["start_ticks"]),
            log=str(data["log"]),
        )


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name (which may contain spaces): state is [0], pgrp [2], starttime [19]."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return text[text.rindex(")") + 2 :].split()


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # NUL-separated, normally NUL-terminated; a process that rewrote its title may leave no or extra NULs.
    parts = [part.decode(errors="replace") for part in raw.split(b"\0")]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _exe(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def start(name: str, argv: Sequence[str], env: Mapping[str, str], log: Path, cwd: Path) -> Started:
    """Start argv as the leader of a new session (so its process group is its PID), output appended to `log`.

    A session of its own keeps the terminal's Ctrl-C away from it (the harness decides when services stop) and
    gives `down` one group to signal, which also reaches the workers that gunicorn, cinder-api and nova-conductor
    fork.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - argv is built by the harness, never by a shell
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    # Popen returns after exec, but /proc can show an empty command line for a moment while the new program is
    # being mapped (seen with epmd): wait for it, since it is what `down` compares against.
    deadline = time.monotonic() + 5
    fields, cmdline = _stat_fields(process.pid), _cmdline(process.pid)
    while fields is not None and not cmdline and time.monotonic() < deadline:
        time.sleep(0.02)
        fields, cmdline = _stat_fields(process.pid), _cmdline(process.pid)
    exe = _exe(process.pid)
    if fields is None or not cmdline or exe is None:
        raise RuntimeError(f"{name} exited at once; see {log}")
    return Started(name, process.pid, list(argv), cmdline, exe, int(fields[19]), str(log))


def _same_command(process: Started, cmdline: list[str] | None) -> bool:
    if not cmdline:
        return False
    if cmdline == process.cmdline:
        return True
    program = Path(process.argv[0]).name
    return cmdline[0].startswith(f"{program}:")


def is_ours(process: Started) -> bool:
    """The PID is still the process that was started: same start time, executable and command (see Started)."""
    fields = _stat_fields(process.pid)
    return (
        fields is not None
        and int(fields[19]) == process.start_ticks
        and _exe(process.pid) == process.exe
        and _same_command(process, _cmdline(process.pid))
    )


def _reap(pid: int) -> None:
    """Collect an exited child of this very process (as in `run`), so it is not counted alive as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group; the leader may have exited while its children remain."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is not None and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def alive(process: Started) -> bool:
    _reap(process.pid)
    return (
        is_ours(process) and _stat_fields(process.pid) not in (None,) and (_stat_fields(process.pid) or ["Z"])[0] != "Z"
    )


def stop(processes: Iterable[Started], grace: float = GRACE_SECONDS) -> list[str]:
    """SIGTERM each verified process group, SIGKILL what is left after `grace` seconds; returns what it reports.

    Only groups whose leader was verified as ours are signalled. A group whose leader already exited is signalled
    only if it was verified earlier: a process group id cannot be reused while any member lives, and only our
    process's descendants are in it.
    """
    notes: list[str] = []
    groups: dict[int, str] = {}
    for process in processes:
        _reap(process.pid)
        if is_ours(process):
            groups[process.pid] = process.name
        elif _stat_fields(process.pid) is not None:
            notes.append(f"{process.name}: PID {process.pid} now runs something else; not touched")
        elif group_members(process.pid):
            # The leader exited but members of the group it created remain: they are that leader's children.
            groups[process.pid] = process.name
    for pgid in groups:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    remaining = dict(groups)
    while remaining and time.monotonic() < deadline:
        for pgid in list(remaining):
            _reap(pgid)
            if not group_members(pgid):
                del remaining[pgid]
        time.sleep(0.2)
    for pgid, name in remaining.items():
        notes.append(f"{name}: still running after {grace:.0f} s; SIGKILL to process group {pgid}")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while remaining and time.monotonic() < deadline:
        for pgid in list(remaining):
            _reap(pgid)
            if not group_members(pgid):
                del remaining[pgid]
        time.sleep(0.1)
    notes.extend(f"{name}: process group {pgid} survived SIGKILL" for pgid, name in remaining.items())
    return notes


def run_quiet(argv: Sequence[str], env: Mapping[str, str], log: Path, cwd: Path, timeout: float = 600) -> None:
    """Run a one-shot setup command (db sync, bootstrap) to completion, its output appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        result = subprocess.run(  # noqa: S603
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            timeout=timeout,
            check=False,
            start_new_session=True,
        )
    if result.returncode != 0:
        raise SetupError(f"{' '.join(argv[:3])}... exited {result.returncode}; see {log}")


class SetupError(Exception):
    """A setup command or a readiness check failed; the message says which and where its log is."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ignore Ctrl-C, SIGTERM and SIGHUP while stopping: a second one must not abort a stop half-way."""
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
