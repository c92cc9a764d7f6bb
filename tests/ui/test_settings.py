"""The config file: mistakes name the file and the key, and the defaults stand in."""

from __future__ import annotations

from pathlib import Path

from volimage_tui.settings import Settings, State, config_path, load_settings, load_state, save_state


def test_a_missing_config_file_gives_the_defaults() -> None:
    assert load_settings() == (Settings(), [])


def test_the_config_file_sets_theme_read_only_demo_speed_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nread_only = true\ndemo_speed = 2\n[keys]\nview-filter = "f"\n')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings == Settings(theme="nord", read_only=True, demo_speed=2.0, keys={"view-filter": "f"})


def test_an_unknown_key_is_named_with_the_file_and_the_nearest_spelling() -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('them = "nord"\nread_only = "yes"\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert problems == [
        f"{path}: unknown key 'them' (did you mean 'theme'?); it is ignored.",
        f"{path}: key 'read_only' must be true or false; using the default.",
    ]


def test_a_file_that_is_not_toml_says_where_and_uses_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert len(problems) == 1 and problems[0].startswith(f"{path} is not valid TOML")


def test_the_state_survives_a_round_trip() -> None:
    state = State(last_cloud="prod", last_region="RegionTwo", defaults={"prod": {"flavor": "m1.small"}})
    save_state(state)
    assert load_state() == state
