"""Against a cloud as old releases are (Nova up to 2.36, Cinder up to 3.65): the fallback volimage has, or one
line that says which feature needs which version and what to do instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from volimage_tui.simcloud import SimCloud, SimConfig

from .conftest import Volimage
from .test_microversions import LAUNCH, versioned


@pytest.fixture
def sim() -> Iterator[SimCloud]:
    """This module's cloud offers what an older release does: Nova up to 2.36, Cinder up to 3.65."""
    with SimCloud(SimConfig(seed=42, max_microversions={"compute": "2.36", "volume": "3.65"})) as cloud:
        yield cloud


@pytest.mark.parametrize("word", ["none", "auto"])
def test_an_older_nova_refuses_network_words_in_one_line_before_asking(
    volimage: Volimage, sim: SimCloud, word: str
) -> None:
    run = volimage("launch", "--image", "web-01-backup", "--flavor", "m1.small", "--network", word, "--yes")
    assert run.code == 2
    refusal = (
        "error: Launching with networks 'none' or 'auto' needs Nova microversion 2.37, and this cloud offers up to "
        "2.36; name a network instead (--network NAME)."
    )
    assert [line for line in run.out.splitlines() if line.startswith("error: ")] == [refusal]
    assert not [entry for entry in sim.requests() if entry.mutating and entry.service != "identity"]


def test_an_older_nova_still_launches_on_a_named_network_at_2_1(volimage: Volimage, sim: SimCloud) -> None:
    run = volimage(*LAUNCH, "--network", "private", "--name", "old-nova")
    assert run.code == 0, run.err
    assert run.json()["servers"][0]["status"] == "ACTIVE"


def test_an_older_cinder_snapshots_an_in_use_volume_with_force(volimage: Volimage, sim: SimCloud) -> None:
    preview = volimage("preview", "--volume", "web-01-root", "--name", "old", "-f", "json").json()
    assert preview["requests"][0]["microversion"] == "volume 3.0"
    assert preview["requests"][0]["body"]["snapshot"]["force"] is True
    assert "--force" in preview["commands"][0] and "--os-volume-api-version" not in preview["commands"][0]
    run = volimage("create-image", "--volume", "web-01-root", "--name", "old", "--yes", "-f", "json")
    assert run.code == 0, run.err
    assert run.json()["image"]["status"] == "active"
    posts = [version for method, path, version in versioned(sim) if method == "POST" and path.endswith("/snapshots")]
    assert posts == ["3.0"]
