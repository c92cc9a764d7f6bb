"""What every cloud command starts from: the chosen cloud's session, and where to print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..cloud.profiles import choose_profile
from ..cloud.session import Session
from ..errors import InputError
from .connect import session_opener
from .output import Output


@contextmanager
def session_for(args: argparse.Namespace, output: Output) -> Iterator[Session]:
    demo = bool(getattr(args, "demo", False))
    profile = choose_profile(getattr(args, "cloud", None), demo=demo)
    if profile.is_demo and not demo:
        output.note("No clouds.yaml found: using the built-in demo cloud (a simulation on 127.0.0.1).")
    session = session_opener(api_timeout=args.timeout)(profile, getattr(args, "region", None))
    try:
        yield session
    finally:
        session.close()


def confirm(args: argparse.Namespace, output: Output, question: str, plan: Sequence[str] = ()) -> None:
    """Ask before a change unless --yes, showing first what the change makes (`plan`, in words); a script
    without a terminal must say --yes."""
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise InputError(f"{question} Add --yes to confirm without a terminal.")
    for line in plan:
        output.err.print(f"  {line}", markup=False, highlight=False)
    output.err.print(f"{question} [y/N] ", end="", markup=False)
    if input().strip().lower() not in ("y", "yes"):
        raise InputError("Nothing was changed.")
