"""What runs: each service's one-shot setup commands and its long-running processes, as argv and environment."""

import grp
import os
import pwd
from dataclasses import dataclass

from .install import RABBITMQ_SERVER, VENVS
from .plan import Plan

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Command:
    """A process to start (or a setup step to run): its name (also its log file's), argv and full environment."""

    name: str
    argv: tuple[str, ...]
    env: dict[str, str]


def _env(plan: Plan, venv: str | None, **extra: str) -> dict[str, str]:
    """A clean environment: nothing of the caller's OS_* or virtualenv settings leaks into a service.

    PYTHONPATH carries sitecustomize (sqlite locking) and the gunicorn wrapper into every Python service process.
    """
    path = SYSTEM_PATH if venv is None else f"{VENVS[venv].bin}:{SYSTEM_PATH}"
    env = {
        "PATH": path,
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(plan.pythonpath),
        "PYTHONUNBUFFERED": "1",
        "TMPDIR": str(plan.path("tmp")),
    }
    env.update(extra)
    return env


def _bin(venv: str, program: str) -> str:
    return str(VENVS[venv].bin / program)


def _gunicorn(plan: Plan, name: str, venv: str, app: str, port: str, **extra: str) -> Command:
    """One worker with 8 threads: enough concurrency for tests, one copy of the app in memory.

    The long timeout covers the app's import in the worker, which on a busy 2-core machine can exceed gunicorn's
    default 30 s and get the worker killed before it ever serves.
    """
    argv = (
        _bin(venv, "gunicorn"),
        "--workers",
        "1",
        "--threads",
        "8",
        "--timeout",
        "300",
        "--bind",
        f"127.0.0.1:{plan.ports[port]}",
        "--error-logfile",
        "-",
        "--capture-output",
        # gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl by default: one path for every gunicorn.
        "--no-control-socket",
        "realcloud_wsgi:application",
    )
    return Command(name, argv, _env(plan, venv, REALCLOUD_WSGI_APP=app, **extra))


def rabbitmq_processes(plan: Plan) -> list[Command]:
    """epmd first and in the foreground, so it is ours (Erlang would otherwise daemonize one that outlives the run)."""
    erl_env = {"ERL_EPMD_PORT": str(plan.ports["epmd"]), "ERL_EPMD_ADDRESS": "127.0.0.1"}
    epmd = Command(
        "epmd",
        ("/usr/bin/epmd", "-port", str(plan.ports["epmd"]), "-address", "127.0.0.1"),
        _env(plan, None, **erl_env),
    )
    rabbit_dir = plan.path("rabbitmq")
    rabbit_env = _env(
        plan,
        None,
        **erl_env,
        HOME=str(rabbit_dir / "home"),  # the Erlang cookie is written here, not in the caller's home
        RABBITMQ_NODENAME=f"realcloud-{plan.ports['amqp']}@localhost",
        RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
        RABBITMQ_NODE_PORT=str(plan.ports["amqp"]),
        RABBITMQ_DIST_PORT=str(plan.ports["erlang_dist"]),
        RABBITMQ_CONFIG_FILE=str(plan.etc("rabbitmq") / "rabbitmq.conf"),
        RABBITMQ_ADVANCED_CONFIG_FILE=str(plan.etc("rabbitmq") / "advanced.config"),
        RABBITMQ_ENABLED_PLUGINS_FILE=str(plan.etc("rabbitmq") / "enabled_plugins"),
        RABBITMQ_CONF_ENV_FILE=str(plan.etc("rabbitmq") / "rabbitmq-env.conf"),  # absent: /etc/rabbitmq's is ignored
        RABBITMQ_MNESIA_BASE=str(rabbit_dir / "mnesia"),
        RABBITMQ_LOG_BASE=str(plan.path("logs")),
        RABBITMQ_LOGS="-",
        RABBITMQ_PID_FILE=str(rabbit_dir / "rabbitmq.pid"),
        # Erlang's distribution listener on loopback too; no busy-waiting schedulers taking a core from the services.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=(
            "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none"
        ),
    )
    return [epmd, Command("rabbitmq", (RABBITMQ_SERVER,), rabbit_env)]


