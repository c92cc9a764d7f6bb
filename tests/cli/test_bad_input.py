"""What users get wrong, and what clouds throw back: each ends in one line on stderr and a telling exit code."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from openstack.connection import Connection

from volimage_tui.cli import main
from volimage_tui.simcloud import SimCloud

from .conftest import Volimage


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_clouds(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def entry(sim: SimCloud, **auth: object) -> dict[str, object]:
    cloud = sim.cloud_entry()
    cloud["auth"] = {**cloud["auth"], **auth}
    return {key: value for key, value in cloud.items() if value is not None}


CLOUDS_YAML_CASES = [
    pytest.param("clouds:\n  c: [\n", 2, "is not valid YAML at line 3", id="not-yaml"),
    pytest.param("", 2, "There is no cloud named 'c' in clouds.yaml", id="empty"),
    pytest.param("- just\n- a list\n", 2, "must hold a mapping with a 'clouds' key", id="a-list"),
    pytest.param("clouds:\n  c:\n    auth:\n      username: u\n", 2, "lacks auth_url", id="no-auth-url"),
    pytest.param(
        "clouds:\n  c:\n    auth_type: kerberos9\n    auth:\n      auth_url: http://127.0.0.1:9/\n",
        2,
        "unknown auth_type (kerberos9)",
        id="unknown-auth-type",
    ),
]


@pytest.mark.parametrize(("text", "code", "message"), CLOUDS_YAML_CASES)
def test_a_broken_clouds_yaml_is_named_and_explained(
    text: str,
    code: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(write_clouds(tmp_path / "clouds.yaml", text)))
    assert main(["--cloud", "c", "volumes"]) == code
    assert message in one_line(capsys.readouterr().err)


def cloud_cases(sim: SimCloud) -> dict[str, tuple[dict[str, object], int, str]]:
    refused = sim.cloud_entry()
    refused["auth"] = {**refused["auth"], "auth_url": f"http://127.0.0.1:{free_port()}/identity"}
    return {
        "wrong-password": (entry(sim, password="not-the-password"), 3, "did not accept the credentials"),
        "no-password": (entry(sim, password=None), 2, "auth section has no password"),
        "refused": (refused, 3, "Connection refused"),
    }


@pytest.mark.parametrize("case", ["wrong-password", "no-password", "refused"])
def test_a_cloud_that_cannot_be_used_says_why(
    case: str, sim: SimCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud, code, message = cloud_cases(sim)[case]
    path = write_clouds(tmp_path / "clouds.yaml", yaml.safe_dump({"clouds": {"c": cloud}}))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    assert main(["--cloud", "c", "volumes"]) == code
    line = one_line(capsys.readouterr().err)
    assert message in line
    assert "demo-password" not in line and "not-the-password" not in line


def test_an_unknown_cloud_name_lists_the_known_ones(volimage: Volimage, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cloud", "nope", "volumes"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "volimage: There is no cloud named 'nope' in clouds.yaml (known: volimage-demo, demo)."
    )


def test_an_unknown_region_names_the_valid_ones(volimage: Volimage) -> None:
    run = volimage("--region", "Atlantis", "volumes")
    assert run.code == 2
    assert "Region Atlantis is not a valid region name for cloud volimage-demo" in one_line(run.err)
    assert "RegionOne,RegionTwo" in run.err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("launch", "--image", "i", "--flavor", "f", "--network", "n", "--count", "0"), "must be at least 1"),
        (("launch", "--image", "i", "--flavor", "f", "--network", "n", "--count", "-3"), "-3 is negative"),
        (("launch", "--image", "i", "--flavor", "f", "--network", "n", "--count", "two"), "'two' is not a whole"),
        (("launch", "--image", "i", "--flavor", "f", "--network", "n", "--count", "100000"), "more than 1000"),
        (("preview", "--snapshot", "s", "--name", "n", "--size", "0"), "not a size in GiB from 1"),
        (("preview", "--snapshot", "s", "--name", "n", "--size", "99999999999999"), "not a size in GiB from 1"),
        (("preview", "--snapshot", "s", "--name", "n", "--size", "1.5"), "'1.5' is not a whole number"),
        (("preview", "--snapshot", "s", "--volume", "v", "--name", "n"), "not allowed with argument"),
        (("preview", "--name", "n"), "one of the arguments --snapshot --volume is required"),
        (("volumes", "--timeout", "0"), "must be more than 0 seconds"),
        (("images", "-f", "xml"), "invalid choice: 'xml'"),
    ],
)
def test_a_bad_value_is_a_usage_error(
    arguments: tuple[str, ...], message: str, volimage: Volimage, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        volimage(*arguments)
    assert stopped.value.code == 2
    line = one_line(capsys.readouterr().err)
    assert message in line
    assert line.endswith("--help)")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("web\x1b[31m", "control or invisible formatting characters"),
        ("evil\u202egpj.exe", "control or invisible formatting characters"),
        ("x" * 256, "has 256 characters; Glance allows 255"),
        ("   ", "needs a name"),
    ],
)
def test_image_names_glance_or_a_terminal_would_mangle_are_refused(
    name: str, message: str, volimage: Volimage, sim: SimCloud
) -> None:
    mark = sim.mark()
    run = volimage("create-image", "--snapshot", "web-golden", "--name", name, "--yes")
    assert run.code == 2
    assert message in run.out
    assert sim.audit(mark).clean


def test_right_to_left_and_long_names_glance_accepts_are_kept_as_typed(volimage: Volimage) -> None:
    for name in ("قالب-الويب", "תבנית", "n" * 255):
        run = volimage("create-image", "--snapshot", "web-golden", "--name", name, "--yes", "-f", "json")
        assert run.code == 0, run.err
        assert run.json()["image"]["name"] == name


MALFORMED = {
    "not-json": "[{source_type: snapshot",
    "python-repr": "[{'source_type': 'snapshot', 'boot_index': 0}]",
    "a-dict": '{"source_type": "snapshot", "boot_index": 0}',
    "unknown-keys": '[{"source_type": "snapshot", "destination_type": "volume", "boot_index": 0, "colour": "red"}]',
}


def test_images_with_malformed_mappings_are_listed_with_their_problem(volimage: Volimage, conn: Connection) -> None:
    for name, mapping in MALFORMED.items():
        response = conn.image.post(
            "/images",
            json={"name": name, "disk_format": "raw", "container_format": "bare", "block_device_mapping": mapping,
                  "bdm_v2": "True", "root_device_name": "/dev/vda"},
        )  # fmt: skip
        assert response.status_code == 201, response.text
    run = volimage("images", "--placeholders", "-f", "json")
    assert run.code == 0, run.err
    problems = {item["image"]["name"]: " ".join(item["problems"]) for item in run.json()}
    assert all(problems[name] for name in MALFORMED), problems
    assert "Unknown keys colour" in problems["unknown-keys"]
    table = volimage("images", "--placeholders")
    assert table.code == 0 and all(name in table.out for name in MALFORMED)
    refused = volimage("launch", "--image", "python-repr", "--flavor", "m1.small", "--network", "none", "--yes")
    assert refused.code == 2
    assert "error:" in refused.out
