"""«Итоги и награды» (stage 7): the register of awards and the collection of cases — one tab
each (`context.ResultsTab`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.pages.results.awards_tab import AwardsTab
from nastavnik_desktop.ui.pages.results.cases_tab import CasesTab
from nastavnik_desktop.ui.pages.results.context import ResultsContext, ResultsTab

TAB_CLASSES: tuple[type[ResultsTab], ...] = (AwardsTab, CasesTab)


class ResultsPage(Page):
    TITLE = "Итоги и награды"

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.context = ResultsContext(db, programme_id)
        if today is not None:
            self.context.today = today
        self.context.on_change = self._mark_stale
        layout = style.page_layout(QVBoxLayout(self))
        layout.addWidget(style.heading(self.TITLE))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._stale: set[int] = set()
        for tab_class in TAB_CLASSES:
            self.tabs.addTab(tab_class(self.context), tab_class.title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_tab)

    def tab(self, tab_class: type[ResultsTab]) -> ResultsTab:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, tab_class):
                return widget
        raise LookupError(tab_class.__name__)

    def show_tab(self, tab_class: type[ResultsTab]) -> ResultsTab:
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
            if isinstance(widget, ResultsTab):
                widget.reload()
