"""Write every service's configuration files into the state folder, from the plan's ports, paths and passwords."""

import shutil
from collections.abc import Mapping

from .install import VENVS
from .plan import HOST, REGION, SERVICE_PROJECT, Plan, write_private

Ini = Mapping[str, Mapping[str, str]]


def render_ini(sections: Ini) -> str:
    """oslo.config's ini dialect; written by hand because configparser would fold DEFAULT into every section."""
    lines: list[str] = []
    for section, options in sections.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in options.items())
        lines.append("")
    return "\n".join(lines)


def _service_auth(plan: Plan, user: str) -> dict[str, str]:
    """keystoneauth password options for a service user acting in the `service` project (client sections)."""
    return {
        "auth_type": "password",
        "auth_url": plan.keystone_url,
        "username": user,
        "password": plan.passwords[user],
        "project_name": SERVICE_PROJECT,
        "user_domain_name": "Default",
        "project_domain_name": "Default",
        "region_name": REGION,
    }


def _authtoken(plan: Plan, user: str) -> dict[str, str]:
    """keystonemiddleware: validate incoming tokens as this service's user; a service token must carry `service`."""
    return {
        "www_authenticate_uri": plan.keystone_url,
        **_service_auth(plan, user),
        "service_token_roles_required": "true",
        "service_token_roles": "service",
    }


# Every service logs to stderr, which the harness sends to one log file per process: tracebacks, gunicorn's own
# messages and oslo.log's lines end up in the same place.
_LOGGING = {"use_stderr": "true", "debug": "false"}
# oslo.service waits up to a minute for a graceful stop (nova-compute used all of it): a test cloud has nothing to
# drain, and `down` should not need SIGKILL.
_SHUTDOWN = {"graceful_shutdown_timeout": "5"}


def keystone(plan: Plan) -> Ini:
    return {
        "DEFAULT": {**_LOGGING},
        "database": {"connection": plan.db_url("keystone")},
        "token": {"provider": "fernet"},
        "fernet_tokens": {"key_repository": str(plan.path("keystone", "fernet-keys"))},
        "fernet_receipts": {"key_repository": str(plan.path("keystone", "fernet-receipts"))},
        "credential": {"key_repository": str(plan.path("keystone", "credential-keys"))},
        "cache": {"enabled": "false"},
    }


def glance(plan: Plan) -> Ini:
    return {
        "DEFAULT": {
            **_LOGGING,
            "enabled_backends": "fs:file",
            # Glance calls itself for imports; under gunicorn it cannot know its own address.
            "worker_self_reference_url": plan.base_url("glance"),
        },
        "database": {"connection": plan.db_url("glance")},
        "glance_store": {"default_backend": "fs"},
        "fs": {"filesystem_store_datadir": str(plan.path("glance", "images"))},
        "os_glance_staging_store": {"filesystem_store_datadir": str(plan.path("glance", "staging"))},
        "os_glance_tasks_store": {"filesystem_store_datadir": str(plan.path("glance", "tasks"))},
        "keystone_authtoken": _authtoken(plan, "glance"),
        "paste_deploy": {
            "flavor": "keystone",
            "config_file": str(VENVS["glance"].path / "etc/glance/glance-api-paste.ini"),
        },
        "oslo_concurrency": {"lock_path": str(plan.path("glance", "locks"))},
    }


def cinder(plan: Plan) -> Ini:
    unlimited = ("volumes", "snapshots", "gigabytes", "backups", "backup_gigabytes", "groups")
    return {
        "DEFAULT": {
            **_LOGGING,
            **_SHUTDOWN,
            "host": HOST,
            "my_ip": "127.0.0.1",
            "state_path": str(plan.path("cinder")),
            "transport_url": plan.transport_url,
            "auth_strategy": "keystone",
            "osapi_volume_listen": "127.0.0.1",
            "osapi_volume_listen_port": str(plan.ports["cinder"]),
            "osapi_volume_workers": "1",
            "api_paste_config": str(VENVS["cinder"].path / "etc/cinder/api-paste.ini"),
            # Without it every list filter (?name=...) is a 400 "Invalid filters".
            "resource_query_filters_file": str(plan.etc("cinder") / "resource_filters.json"),
            "enabled_backends": "fake",
            "glance_api_servers": plan.base_url("glance"),
            # The scheduler sees the volume service's pool within seconds instead of a minute.
            "periodic_interval": "2",
            "backend_stats_polling_interval": "3",
            **{f"quota_{name}": "-1" for name in unlimited},
        },
        "database": {"connection": plan.db_url("cinder")},
        "fake": {
            # Ships in the wheel (cinder.tests): volumes and snapshots are rows only, no storage behind them.
            "volume_driver": "cinder.tests.fake_driver.FakeLoggingVolumeDriver",
            "volume_backend_name": "fake",
        },
        "keystone_authtoken": _authtoken(plan, "cinder"),
        "nova": {**_service_auth(plan, "cinder"), "interface": "public"},
        "oslo_concurrency": {"lock_path": str(plan.path("cinder", "locks"))},
        "oslo_messaging_notifications": {"driver": "noop"},
    }


def placement(plan: Plan) -> Ini:
    return {
        "DEFAULT": {**_LOGGING},
        "placement_database": {"connection": plan.db_url("placement")},
        "api": {"auth_strategy": "keystone"},
        "keystone_authtoken": _authtoken(plan, "placement"),
    }