def setup_steps(plan: Plan) -> dict[str, list[Command]]:
    """Per service, the commands that create its database and keys, run in order; services run in parallel."""
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    keystone_conf = ("--config-file", str(plan.etc("keystone") / "keystone.conf"))
    nova_conf = ("--config-file", str(plan.etc("nova") / "nova.conf"))
    neutron_conf = (
        "--config-file",
        str(plan.etc("neutron") / "neutron.conf"),
        "--config-file",
        str(plan.etc("neutron") / "ml2_conf.ini"),
    )
    keystone_manage = (_bin("keystone", "keystone-manage"), *keystone_conf)
    nova_manage = (_bin("nova", "nova-manage"), *nova_conf)
    owner = ("--keystone-user", user, "--keystone-group", group)

    def steps(venv: str, *argvs: tuple[str, ...], **extra: str) -> list[Command]:
        return [Command(f"{venv}-setup", argv, _env(plan, venv, **extra)) for argv in argvs]

    return {
        "keystone": steps(
            "keystone",
            (*keystone_manage, "db_sync"),
            (*keystone_manage, "fernet_setup", *owner),
            (*keystone_manage, "credential_setup", *owner),
            (
                *keystone_manage,
                "bootstrap",
                "--bootstrap-admin-url",
                plan.keystone_url,
                "--bootstrap-internal-url",
                plan.keystone_url,
                "--bootstrap-public-url",
                plan.keystone_url,
                "--bootstrap-region-id",
                "RegionOne",
            ),
            # The admin password reaches keystone-manage through its environment, never argv (visible in ps).
            OS_BOOTSTRAP_PASSWORD=plan.passwords["admin"],
        ),
        "glance": steps(
            "glance",
            (_bin("glance", "glance-manage"), "--config-file", str(plan.etc("glance") / "glance-api.conf"), "db_sync"),
        ),
        "cinder": steps(
            "cinder",
            (_bin("cinder", "cinder-manage"), "--config-file", str(plan.etc("cinder") / "cinder.conf"), "db", "sync"),
        ),
        "placement": steps(
            "nova",
            (
                _bin("nova", "placement-manage"),
                "--config-file",
                str(plan.etc("placement") / "placement.conf"),
                "db",
                "sync",
            ),
        ),
        "nova": steps(
            "nova",
            (*nova_manage, "api_db", "sync"),
            (*nova_manage, "cell_v2", "map_cell0", "--database_connection", plan.db_url("nova_cell0")),
            (*nova_manage, "db", "sync"),
            (*nova_manage, "cell_v2", "create_cell", "--name", "cell1"),
        ),
        "neutron": steps(
            "neutron",
            # Neutron's alembic migrations do not run on sqlite: build the schema from its models, then stamp it.
            (_bin("neutron", "python"), "-m", "realcloud_neutron_schema", plan.db_url("neutron")),
            (_bin("neutron", "neutron-db-manage"), *neutron_conf, "stamp", "heads"),
        ),
    }


def service_processes(plan: Plan) -> dict[str, list[Command]]:
    """Per service, its long-running processes, started once its setup steps and Keystone's bootstrap are done."""
    cinder_conf = ("--config-file", str(plan.etc("cinder") / "cinder.conf"))
    nova_conf = ("--config-file", str(plan.etc("nova") / "nova.conf"))

    def cinder(program: str) -> Command:
        return Command(program, (_bin("cinder", program), *cinder_conf), _env(plan, "cinder"))

    def nova(program: str, conf: tuple[str, ...] = nova_conf) -> Command:
        return Command(program, (_bin("nova", program), *conf), _env(plan, "nova"))

    return {
        "glance": [
            _gunicorn(
                plan,
                "glance-api",
                "glance",
                "glance.wsgi.api:application",
                "glance",
                OS_GLANCE_CONFIG_DIR=str(plan.etc("glance")),
            ),
        ],
        "placement": [
            _gunicorn(
                plan,
                "placement-api",
                "nova",
                "placement.wsgi.api:application",
                "placement",
                OS_PLACEMENT_CONFIG_DIR=str(plan.etc("placement")),
            ),
        ],
        "neutron": [
            _gunicorn(
                plan,
                "neutron-api",
                "neutron",
                "neutron.wsgi.api:application",
                "neutron",
                OS_NEUTRON_CONFIG_DIR=str(plan.etc("neutron")),
                OS_NEUTRON_CONFIG_FILES="neutron.conf;ml2_conf.ini",
            ),
        ],
        "cinder": [cinder("cinder-api"), cinder("cinder-scheduler"), cinder("cinder-volume")],
        "nova": [
            _gunicorn(
                plan,
                "nova-api",
                "nova",
                "nova.wsgi.osapi_compute:application",
                "nova",
                OS_NOVA_CONFIG_DIR=str(plan.etc("nova")),
                OS_NOVA_CONFIG_FILES="api-paste.ini;nova.conf",
            ),
            nova("nova-conductor"),
            nova("nova-scheduler"),
            nova("nova-compute", ("--config-file", str(plan.etc("nova") / "nova-compute.conf"))),
        ],
    }


def keystone_process(plan: Plan) -> Command:
    return _gunicorn(
        plan,
        "keystone",
        "keystone",
        "keystone.wsgi.api:application",
        "keystone",
        OS_KEYSTONE_CONFIG_DIR=str(plan.etc("keystone")),
    )
