"""What every part of the pair card works with: the contract between the card and its tabs.

The card (`dialog.py`) builds one `CardContext` and hands it to each tab («План», «Встречи»,
«Материалы», «Результаты»). A tab reads and writes through the services; after a write that
returns a `BoardChange` it calls `context.record(change)`, which puts the change onto the undo
stack the card shares with the board (Ctrl+Z undoes it, in the card or later on the board) and
tells the card to refresh its header (the status may have moved). A tab refreshes itself in
`reload()`, which the card calls after an undo or a redo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.pairs.history import BoardChange


@dataclass(frozen=True)
class CardContext:
    db: Database
    programme_id: int
    pair_id: int
    today: Callable[[], dt.date]
    """The day of the curator's work (tests pass a fixed one)."""
    record: Callable[[BoardChange], None]
    """Put a change already written onto the shared undo stack and refresh the card."""


class PairTab(QWidget):
    """A tab of the pair card. Subclasses build their widgets in __init__ and fill them in
    `reload()`."""

    title = ""
    """The tab's caption («План», «Встречи», …)."""

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def reload(self) -> None:
        """Read the pair's data again and show it."""
        raise NotImplementedError
