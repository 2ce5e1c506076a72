"""One undo command for every change of pairs already written: a move on the board, a status
set in the pair card, a meeting, a line of a plan. The board and the pair card share the undo
stack; each command replays through `services.pairs.undo` / `redo` by the `replay` given by
whoever pushed it (the board reloads the cards touched, a card opened on its own just replays)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from nastavnik_desktop.services.pairs import BoardChange


class Replay(Protocol):
    def __call__(self, change: BoardChange, *, forward: bool) -> bool:
        """Undo (forward=False) or redo a change; False when it could not be done (the
        reason already shown)."""


class ChangeCommand(QUndoCommand):
    """A change already made; undo and redo replay it through the service."""

    def __init__(self, change: BoardChange, replay: Replay) -> None:
        super().__init__(change.summary)
        self._change = change
        self._replay = replay
        self._first = True

    def redo(self) -> None:
        if self._first:  # the change itself was made before the command was pushed
            self._first = False
            return
        if not self._replay(self._change, forward=True):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._replay(self._change, forward=False):
            self.setObsolete(True)
