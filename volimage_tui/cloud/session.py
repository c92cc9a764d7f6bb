"""One cloud and region, connected on first use: listings, lookups and raw requests that return core models.

Requests go through openstacksdk's per-service adapters, so authentication, the catalog, version discovery and
keystoneauth's retries stay theirs; the JSON is mapped to core models here (`wire`), page by page, because
openstacksdk's Resource objects cost seconds per thousand volumes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar

import openstack
from openstack import exceptions as sdk
from openstack.connection import Connection

from .. import __version__
from ..core.export import ApiRequest, Target
from ..core.microversions import BASE, Need, Version, version_for
from ..core.microversions import Service as MicroversionService
from ..core.models import (
    CloudProfile,
    Flavor,
    Image,
    KeyPair,
    Limits,
    Network,
    SecurityGroup,
    Server,
    Snapshot,
    Volume,
)
from ..errors import InputError, NotFoundError, VolimageError
from ..redact import register_secret
from . import wire
from .errors import translated

Service = Literal["volume", "image", "compute", "network"]
T = TypeVar("T")

PAGE_SIZE = 1000
"""Items per listing request: the services' default maximum (osapi_max_limit, max_limit, api_limit_max)."""

UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")

RETRY_SETTINGS: dict[str, Any] = {"status_code_retries": 3, "api_timeout": 60}
"""keystoneauth retries 429 and 503 (honouring Retry-After) three times; no request waits more than a minute."""

GET_CONNECT_RETRIES = 2
"""Reads are retried on a dropped connection; writes never are, since the first attempt may have landed."""


