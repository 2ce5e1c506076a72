"""The settings' «Справочники» tab: the forms of mentoring, the role models of each form, the
mentees' requests and the selection criteria — items «из методологии» and the school's own,
renamed, hidden, added, ordered, and each list put back as in the methodology."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database


class ReferenceListsTab(QWidget):
    """Writes each change at once through services/reference_lists (undo: Ctrl+Z)."""

    changed = Signal()
    """A list changed: the window's pages are rebuilt when the dialog closes."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        QVBoxLayout(self)
