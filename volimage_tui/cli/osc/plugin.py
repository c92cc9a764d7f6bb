"""What python-openstackclient expects of a plugin module: its API name and versions, and the client it makes.

OSC imports this module at every start (entry point group `openstack.cli.extension`) and then loads the commands
of group `openstack.placeholder.v1`. The "client" is volimage's `Session` over OSC's own openstacksdk connection,
so authentication, region, interface, the `--os-*` options and `--debug` are all OSC's; nothing here reads
clouds.yaml. Importing this module imports nothing but the standard library.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...cloud.session import Session

API_NAME = "placeholder"
"""The command group (`openstack placeholder ...`) and the client manager's attribute for the session."""

API_VERSION_OPTION = "os_placeholder_api_version"
DEFAULT_API_VERSION = "1"
API_VERSIONS = ("1",)
"""volimage's command set has one version; the services' microversions are chosen per request by the session."""

ENVIRONMENT_CLOUD = "envvars"
"""The name openstacksdk gives a cloud made of OS_* variables alone: no `--os-cloud` can name it."""


def make_client(instance: Any) -> Session:
    """A volimage session over the client manager's openstacksdk connection (authenticated by OSC first), which
    the session adopts and never closes."""
    from ...cloud.session import Session
    from ...core.models import CloudProfile

    connection = instance.sdk_connection
    name = str(connection.config.name or "")
    region = str(connection.config.region_name or "") or None
    profile = CloudProfile(
        name="" if name == ENVIRONMENT_CLOUD else name,
        regions=(region,) if region else (),
        auth_type=str(connection.config.config.get("auth_type") or "password"),
        source="the openstack command",
    )
    return Session(profile, region, connection=connection)


def build_option_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """OSC's global options gain `--os-placeholder-api-version`, as every plugin's do."""
    parser.add_argument(
        "--os-placeholder-api-version",
        metavar="<placeholder-api-version>",
        default=None,
        help=f"volimage placeholder command set version (default: {DEFAULT_API_VERSION})",
    )
    return parser
