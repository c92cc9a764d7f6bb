"""Bring a whole cloud up in a fresh state folder, find it again for `status` and `down`, and take it down."""

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import suppress
from pathlib import Path
from typing import Any

from . import bootstrap, config, paths, processes, ready, services
from .api import Session
from .plan import ADMIN_CLOUD, MEMBER_CLOUD, MEMBER_PROJECT, MEMBER_USER, REGION, Plan, write_json_private
from .processes import SetupError, Started

READY_TIMEOUT = 300.0
TAIL_LINES = 40
# Two setup commands at a time: each is a Python process importing a whole service, which keeps a core busy.
PARALLEL_SETUP = 2
# The order setup chains are submitted in: Keystone gates everything, Nova's four nova-manage steps are the longest.
SETUP_ORDER = ("keystone", "nova", "cinder", "placement", "glance", "neutron")
PYTHONPATH_FILES = ("sitecustomize.py", "realcloud_wsgi.py", "realcloud_neutron_schema.py")


class Cloud:
    """A plan plus the processes started for it; every change is saved at once, so a crash leaves `down` a record."""

    def __init__(self, plan: Plan, started: list[Started] | None = None, phase: str = "starting") -> None:
        self.plan = plan
        self.processes: list[Started] = started or []
        self.phase = phase

    def save(self) -> None:
        state = {"phase": self.phase, "plan": self.plan.to_json(), "processes": [p.to_json() for p in self.processes]}
        write_json_private(self.plan.state_file, state)

    @classmethod
    def load(cls, state_dir: Path) -> "Cloud":
        state = json.loads((state_dir / "state.json").read_text())
        started = [Started.from_json(p) for p in state["processes"]]
        return cls(Plan.from_json(state["plan"]), started, state["phase"])

    def start(self, command: services.Command) -> Started:
        started = processes.start(
            command.name, command.argv, command.env, self.plan.log(command.name), self.plan.state_dir
        )
        self.processes.append(started)
        self.save()
        return started

    def setup(self, command: services.Command) -> None:
        processes.run_quiet(command.argv, command.env, self.plan.log(command.name), self.plan.state_dir)

    def check_alive(self) -> None:
        """Raise if any started process has exited: readiness waits fail fast instead of timing out."""
        for process in self.processes:
            if not processes.alive(process):
                raise SetupError(f"{process.name} (PID {process.pid}) exited; see {process.log}")

    def stop(self) -> list[str]:
        return processes.stop(reversed(self.processes))

    def redact(self, text: str) -> str:
        for secret in self.plan.passwords.values():
            text = text.replace(secret, "***")
        return text

    def log_tails(self, lines: int = TAIL_LINES) -> Iterator[str]:
        """The last lines of every log in the state folder, passwords masked, for the terminal."""
        for log in sorted(self.plan.path("logs").glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            yield f"----- {log.name} (last {len(tail)} lines) -----\n" + self.redact("\n".join(tail))

    def info(self) -> dict[str, Any]:
        """The VOLIMAGE_REALCLOUD file's content: where the cloud is and how to reach it, without passwords."""
        endpoints = self.plan.endpoints()
        return {
            "state_dir": str(self.plan.state_dir),
            "clouds_yaml": str(self.plan.clouds_yaml),
            "cloud": MEMBER_CLOUD,
            "admin_cloud": ADMIN_CLOUD,
            "region": REGION,
            "username": MEMBER_USER,
            "project_name": MEMBER_PROJECT,
            "project_id": self.plan.ids.get("member_project_id", ""),
            "endpoints": endpoints,
            "logs": {p.name: p.log for p in self.processes},
        }


def _current() -> Path | None:
    try:
        return Path(json.loads(paths.current_file().read_text())["state_dir"])
    except (FileNotFoundError, ValueError, KeyError):
        return None


def find() -> Cloud | None:
    """The cloud `up` last recorded in the runtime pointer file, if its state folder still exists."""
    state_dir = _current()
    if state_dir is None or not (state_dir / "state.json").is_file():
        return None
    return Cloud.load(state_dir)


def _fresh_state_dir(state_dir: Path | None) -> Path:
    if state_dir is None:
        return Path(tempfile.mkdtemp(prefix="volimage-realcloud-"))
    state_dir = state_dir.resolve()
    if state_dir.exists() and any(state_dir.iterdir()):
        raise SetupError(f"{state_dir} is not empty; `up` needs a fresh state folder")
    state_dir.mkdir(parents=True, exist_ok=True)
    state_dir.chmod(0o700)
    return state_dir


def up(state_dir: Path | None = None, progress: bool = True, keep_failed: bool = True) -> Cloud:
    """Configure and start everything, wait until it is really ready; on failure print log tails, stop, re-raise.

    A failed start keeps its state folder (logs, configs) for `down` to remove, unless `keep_failed` is false.
    """
    existing = find()
    if existing is not None and any(processes.alive(p) for p in existing.processes):
        raise SetupError(f"a cloud is already running from {existing.plan.state_dir}; `python -m realcloud down` first")
    plan = Plan.new(_fresh_state_dir(state_dir))
    plan.started_at = time.time()
    plan.pythonpath.mkdir(parents=True)
    for name in PYTHONPATH_FILES:
        shutil.copyfile(paths.PACKAGE_DIR / "pythonpath" / name, plan.pythonpath / name)
    plan.path("tmp").mkdir()
    config.write_all(plan)
    cloud = Cloud(plan)
    cloud.save()
    write_json_private(paths.current_file(), {"state_dir": str(plan.state_dir)})

    def say(message: str) -> None:
        if progress:
            print(f"realcloud: {time.time() - plan.started_at:5.1f} s  {message}", flush=True)

    try:
        say(f"state folder {plan.state_dir}")
        for command in services.rabbitmq_processes(plan):
            cloud.start(command)
        _start_services(cloud, say)
        _wait_ready(cloud, say)
        bootstrap.clouds_yaml(plan)
        write_json_private(plan.info_file, cloud.info())
        cloud.phase = "ready"
        cloud.save()
        say("ready")
    except BaseException as error:
        print(f"realcloud: start-up failed: {cloud.redact(str(error)) or type(error).__name__}", flush=True)
        for tail in cloud.log_tails():
            print(tail, flush=True)
        with processes.signals_held():
            notes = cloud.stop()
        for note in notes:
            print(f"realcloud: {note}", flush=True)
        cloud.phase = "failed"
        cloud.save()
        if keep_failed:
            print(f"realcloud: logs and configs kept in {plan.state_dir}; `python -m realcloud down` removes them")
        else:
            down(cloud)
        raise
    return cloud


def _start_services(cloud: Cloud, say: Any) -> None:
    """Setup chains two at a time; Keystone first, then each service's processes as soon as its chain is done."""
    plan = cloud.plan
    steps = services.setup_steps(plan)

    def chain(service: str) -> str:
        for command in steps[service]:
            cloud.setup(command)
        return service

    with ThreadPoolExecutor(max_workers=PARALLEL_SETUP) as pool:
        futures: dict[Future[str], str] = {pool.submit(chain, name): name for name in SETUP_ORDER}
        keystone = next(f for f, name in futures.items() if name == "keystone")
        try:
            keystone.result()
            say("keystone: database and keys ready")
            cloud.start(services.keystone_process(plan))
            ready.wait_for("keystone", lambda: ready.http_status(plan.keystone_url), READY_TIMEOUT, cloud.check_alive)
            bootstrap.identity(plan)
            cloud.save()
            say("keystone: serving; users, projects and catalog created")
            ready.wait_for("rabbitmq", lambda: ready.amqp(plan.ports["amqp"]), READY_TIMEOUT, cloud.check_alive)
            say("rabbitmq: accepting AMQP")
            processes_of = services.service_processes(plan)
            for future in as_completed([f for f in futures if f is not keystone]):
                service = future.result()
                for command in processes_of[service]:
                    cloud.start(command)
                say(f"{service}: database ready; started {', '.join(c.name for c in processes_of[service])}")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _wait_ready(cloud: Cloud, say: Any) -> None:
    plan = cloud.plan
    admin = bootstrap.admin_session(plan)
    member = bootstrap.member_session(plan)
    admin.login()
    member.login()
    project = plan.ids["member_project_id"]
    apis = {
        "glance": f"{plan.base_url('glance')}/v2/images",
        "placement": f"{plan.base_url('placement')}/resource_providers",
        "neutron": f"{plan.base_url('neutron')}/v2.0/networks",
        "cinder": f"{plan.base_url('cinder')}/v3/{project}/volumes",
        "nova": f"{plan.endpoints()['compute']}/flavors",
    }
    for name, url in apis.items():
        session = admin if name == "placement" else member

        def check(session: Session = session, url: str = url) -> str | None:
            return ready.authenticated(session, url)

        ready.wait_for(f"{name} API", check, READY_TIMEOUT, cloud.check_alive)
        say(f"{name}: API answers")
    ready.wait_for("cinder pool", lambda: ready.cinder_pool(admin, plan), READY_TIMEOUT, cloud.check_alive)
    say("cinder: scheduler reports a pool")
    ready.wait_for("nova services", lambda: ready.nova_services(admin, plan), READY_TIMEOUT, cloud.check_alive)
    say("nova: conductor, scheduler and compute heartbeats")
    discover = services.Command("nova-setup", _discover_argv(plan), services.setup_steps(plan)["nova"][0].env)

    def mapped() -> str | None:
        reason = ready.host_mapped(plan)
        if reason is not None:
            cloud.setup(discover)
        return reason

    ready.wait_for("cell1 host mapping", mapped, READY_TIMEOUT, cloud.check_alive)
    say("nova: compute host mapped to cell1")
    ready.wait_for("placement provider", lambda: ready.resource_provider(admin, plan), READY_TIMEOUT, cloud.check_alive)
    say("placement: compute node has a resource provider")
    bootstrap.flavor(plan)
    say("nova: flavor m1.tiny")


def _discover_argv(plan: Plan) -> tuple[str, ...]:
    nova_manage = str(plan.venv_bin("nova") / "nova-manage")
    return (nova_manage, "--config-file", str(plan.etc("nova") / "nova.conf"), "cell_v2", "discover_hosts", "--verbose")


def down(cloud: Cloud, keep: bool = False) -> list[str]:
    """Stop every recorded process (verified by PID), then remove the state folder unless asked to keep it."""
    notes = cloud.stop()
    cloud.phase = "stopped"
    if keep:
        cloud.save()
    else:
        shutil.rmtree(cloud.plan.state_dir, ignore_errors=True)
    if _current() == cloud.plan.state_dir:
        with suppress(FileNotFoundError):
            paths.current_file().unlink()
    return notes
