"""Undo what an action created when a later step fails, and say in one sentence what happened to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..core.progress import Progress, Step, StepState
from ..errors import VolimageError


@dataclass
class _Undo:
    key: str
    label: str
    """What was created, as the user knows it: `snapshot 'web root' (id)`."""
    undo: Callable[[], list[str]]
    """Removes what the request provably made; returns what it deleted, as the user knows each one (nothing
    when the request never landed)."""
    manual: str
    """The command that removes it by hand, for when the undo itself fails."""


@dataclass
class Rollback:
    progress: Progress
    _undos: list[_Undo] = field(default_factory=list)

    def add(self, key: str, label: str, undo: Callable[[], list[str]], manual: str) -> None:
        """Register the undo of a create request before sending it, so that a lost answer is undone too."""
        self._undos.append(_Undo(key, label, undo, manual))

    def run(self) -> str:
        """Undo everything, newest first; the sentence that tells the user the outcome."""
        undone: list[str] = []
        left: list[str] = []
        for item in reversed(self._undos):
            try:
                removed = item.undo()
            except VolimageError as error:
                left.append(f"{item.label} ({error}; remove it with `{item.manual}`)")
                self.progress(Step(item.key, item.label, StepState.LEFT, str(error)))
            else:
                if removed:
                    undone += removed
                    self.progress(Step(item.key, ", ".join(removed), StepState.UNDONE))
        self._undos.clear()
        sentences = []
        if undone:
            sentences.append("Rolled back: deleted " + ", ".join(undone) + ".")
        if left:
            sentences.append("Left behind: " + "; ".join(left) + ".")
        return " ".join(sentences) or "Nothing was created."


@contextmanager
def rolled_back(progress: Progress) -> Iterator[Rollback]:
    """Run the block; if it fails, undo what it registered and add the outcome to the error's message."""
    rollback = Rollback(progress)
    try:
        yield rollback
    except VolimageError as error:
        raise error.extended(rollback.run()) from error
    except BaseException:
        rollback.run()
        raise
