"""The launch form: name, flavor, networks, key pair, security groups, zone and count, read as `LaunchOptions`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList

from ...core.launch import AUTO_NETWORK, NO_NETWORK, LaunchOptions
from ...core.models import Flavor, Image, KeyPair, Network, SecurityGroup

NETWORK_MODES = (("the networks ticked below", ""), ("auto (Nova allocates one)", AUTO_NETWORK), ("none", NO_NETWORK))


class LaunchForm(VerticalScroll):
    """Fields filled once the cloud's flavors, networks, key pairs, groups and zones are known."""

    def __init__(self, image: Image, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.image = image
        self.flavors: tuple[Flavor, ...] = ()

    def compose(self) -> ComposeResult:
        yield Label("Server name")
        yield Input(value=self.image.name.removesuffix("-boot") + "-server", id="launch-name", compact=True)
        yield Label("Count")
        yield Input(value="1", id="launch-count", type="integer", compact=True)
        yield Label("Flavor")
        yield Select[str]([], prompt="loading flavors…", id="launch-flavor", compact=True)
        yield Label("Network")
        yield Select(NETWORK_MODES, value="", allow_blank=False, id="launch-network-mode", compact=True)
        yield SelectionList[str](id="launch-networks")
        yield Label("Key pair")
        yield Select([("none", "")], value="", allow_blank=False, id="launch-key", compact=True)
        yield Label("Security groups (none ticked: the project's default)")
        yield SelectionList[str](id="launch-groups")
        yield Label("Availability zone")
        yield Select([("any", "")], value="", allow_blank=False, id="launch-zone", compact=True)

    def fill(
        self,
        flavors: Sequence[Flavor],
        networks: Sequence[Network],
        keypairs: Sequence[KeyPair],
        groups: Sequence[SecurityGroup],
        zones: Sequence[str],
        defaults: Mapping[str, str],
    ) -> None:
        """Offer what the cloud has, preselecting the remembered choices (or the smallest flavor that fits)."""
        self.flavors = tuple(flavors)
        flavor_select = self.query_one("#launch-flavor", Select)
        flavor_select.set_options(
            (f"{flavor.name}  ({flavor.ram} MiB, {flavor.vcpus} vCPU)", flavor.id) for flavor in flavors
        )
        remembered = next((f for f in flavors if f.name == defaults.get("flavor")), None)
        fitting = next((f for f in flavors if f.ram >= self.image.min_ram), None)
        chosen = remembered or fitting or (flavors[0] if flavors else None)
        if chosen is not None:
            flavor_select.value = chosen.id
        usable = [network for network in networks if not network.external] or list(networks)
        default_network = defaults.get("network") or (usable[0].id if usable else "")
        self.query_one("#launch-networks", SelectionList).add_options(
            (f"{network.name}{'  (external)' if network.external else ''}", network.id, network.id == default_network)
            for network in networks
        )
        key_select = self.query_one("#launch-key", Select)
        key_select.set_options([("none", ""), *((key.name, key.name) for key in keypairs)])
        if defaults.get("key_name") in {key.name for key in keypairs}:
            key_select.value = defaults["key_name"]
        self.query_one("#launch-groups", SelectionList).add_options((group.name, group.name) for group in groups)
        self.query_one("#launch-zone", Select).set_options([("any", ""), *((zone, zone) for zone in zones)])

    def _choice(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def count_problem(self) -> str:
        text = self.query_one("#launch-count", Input).value.strip()
        return "" if text.isdigit() else "The count must be a whole number."

    def options(self) -> LaunchOptions | None:
        """The options, or None while no flavor is chosen."""
        flavor = next((f for f in self.flavors if f.id == self._choice("#launch-flavor")), None)
        if flavor is None:
            return None
        mode = self._choice("#launch-network-mode")
        ticked = self.query_one("#launch-networks", SelectionList).selected
        networks = (mode,) if mode else tuple(str(network) for network in ticked)
        count_text = self.query_one("#launch-count", Input).value.strip()
        return LaunchOptions(
            name=self.query_one("#launch-name", Input).value,
            flavor=flavor,
            networks=networks,
            count=int(count_text) if count_text.isdigit() else 1,
            key_name=self._choice("#launch-key") or None,
            security_groups=tuple(str(g) for g in self.query_one("#launch-groups", SelectionList).selected),
            availability_zone=self._choice("#launch-zone") or None,
        )
