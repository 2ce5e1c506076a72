"""What every section page of the main window has in common."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A section of the main window. `refresh()` is called each time the section is opened."""

    programme_changed = Signal()
    """The programme itself changed (its school, its year): the window rebuilds its pages."""

    def refresh(self) -> None:
        """Reload what the page shows from the database (nothing by default)."""
