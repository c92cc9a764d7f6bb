"""What the preview shows as "the exact requests" is what volimage sends: the simulated cloud's request log for
`create-image` and `launch` holds the previewed requests, request by request (method, path, microversion, body),
and no other request that changes the cloud."""

from __future__ import annotations

import json
from typing import Any

import pytest

from volimage_tui.core.export import NEW_IMAGE, NEW_REQUEST
from volimage_tui.core.placeholder import NEW_SNAPSHOT, REQUEST_KEY
from volimage_tui.simcloud import LoggedRequest, SimCloud

from .conftest import Volimage


def with_ids(previewed: list[dict[str, Any]], ids: dict[str, str]) -> list[dict[str, Any]]:
    """The previewed requests with the ids that did not exist yet written in."""
    text = json.dumps(previewed)
    for placeholder, value in ids.items():
        text = text.replace(json.dumps(placeholder)[1:-1], value)
    loaded: list[dict[str, Any]] = json.loads(text)
    return loaded


def differences(sent: Any, previewed: Any) -> dict[str, tuple[Any, Any]]:
    """What differs between two bodies, by key when both are objects."""
    if isinstance(sent, dict) and isinstance(previewed, dict):
        keys = set(sent) | set(previewed)
        return {key: (sent.get(key), previewed.get(key)) for key in keys if sent.get(key) != previewed.get(key)}
    return {} if sent == previewed else {"": (sent, previewed)}


def assert_sent_as_previewed(previewed: list[dict[str, Any]], log: list[LoggedRequest]) -> None:
    sent = iter(log)
    for request in previewed:
        match = next((r for r in sent if r.method == request["method"] and r.path.endswith(request["path"])), None)
        assert match is not None, f"never sent: {request['method']} {request['path']}"
        microversion = request["microversion"].split()[-1] if request["microversion"] else None
        assert match.microversion == microversion, request["path"]
        assert differences(match.body, request["body"]) == {}, request["path"]
    changing = [(r.method, r.path) for r in log if r.method != "GET" and r.service != "identity"]
    assert len(changing) == len([r for r in previewed if r["method"] != "GET"]), changing


@pytest.mark.parametrize("source", ["--volume fedora-dev", "--snapshot web-golden"])
def test_create_image_sends_the_previewed_requests(volimage: Volimage, sim: SimCloud, source: str) -> None:
    options = (*source.split(), "--name", "m", "--volume-type", "ssd", "--tag", "web")
    previewed = volimage("preview", *options, "-f", "json").json()["requests"]
    mark = sim.mark()
    created = volimage("create-image", *options, "--yes", "-f", "json").json()
    ids = {NEW_IMAGE: created["image"]["id"]}
    if created["snapshot"] is not None:
        snapshot = sim.region().snapshots.get(created["snapshot"]["id"])
        assert snapshot is not None
        ids |= {NEW_SNAPSHOT: snapshot.id, NEW_REQUEST: snapshot.metadata[REQUEST_KEY]}
    assert_sent_as_previewed(with_ids(previewed, ids), sim.requests(since=mark))


@pytest.mark.parametrize("network", ["private", "none"])
def test_launch_sends_the_previewed_request(volimage: Volimage, sim: SimCloud, network: str) -> None:
    options = ("--image", "web-01-backup", "--flavor", "m1.small", "--network", network, "--count", "2", "--name", "w")
    previewed = volimage("launch", *options, "--dry-run", "-f", "json").json()["requests"]
    mark = sim.mark()
    launched = volimage("launch", *options, "--yes", "-f", "json").json()
    server = sim.region().servers.get(launched["servers"][0]["id"])
    assert server is not None
    ids = {NEW_REQUEST: server.metadata[REQUEST_KEY]}
    assert_sent_as_previewed(with_ids(previewed, ids), sim.requests(since=mark))