class Session:
    """A connection to one cloud and region, made lazily and safe to share between worker threads.

    By default it connects to `profile`'s cloud of clouds.yaml. `connect_args` gives other keyword arguments for
    `openstack.connect` (the demo cloud's, read when the session first connects); `connection` adopts a connection
    someone else made and owns (the `openstack` command's), which `close()` then leaves open.
    """

    def __init__(
        self,
        profile: CloudProfile,
        region: str | None = None,
        *,
        connect_args: Callable[[], Mapping[str, Any]] | None = None,
        connection: Connection | None = None,
        api_timeout: float = 60,
    ) -> None:
        self.profile = profile
        self.requested_region = region
        self.connect_args = connect_args or (lambda: {"cloud": profile.name, "region_name": region})
        self.api_timeout = api_timeout
        self._connection: Connection | None = connection
        self._owns_connection = connection is None
        self._secrets_hidden = False
        self._offered: dict[MicroversionService, Version] | None = None
        self._lock = threading.Lock()

    # connecting

    @property
    def connection(self) -> Connection:
        with self._lock:
            if self._connection is None:
                self._connection = self._connect()
            if not self._secrets_hidden:
                with translated(f"Connecting to cloud {self.profile.name}"):
                    _hide_secrets(self._connection)
                self._secrets_hidden = True
            return self._connection

    @property
    def region(self) -> str:
        return str(self.connection.config.region_name or "")

    def connect(self) -> None:
        """Authenticate now, so that a wrong password shows up before the first listing."""
        _ = self.connection

    def offered(self) -> dict[MicroversionService, Version]:
        """The newest microversion Nova and Cinder offer here, read from their version documents (which
        keystoneauth discovers once per session and caches)."""
        with self._lock:
            known = self._offered
        if known is None:
            known = {}
            for service in BASE:
                with translated(f"Reading the {service} API's versions"):
                    data = self._adapter(service).get_endpoint_data()
                newest = getattr(data, "max_microversion", None)
                if newest:
                    known[service] = Version(int(newest[0]), int(newest[1]))
            with self._lock:
                self._offered = known
        return dict(known)

    def target(self) -> Target:
        """This cloud and region as the exported commands name them, with the microversions it offers."""
        return Target(cloud=self.profile.name, region=self.region or None, offered=self.offered())

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._owns_connection:
                self._connection.close()
                self._connection = None
                self._offered = None
                self._secrets_hidden = False

    def _connect(self) -> Connection:
        settings = {**RETRY_SETTINGS, "api_timeout": self.api_timeout, "app_name": "volimage"}
        settings["app_version"] = __version__
        with translated(f"Connecting to cloud {self.profile.name}"):
            return openstack.connect(**self.connect_args(), **settings)

    # raw requests

    def _adapter(self, service: Service) -> Any:
        """openstacksdk's proxy of `service`, made (and its version discovered) on first use only."""
        return getattr(self.connection, PROXIES[service])

    def request(
        self,
        service: Service,
        method: str,
        path: str,
        action: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        needs: tuple[Need, ...] = (),
    ) -> Any:
        """Send one request and return its decoded JSON (None for an empty body); errors become `CloudError`.

        A request to Nova or Cinder is sent at the microversion `needs` asks for (the service's base version when
        it needs nothing newer); a need the cloud is too old for is refused here, in one line, before sending.
        """
        microversion = None
        if service in BASE:
            for need in needs:
                refusal = self.target().require(need)
                if refusal:
                    raise InputError(refusal)
            microversion = str(version_for(service, needs))
        with translated(action):
            response = self._adapter(service).request(
                path,
                method,
                json=json,
                params=dict(params or {}),
                headers={"Accept": "application/json", **(headers or {})},
                data=data,
                microversion=microversion,
                connect_retries=GET_CONNECT_RETRIES if method == "GET" else 0,
            )
            sdk.raise_from_response(response)
            return response.json() if response.content else None

    def send(self, request: ApiRequest, action: str) -> Any:
        """Send a request exactly as core described it (and the preview showed it)."""
        return self.request(
            request.service,  # type: ignore[arg-type]  # core's service names are the session's
            request.method,
            request.path,
            action,
            json=request.body,
            headers=dict(request.headers),
            data=b"" if request.method == "PUT" and request.body is None else None,
            needs=request.needs,
        )

    def pages(
        self,
        service: Service,
        path: str,
        key: str,
        action: str,
        params: Mapping[str, Any] | None = None,
        needs: tuple[Need, ...] = (),
    ) -> Iterator[list[dict[str, Any]]]:
        """Every page of a listing, following `<key>_links` (Cinder, Nova, Neutron) or `next` (Glance).

        The next page is requested as soon as its marker is known, so the cloud prepares it while the caller
        turns this one into models (or rows on screen).
        """
        query = {"limit": PAGE_SIZE, **(params or {})}
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="volimage-page") as pool:
            pending = pool.submit(self.request, service, "GET", path, action, params=query, needs=needs)
            loaded = 0
            while True:
                try:
                    body = pending.result()
                except VolimageError as error:
                    if loaded:
                        raise error.extended(f"The list is incomplete: {loaded:,} were loaded before.") from error
                    raise
                items = body.get(key) or []
                marker = wire.next_marker(body, key)
                more = bool(items) and marker is not None and marker != query.get("marker")
                if more:
                    query = {**query, "marker": marker}
                    pending = pool.submit(self.request, service, "GET", path, action, params=query, needs=needs)
                loaded += len(items)
                yield items
                if not more:
                    return

    def listing(
        self,
        parse: Callable[[dict[str, Any]], T],
        service: Service,
        path: str,
        key: str,
        what: str,
        needs: tuple[Need, ...] = (),
        **params: Any,
    ) -> Iterator[list[T]]:
        """A listing's pages, each item parsed into a core model."""
        for page in self.pages(service, path, key, f"Listing {what}", params, needs):
            yield [parse(item) for item in page]

    # listings, page by page (for the UI) and whole (for the CLI)

    def volume_pages(self, **filters: Any) -> Iterator[list[Volume]]:
        return self.listing(wire.volume, "volume", "/volumes/detail", "volumes", "volumes", **filters)

    def snapshot_pages(self, **filters: Any) -> Iterator[list[Snapshot]]:
        return self.listing(wire.snapshot, "volume", "/snapshots/detail", "snapshots", "snapshots", **filters)

    def image_pages(self, **filters: Any) -> Iterator[list[Image]]:
        return self.listing(wire.image, "image", "/images", "images", "images", **filters)

    def server_pages(self, **filters: Any) -> Iterator[list[Server]]:
        return self.listing(wire.server, "compute", "/servers/detail", "servers", "servers", **filters)

    def volumes(self, **filters: Any) -> list[Volume]:
        return [item for page in self.volume_pages(**filters) for item in page]

    def snapshots(self, **filters: Any) -> list[Snapshot]:
        return [item for page in self.snapshot_pages(**filters) for item in page]

    def images(self, **filters: Any) -> list[Image]:
        return [item for page in self.image_pages(**filters) for item in page]

    def servers(self, **filters: Any) -> list[Server]:
        return [item for page in self.server_pages(**filters) for item in page]

    def flavors(self) -> list[Flavor]:
        items = self.listing(wire.flavor, "compute", "/flavors/detail", "flavors", "flavors")
        return sorted((item for page in items for item in page), key=lambda flavor: (flavor.ram, flavor.vcpus))

    def networks(self) -> list[Network]:
        return [
            item for page in self.listing(wire.network, "network", "/networks", "networks", "networks") for item in page
        ]

    def security_groups(self) -> list[SecurityGroup]:
        listing = self.listing(wire.security_group, "network", "/security-groups", "security_groups", "security groups")
        return [item for page in listing for item in page]

    def keypairs(self) -> list[KeyPair]:
        body = self.request("compute", "GET", "/os-keypairs", "Listing key pairs")
        return [wire.keypair(item) for item in body.get("keypairs") or ()]

    def volume_types(self) -> list[str]:
        body = self.request("volume", "GET", "/types", "Listing volume types")
        return [item["name"] for item in body.get("volume_types") or ()]

    def availability_zones(self) -> list[str]:
        """Nova's zones a project may choose (the non-admin listing)."""
        body = self.request("compute", "GET", "/os-availability-zone", "Listing availability zones")
        return [item["zoneName"] for item in body.get("availabilityZoneInfo") or () if item.get("zoneName")]

    def limits(self) -> Limits:
        compute = self.request("compute", "GET", "/limits", "Reading compute quotas")
        volume = self.request("volume", "GET", "/limits", "Reading volume quotas")
        return wire.limits(compute["limits"]["absolute"], volume["limits"]["absolute"])

    # one resource

    def volume(self, volume_id: str) -> Volume:
        body = self.request("volume", "GET", f"/volumes/{volume_id}", f"Reading volume {volume_id}")
        return wire.volume(body["volume"])

    def snapshot(self, snapshot_id: str) -> Snapshot:
        body = self.request("volume", "GET", f"/snapshots/{snapshot_id}", f"Reading snapshot {snapshot_id}")
        return wire.snapshot(body["snapshot"])

    def image(self, image_id: str) -> Image:
        return wire.image(self.request("image", "GET", f"/images/{image_id}", f"Reading image {image_id}"))

    def server(self, server_id: str) -> Server:
        body = self.request("compute", "GET", f"/servers/{server_id}", f"Reading server {server_id}")
        return wire.server(body["server"])

    def raw(self, kind: str, resource_id: str) -> dict[str, Any]:
        """The API object as the service sends it, for the YAML view."""
        service, path, key = RAW_PATHS[kind]
        body = self.request(service, "GET", f"{path}/{resource_id}", f"Reading {kind} {resource_id}")
        return dict(body[key] if key else body)

    def source_volume(self, snapshot: Snapshot) -> Volume | None:
        """A snapshot's volume, which carries the image metadata Cinder does not show on snapshots."""
        try:
            return self.volume(snapshot.volume_id)
        except NotFoundError:
            return None

    # names or ids, as the openstack CLI accepts them

    def find_volume(self, name_or_id: str) -> Volume:
        return _find("volume", name_or_id, self.volume, lambda: self.volumes(name=name_or_id))

    def find_snapshot(self, name_or_id: str) -> Snapshot:
        return _find("snapshot", name_or_id, self.snapshot, lambda: self.snapshots(name=name_or_id))

    def find_image(self, name_or_id: str) -> Image:
        return _find("image", name_or_id, self.image, lambda: self.images(name=name_or_id))

    def find_server(self, name_or_id: str) -> Server:
        return _find("server", name_or_id, self.server, lambda: self.servers(name=f"^{re.escape(name_or_id)}$"))

    def find_flavor(self, name_or_id: str) -> Flavor:
        return _pick("flavor", name_or_id, self.flavors())

    def find_network(self, name_or_id: str) -> Network:
        return _pick("network", name_or_id, self.networks())


