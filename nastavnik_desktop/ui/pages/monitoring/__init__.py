"""«Анкеты и мониторинг»: the questionnaires, their rounds and answers, the KPI, the growth of the
participants and the SWOT of the programme — one tab each (`context.MonitoringTab`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab
from nastavnik_desktop.ui.pages.monitoring.dashboard_tab import DashboardTab
from nastavnik_desktop.ui.pages.monitoring.growth_tab import GrowthTab
from nastavnik_desktop.ui.pages.monitoring.questionnaires_tab import QuestionnairesTab
from nastavnik_desktop.ui.pages.monitoring.rounds_tab import RoundsTab
from nastavnik_desktop.ui.pages.monitoring.swot_tab import SwotTab

TAB_CLASSES: tuple[type[MonitoringTab], ...] = (
    DashboardTab, RoundsTab, QuestionnairesTab, GrowthTab, SwotTab)


class MonitoringPage(Page):
    TITLE = "Анкеты и мониторинг"

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.context = MonitoringContext(db, programme_id)
        if today is not None:
            self.context.today = today
        self.context.on_change = self._mark_stale
        layout = style.page_layout(QVBoxLayout(self))
        layout.addWidget(style.heading(self.TITLE))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._stale: set[int] = set()
        for tab_class in TAB_CLASSES:
            tab = tab_class(self.context)
            self.tabs.addTab(tab, tab_class.title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_tab)

    def tab(self, tab_class: type[MonitoringTab]) -> MonitoringTab:
        """The page's tab of this class (for tests and other tabs' links)."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, tab_class):
                return widget
        raise LookupError(tab_class.__name__)

    def show_tab(self, tab_class: type[MonitoringTab]) -> MonitoringTab:
        found = self.tab(tab_class)
        self.tabs.setCurrentWidget(found)
        return found

    def refresh(self) -> None:
        self._stale = set(range(self.tabs.count()))
        self._on_tab(self.tabs.currentIndex())

    def _mark_stale(self) -> None:
        current = self.tabs.currentIndex()
        self._stale = set(range(self.tabs.count())) - {current}

    def _on_tab(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            widget = self.tabs.widget(index)
            if isinstance(widget, MonitoringTab):
                widget.reload()
