"""The contract between the «Анкеты и мониторинг» page and its tabs.

Each tab is a `MonitoringTab` built with a `MonitoringContext`; the page calls `reload()` when
the tab is shown and after another tab reported a change (`context.changed()` — answers typed in
the grid move the dashboard, a new round shows in the rounds list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class MonitoringContext:
    db: Database
    programme_id: int
    today: Callable[[], dt.date] = _today
    """The day the curator works on (tests pass a fixed one)."""
    on_change: Callable[[], None] = field(default=lambda: None)
    """Set by the page: reload the other tabs."""

    def changed(self) -> None:
        """Something in the programme's monitoring changed: the other tabs reload."""
        self.on_change()


class MonitoringTab(QWidget):
    """A tab of the monitoring page."""

    title = ""

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def reload(self) -> None:
        """Show the programme's data again (called when the tab is shown or data changed)."""
