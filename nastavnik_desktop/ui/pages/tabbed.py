"""A section page made of tabs over one shared context («Анкеты и мониторинг», «Итоги и
награды»).

Each tab is a `PageTab` built with the page's `PageContext` (database, programme, `today()`).
A tab that changed something calls `context.changed()`: the other tabs are marked stale and
each reloads when it is next shown; `refresh()` (the section opened) reloads the tab shown and
marks the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class PageContext:
    db: Database
    programme_id: int
    today: Callable[[], dt.date] = _today
    """The day the curator works on (tests pass a fixed one)."""
    on_change: Callable[[], None] = field(default=lambda: None)
    """Set by the page: reload the other tabs."""

    def changed(self) -> None:
        """Something the other tabs show changed: they reload when shown."""
        self.on_change()


class PageTab(QWidget):
    """A tab of a `TabbedPage`."""

    title = ""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def reload(self) -> None:
        """Show the programme's data again (called when the tab is shown after a change)."""


_Tab = TypeVar("_Tab", bound=PageTab)


class TabbedPage(Page):
    """The heading and the tabs of `TAB_CLASSES`, reloaded lazily."""

    TITLE = ""
    TAB_CLASSES: ClassVar[tuple[type[PageTab], ...]] = ()

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.context = PageContext(db, programme_id)
        if today is not None:
            self.context.today = today
        self.context.on_change = self._mark_stale
        layout = style.page_layout(QVBoxLayout(self))
        layout.addWidget(style.heading(self.TITLE))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._stale: set[int] = set()
        for tab_class in self.TAB_CLASSES:
            self.tabs.addTab(tab_class(self.context), tab_class.title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_tab)

    def tab(self, tab_class: type[_Tab]) -> _Tab:
        """The page's tab of this class (for tests and other tabs' links)."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, tab_class):
                return widget
        raise LookupError(tab_class.__name__)

    def show_tab(self, tab_class: type[_Tab]) -> _Tab:
        found = self.tab(tab_class)
        self.tabs.setCurrentWidget(found)
        return found

    def refresh(self) -> None:
        self._stale = set(range(self.tabs.count()))
        self._on_tab(self.tabs.currentIndex())

    def _mark_stale(self) -> None:
        self._stale = set(range(self.tabs.count())) - {self.tabs.currentIndex()}

    def _on_tab(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            widget = self.tabs.widget(index)
            if isinstance(widget, PageTab):
                widget.reload()
