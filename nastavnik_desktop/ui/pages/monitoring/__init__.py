"""«Анкеты и мониторинг»: the questionnaires, their rounds and answers, the KPI, the growth of the
participants and the SWOT of the programme — one tab each (`context.MonitoringTab`) on a
`tabbed.TabbedPage`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringTab
from nastavnik_desktop.ui.pages.monitoring.dashboard_tab import DashboardTab
from nastavnik_desktop.ui.pages.monitoring.growth_tab import GrowthTab
from nastavnik_desktop.ui.pages.monitoring.questionnaires_tab import QuestionnairesTab
from nastavnik_desktop.ui.pages.monitoring.rounds_tab import RoundsTab
from nastavnik_desktop.ui.pages.monitoring.swot_tab import SwotTab
from nastavnik_desktop.ui.pages.tabbed import TabbedPage
from nastavnik_desktop.ui.read_only import look_only_dialog, writing

TAB_CLASSES: tuple[type[MonitoringTab], ...] = (
    DashboardTab, RoundsTab, QuestionnairesTab, GrowthTab, SwotTab)


class MonitoringPage(TabbedPage):
    TITLE = "Анкеты и мониторинг"
    TAB_CLASSES = TAB_CLASSES

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(db, programme_id, parent, today=today)
        swot = self.tab(SwotTab)  # edited in place: a past year's SWOT is only looked at
        writing(db, swot.hints_panel, *(box.add_field for box in swot.boxes.values()))
        look_only_dialog(db, swot, keep=(swot.form_combo,))