def nova(plan: Plan, *, with_databases: bool) -> Ini:
    """nova-api/conductor/scheduler/nova-manage get the databases; nova-compute must not (cross-cell look-ups)."""
    quotas = (
        "instances",
        "cores",
        "ram",
        "metadata_items",
        "key_pairs",
        "server_groups",
        "server_group_members",
        "injected_files",
        "injected_file_content_bytes",
        "injected_file_path_length",
    )
    sections: dict[str, dict[str, str]] = {
        "DEFAULT": {
            **_LOGGING,
            **_SHUTDOWN,
            "host": HOST,
            "my_ip": "127.0.0.1",
            "state_path": str(plan.path("nova")),
            "instances_path": str(plan.path("nova", "instances")),
            "transport_url": plan.transport_url,
            # Keeps a stable node UUID in state_path/compute_id, so nova-compute can restart on the same data.
            "compute_driver": "fake.FakeDriverWithoutFakeNodes",
        },
        "api": {"auth_strategy": "keystone"},
        "wsgi": {"api_paste_config": str(VENVS["nova"].path / "etc/nova/api-paste.ini")},
        "conductor": {"workers": "1"},
        "scheduler": {"workers": "1", "discover_hosts_in_cells_interval": "-1"},
        "keystone_authtoken": _authtoken(plan, "nova"),
        "placement": _service_auth(plan, "nova"),
        "cinder": {**_service_auth(plan, "nova"), "os_region_name": REGION},
        "neutron": _service_auth(plan, "nova"),
        "glance": {"region_name": REGION},
        # Cinder deletes the attachments of an in-use volume only when the request carries a service token.
        "service_user": {**_service_auth(plan, "nova"), "send_service_user_token": "true"},
        "quota": dict.fromkeys(quotas, "-1"),
        "vnc": {"enabled": "false"},
        "oslo_concurrency": {"lock_path": str(plan.path("nova", "locks"))},
        "oslo_messaging_notifications": {"driver": "noop"},
    }
    if with_databases:
        sections["api_database"] = {"connection": plan.db_url("nova_api")}
        sections["database"] = {"connection": plan.db_url("nova")}
    return sections


def neutron(plan: Plan) -> Ini:
    return {
        "DEFAULT": {
            **_LOGGING,
            "host": HOST,
            "state_path": str(plan.path("neutron")),
            "core_plugin": "ml2",
            "service_plugins": "",
            "auth_strategy": "keystone",
            "api_paste_config": str(VENVS["neutron"].path / "etc/neutron/api-paste.ini"),
            "transport_url": plan.transport_url,
            # No ports ever bind (no mechanism drivers), so there is nothing to tell Nova.
            "notify_nova_on_port_status_changes": "false",
            "notify_nova_on_port_data_changes": "false",
        },
        "database": {"connection": plan.db_url("neutron")},
        "keystone_authtoken": _authtoken(plan, "neutron"),
        "quotas": dict.fromkeys(
            (
                "default_quota",
                "quota_network",
                "quota_subnet",
                "quota_port",
                "quota_security_group",
                "quota_security_group_rule",
                "quota_rbac_policy",
                "quota_router",
                "quota_floatingip",
            ),
            "-1",
        ),
        "oslo_concurrency": {"lock_path": str(plan.path("neutron", "locks"))},
        "oslo_messaging_notifications": {"driver": "noop"},
    }


def ml2(_plan: Plan) -> Ini:
    """The API alone: no mechanism drivers (no port can bind), no tenant networks, no agents."""
    return {
        "ml2": {
            "type_drivers": "flat,vlan",
            "tenant_network_types": "",
            "mechanism_drivers": "",
            "extension_drivers": "",
        },
    }


def rabbitmq(plan: Plan) -> str:
    """rabbitmq.conf (the new-style format): loopback only, a user of this run's own, logs to the console."""
    return "\n".join(
        (
            f"listeners.tcp.default = 127.0.0.1:{plan.ports['amqp']}",
            "default_user = realcloud",
            f"default_pass = {plan.passwords['rabbit']}",
            "loopback_users = none",
            "log.console = true",
            "log.console.level = warning",
            "log.file = false",
            "",
        )
    )


def write_all(plan: Plan) -> None:
    """Every config file of every service; passwords are in them, so they are readable by this user only."""
    files: dict[str, str] = {
        "keystone/keystone.conf": render_ini(keystone(plan)),
        "glance/glance-api.conf": render_ini(glance(plan)),
        "cinder/cinder.conf": render_ini(cinder(plan)),
        "placement/placement.conf": render_ini(placement(plan)),
        "nova/nova.conf": render_ini(nova(plan, with_databases=True)),
        "nova/nova-compute.conf": render_ini(nova(plan, with_databases=False)),
        "neutron/neutron.conf": render_ini(neutron(plan)),
        "neutron/ml2_conf.ini": render_ini(ml2(plan)),
        "rabbitmq/rabbitmq.conf": rabbitmq(plan),
        "rabbitmq/enabled_plugins": "[].\n",
    }
    for relative, text in files.items():
        write_private(plan.path("etc", relative), text)
    # Copied from the wheels: the files the services expect beside their configuration.
    copies = {
        # Cinder rejects every list filter (?name=...) without it.
        ("cinder", "etc/cinder/resource_filters.json"): plan.etc("cinder") / "resource_filters.json",
        # Nova's WSGI app loads its paste pipeline from the first of OS_NOVA_CONFIG_FILES, in OS_NOVA_CONFIG_DIR.
        ("nova", "etc/nova/api-paste.ini"): plan.etc("nova") / "api-paste.ini",
    }
    for (venv, source), target in copies.items():
        shutil.copyfile(VENVS[venv].path / source, target)
    for directory in (
        "db",
        "logs",
        "keystone",
        "glance/images",
        "glance/staging",
        "glance/tasks",
        "cinder",
        "nova/instances",
        "neutron",
        "rabbitmq/mnesia",
        "rabbitmq/home",
    ):
        plan.path(*directory.split("/")).mkdir(parents=True, exist_ok=True)
