"""Parse, dispatch, and turn every failure into one line on stderr and an exit code."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from ..logs import setup_logging
from ..redact import scrub
from .parser import build_parser

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(debug=args.debug)
    command = _command(args)
    # imported here, so that `volimage --help` and the UI's first paint do not wait for openstacksdk
    from ..cloud.errors import VolimageError

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
    "preview": ("images", "preview"),
    "create-image": ("images", "create_image"),
    "delete-image": ("images", "delete_image"),
    "launch": ("servers", "launch"),
    "simcloud": ("serve", "serve"),
}
"""Each command's module and function, imported only when run: a listing need not load the actions."""


def _command(args: argparse.Namespace) -> Command:
    if args.command is None:
        return _interactive
    module, function = COMMANDS[args.command]
    command: Command = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return command


def _interactive(args: argparse.Namespace) -> int:
    from ..ui.app import run

    return run(
        cloud=getattr(args, "cloud", None),
        region=getattr(args, "region", None),
        demo=getattr(args, "demo", False),
        read_only=args.read_only,
        debug=args.debug,
    )
