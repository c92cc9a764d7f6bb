"""The start-up choice of cloud, the one rule the command line and the UI share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from volimage_tui.core.clouds import Undecided, choose_cloud
from volimage_tui.core.models import DEMO_PROFILE, CloudProfile

A, B = CloudProfile("a"), CloudProfile("b")


def test_demo_wins_over_every_other_rule() -> None:
    assert choose_cloud([A, DEMO_PROFILE], wanted="a", demo=True, last_used="a").profile == DEMO_PROFILE


def test_a_named_cloud_is_taken_even_when_another_was_used_last() -> None:
    assert choose_cloud([A, B, DEMO_PROFILE], wanted="b", last_used="a").profile == B


def test_an_unknown_name_is_the_users_to_fix_and_lists_the_known_clouds() -> None:
    choice = choose_cloud([A, B, DEMO_PROFILE], wanted="c")
    assert choice.profile is None
    assert choice.undecided is Undecided.UNKNOWN
    assert choice.problem == "There is no cloud named 'c' in clouds.yaml (known: a, b, demo)."


def test_the_cloud_used_last_is_chosen_among_several() -> None:
    assert choose_cloud([A, B, DEMO_PROFILE], wanted=None, last_used="b").profile == B


def test_several_clouds_and_no_choice_ask_the_user() -> None:
    choice = choose_cloud([A, B, DEMO_PROFILE], wanted=None, last_used="gone")
    assert (choice.profile, choice.undecided) == (None, Undecided.SEVERAL)
    assert "choose one with --cloud or OS_CLOUD" in choice.problem


def test_the_only_cloud_is_chosen_and_no_clouds_yaml_means_the_demo() -> None:
    assert choose_cloud([A, DEMO_PROFILE], wanted=None).profile == A
    assert choose_cloud([DEMO_PROFILE], wanted=None).profile == DEMO_PROFILE
    assert choose_cloud([], wanted=None).profile == DEMO_PROFILE


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True), st.sampled_from(["a", "b", "c", "d", None]))
def test_a_choice_is_always_one_of_the_offered_clouds_or_the_demo(names: list[str], wanted: str | None) -> None:
    profiles = [CloudProfile(name) for name in names]
    choice = choose_cloud(profiles, wanted=wanted)
    assert (choice.profile is None) == bool(choice.problem)
    if choice.profile is not None:
        assert choice.profile in [*profiles, DEMO_PROFILE]
        if wanted is not None:
            assert choice.profile.name == wanted
