"""The `volimage` command line: the interactive UI by default, scripting subcommands, and the simulated cloud."""

from .main import main

__all__ = ["main"]
