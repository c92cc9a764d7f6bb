"""The k9s-style command line (`:`): what a typed line means, decided apart from the App that carries it out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .views import view_named

Verb = Literal["view", "cloud", "region", "help", "quit", "unknown"]

VERBS: dict[str, Verb] = {
    "cloud": "cloud",
    "clouds": "cloud",
    "ctx": "cloud",
    "context": "cloud",
    "region": "region",
    "regions": "region",
    "help": "help",
    "h": "help",
    "q": "quit",
    "quit": "quit",
    "exit": "quit",
}


@dataclass(frozen=True)
class Command:
    verb: Verb
    argument: str
    """The view's kind for `view`, the name for `cloud` and `region`, the word typed for `unknown`."""


def parse_command(text: str) -> Command | None:
    """The command a line asks for; None for an empty line."""
    words = text.split()
    if not words:
        return None
    word, rest = words[0].lower().lstrip(":"), " ".join(words[1:])
    view = view_named(word)
    if view is not None:
        return Command("view", view.kind)
    verb = VERBS.get(word)
    if verb is None:
        return Command("unknown", word)
    return Command(verb, rest)
