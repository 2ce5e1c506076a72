"""The «Показатели» tab of the monitoring page."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.monitoring.context import MonitoringTab


class DashboardTab(MonitoringTab):
    title = "Показатели"
