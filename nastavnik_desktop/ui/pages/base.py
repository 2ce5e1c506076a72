"""What every section page of the main window has in common."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A section of the main window. `refresh()` is called each time the section is opened."""

    def refresh(self) -> None:
        """Reload what the page shows from the database (nothing by default)."""
