"""«Анкеты и мониторинг»: the questionnaires, their rounds and answers, the KPI, the growth of the
participants and the SWOT of the programme — one tab each (`context.MonitoringTab`) on a
`tabbed.TabbedPage`."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.monitoring.context import MonitoringTab
from nastavnik_desktop.ui.pages.monitoring.dashboard_tab import DashboardTab
from nastavnik_desktop.ui.pages.monitoring.growth_tab import GrowthTab
from nastavnik_desktop.ui.pages.monitoring.questionnaires_tab import QuestionnairesTab
from nastavnik_desktop.ui.pages.monitoring.rounds_tab import RoundsTab
from nastavnik_desktop.ui.pages.monitoring.swot_tab import SwotTab
from nastavnik_desktop.ui.pages.tabbed import TabbedPage

TAB_CLASSES: tuple[type[MonitoringTab], ...] = (
    DashboardTab, RoundsTab, QuestionnairesTab, GrowthTab, SwotTab)


class MonitoringPage(TabbedPage):
    TITLE = "Анкеты и мониторинг"
    TAB_CLASSES = TAB_CLASSES