PROXIES: dict[Service, str] = {"volume": "block_storage", "image": "image", "compute": "compute", "network": "network"}

RAW_PATHS: dict[str, tuple[Service, str, str | None]] = {
    "volume": ("volume", "/volumes", "volume"),
    "snapshot": ("volume", "/snapshots", "snapshot"),
    "image": ("image", "/images", None),
    "server": ("compute", "/servers", "server"),
}


def _hide_secrets(connection: Connection) -> None:
    """Register the connection's password, secrets and token (authenticating now) so no text ever shows them."""
    auth = connection.config.config.get("auth") or {}
    for key in ("password", "application_credential_secret", "token", "secret"):
        register_secret(auth.get(key))
    register_secret(connection.session.get_token())


def _find(kind: str, name_or_id: str, by_id: Callable[[str], T], by_name: Callable[[], list[T]]) -> T:
    """By id first (when it looks like one), then by exact name; several of one name is the user's to settle."""
    if not name_or_id.strip():
        raise InputError(f"Give a {kind} name or ID.")
    if UUID.match(name_or_id):
        try:
            return by_id(name_or_id)
        except NotFoundError:
            pass
    return _pick(kind, name_or_id, by_name())


def _pick(kind: str, name_or_id: str, candidates: list[T]) -> T:
    matches = [item for item in candidates if getattr(item, "id", None) == name_or_id]
    matches = matches or [item for item in candidates if getattr(item, "name", None) == name_or_id]
    if not matches:
        raise InputError(f"There is no {kind} named or with ID {name_or_id!r}.")
    if len(matches) > 1:
        ids = ", ".join(str(getattr(item, "id", "")) for item in matches[:5])
        raise InputError(f"{len(matches)} {kind}s are named {name_or_id!r} ({ids}); give the ID instead.")
    return matches[0]
