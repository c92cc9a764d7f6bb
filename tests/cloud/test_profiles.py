"""Clouds come from clouds.yaml through openstacksdk's own loader; a broken file is named, not ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from volimage_tui.cloud.profiles import default_cloud, load_profiles
from volimage_tui.core.models import DEMO_PROFILE
from volimage_tui.errors import ConfigError

TWO_CLOUDS = """
clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com/v3
      username: ops
      project_name: infra
    regions: [RegionOne, RegionTwo]
  lab:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://lab.example.com/v3
      application_credential_id: abc
    region_name: Lab
"""


def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "clouds.yaml"
    path.write_text(text)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    monkeypatch.chdir(tmp_path)
    return path


def test_every_cloud_is_listed_with_its_regions_and_the_demo_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, monkeypatch, TWO_CLOUDS)
    secure = tmp_path / "secure.yaml"
    secure.write_text("clouds:\n  prod:\n    auth:\n      password: from-secure-yaml\n")
    monkeypatch.setenv("OS_CLIENT_SECURE_FILE", str(secure))
    profiles = load_profiles()
    assert [(p.name, p.regions, p.auth_type) for p in profiles] == [
        ("lab", ("Lab",), "v3applicationcredential"),
        ("prod", ("RegionOne", "RegionTwo"), "password"),
        (DEMO_PROFILE.name, ("RegionOne", "RegionTwo"), "password"),
    ]
    assert profiles[0].source == str(path)
    assert profiles[-1].is_demo
    assert "from-secure-yaml" not in repr(profiles)


def test_a_clouds_yaml_that_is_not_yaml_is_named_with_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, monkeypatch, "clouds:\n  prod: [unclosed\n")
    with pytest.raises(ConfigError, match=rf"{path} is not valid YAML at line 3"):
        load_profiles()


def test_an_empty_clouds_yaml_offers_only_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, monkeypatch, "")
    assert load_profiles() == [DEMO_PROFILE]


def test_a_list_instead_of_a_mapping_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, monkeypatch, "- prod\n- lab\n")
    with pytest.raises(ConfigError, match="must hold a mapping"):
        load_profiles()


def test_os_cloud_names_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_cloud() is None
    monkeypatch.setenv("OS_CLOUD", "prod")
    assert default_cloud() == "prod"
