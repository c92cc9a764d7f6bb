"""Help, the command palette, remapped keys and config problems, as a user meets them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Input

from volimage_tui.settings import Settings, config_path, load_state
from volimage_tui.ui.app import VolimageApp

from .conftest import SIZE, press_at_once, screen_text, settle, type_text, wait_for_notice, wait_for_text


def test_help_lists_the_keys_of_the_view_with_their_ids(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("question_mark")
            shown = await wait_for_text(pilot, "view-filter")
            assert "Compose" in shown and "source-compose" in shown and "app-cloud" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert "view-filter" not in screen_text(app)

    asyncio.run(walk())


def test_the_palette_offers_compose_on_a_snapshot(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("colon")
            await type_text(pilot, "snap")
            await pilot.press("enter")
            await wait_for_text(pilot, "rocky-base")
            await pilot.press("ctrl+p")
            await type_text(pilot, "compose a")
            await wait_for_text(pilot, "From the selected source")
            await pilot.press("enter")
            await wait_for_text(pilot, "Placeholder image from snapshot")

    asyncio.run(walk())


def test_a_remapped_key_runs_the_binding_of_its_id(make_app: Callable[..., VolimageApp]) -> None:
    async def walk() -> None:
        app = make_app(settings=Settings(keys={"view-filter": "f"}))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("f")
            await type_text(pilot, "scratch")
            shown = await wait_for_text(pilot, "Volumes: 1 of")
            assert "web-01-root" not in shown

    asyncio.run(walk())


def test_a_bad_config_file_is_named_in_a_notification_and_the_app_runs(make_app: Callable[..., VolimageApp]) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('theme = "textual-light"\nread_onyl = true\n')

    async def walk() -> None:
        app = make_app(settings=None)
        async with app.run_test(size=SIZE) as pilot:
            notice = await wait_for_notice(pilot, "read_onyl")
            assert str(path) in notice and "did you mean 'read_only'" in notice
            await wait_for_text(pilot, "web-01-root")
            assert app.theme == "textual-light"

    asyncio.run(walk())


def test_an_unknown_binding_id_is_named_with_the_nearest_one_and_the_others_still_apply(
    make_app: Callable[..., VolimageApp],
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[keys]\nview-refresch = "g"\nview-filter = "f"\n')

    async def walk() -> None:
        app = make_app(settings=None)
        async with app.run_test(size=SIZE) as pilot:
            notice = await wait_for_notice(pilot, "view-refresch")
            assert notice == (
                f": {path}: unknown binding id 'keys.view-refresch' (did you mean 'view-refresh'?); it is ignored."
            )
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("f")
            await type_text(pilot, "scratch")
            assert "web-01-root" not in await wait_for_text(pilot, "Volumes: 1 of")

    asyncio.run(walk())


def test_every_binding_id_a_screen_declares_is_listed_for_the_config_check() -> None:
    """ui/binding_ids.py lists the ids so the App can check config.toml before any screen is imported."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import volimage_tui.ui as ui
    from volimage_tui.ui.binding_ids import BINDING_IDS

    declared = set()
    for module_info in pkgutil.walk_packages(ui.__path__, "volimage_tui.ui."):
        module = importlib.import_module(module_info.name)
        for item in vars(module).values():
            if inspect.isclass(item) and issubclass(item, DOMNode) and item.__module__ == module.__name__:
                bindings = item.__dict__.get("BINDINGS", [])
                declared |= {binding.id for binding in bindings if isinstance(binding, Binding) and binding.id}
    assert declared == BINDING_IDS


def test_a_theme_picked_in_the_palette_is_used_at_the_next_start(make_app: Callable[..., VolimageApp]) -> None:
    async def pick_nord() -> None:
        app = make_app(remember=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await pilot.press("ctrl+p")
            await type_text(pilot, "theme")
            await wait_for_text(pilot, "Change the current theme")
            await pilot.press("enter")
            await type_text(pilot, "nord")
            await pilot.press("enter")
            await settle(pilot)
            assert app.theme == "nord"

    async def theme_at_start(settings: Settings) -> str:
        app = make_app(state=load_state(), settings=settings)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            return app.theme

    asyncio.run(pick_nord())
    assert asyncio.run(theme_at_start(Settings())) == "nord"
    assert asyncio.run(theme_at_start(Settings(theme="textual-light"))) == "textual-light"  # config.toml wins


def test_keys_typed_in_one_burst_after_slash_all_land_in_the_filter(make_app: Callable[..., VolimageApp]) -> None:
    """A paste or a fast typist: the keys after `/` arrive before the filter has been focused."""

    async def walk() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "web-01-root")
            await press_at_once(pilot, *"/vda/d")
            assert app.screen.query_one("#view-filter", Input).value == "vda/d"
            shown = await wait_for_text(pilot, "filter 'vda/d'")
            assert "web-01-root" not in shown and "Volumes: 0 of 14" in shown

    asyncio.run(walk())
