"""Parse, dispatch, and turn every failure into one line on stderr and an exit code."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from ..errors import VolimageError
from ..logs import setup_logging
from ..redact import scrub
from .parser import build_parser

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(debug=args.debug)
    command = _command(args)

    try:
        return command(args)
    except VolimageError as error:
        print(f"volimage: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("volimage: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"volimage: {scrub(str(error))}", file=sys.stderr)
        return 1


COMMANDS = {
    "clouds": ("listing", "clouds"),
    "volumes": ("listing", "volumes"),
    "snapshots": ("listing", "snapshots"),
    "images": ("listing", "images"),
    "lineage": ("lineage", "lineage"),
    "prune": ("lineage", "prune"),
    "preview": ("images", "preview"),
    "create-image": ("images", "create_image"),
    "delete-image": ("images", "delete_image"),
    "launch": ("servers", "launch"),
    "simcloud": ("serve", "serve"),
}
"""Each command's module and function, imported only when run: a listing need not load the actions."""


def _command(args: argparse.Namespace) -> Command:
    if args.command is None:
        return _headless if args.headless else _interactive
    module, function = COMMANDS[args.command]
    command: Command = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return command


def _headless(args: argparse.Namespace) -> int:
    import asyncio

    from .. import ids
    from ..settings import State
    from ..ui import headless
    from ..ui.app import VolimageApp
    from .connect import session_opener
    from .demo import freeze_clock

    try:
        size = headless.parse_size(args.size)
        if args.script is not None:
            steps = headless.parse_script(args.script.read_text(encoding="utf-8"), str(args.script))
        else:
            steps = headless.parse_keys(args.press) if args.press else []
    except headless.ScriptError as error:
        print(f"volimage: {error}", file=sys.stderr)
        return 2
    freeze_clock(headless.DEMO_EPOCH)
    ids.seed(0)
    app = VolimageApp(
        session_opener(demo_delay=0.0),
        cloud=getattr(args, "cloud", None),
        region=getattr(args, "region", None),
        demo=getattr(args, "demo", False),
        read_only=args.read_only,
        state=State(),
        remember=False,
    )
    outcome = asyncio.run(headless.play(app, steps, size))
    if outcome.crash is not None:
        print(f"volimage: the app crashed: {scrub(outcome.crash)}", file=sys.stderr)
        return 1
    headless.write_outputs(outcome, args.screenshot, args.text)
    if args.text is None:
        sys.stdout.write(outcome.text)
    if outcome.errors:
        print(f"volimage: the app showed an error: {outcome.errors[0]}", file=sys.stderr)
        return 4
    return 0


def _interactive(args: argparse.Namespace) -> int:
    """Run the UI until the user quits. Logging is set up; openstacksdk loads in the first worker."""
    from ..settings import load_settings
    from ..ui.app import VolimageApp
    from .connect import session_opener

    settings, problems = load_settings()
    app = VolimageApp(
        session_opener(demo_delay=settings.demo_speed),
        cloud=getattr(args, "cloud", None),
        region=getattr(args, "region", None),
        demo=getattr(args, "demo", False),
        read_only=args.read_only,
        settings=settings,
        settings_problems=problems,
    )
    result = app.run()
    return result if isinstance(result, int) else 0
