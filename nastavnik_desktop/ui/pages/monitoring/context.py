"""The contract between the «Анкеты и мониторинг» page and its tabs (`tabbed.PageContext`).

The page calls `reload()` when a tab is shown and after another tab reported a change
(`context.changed()` — answers typed in the grid move the dashboard, a new round shows in the
rounds list)."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab

MonitoringContext = PageContext


class MonitoringTab(PageTab):
    """A tab of the monitoring page."""
