"""The «Опросы» tab of the monitoring page."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.monitoring.context import MonitoringTab


class RoundsTab(MonitoringTab):
    title = "Опросы"
