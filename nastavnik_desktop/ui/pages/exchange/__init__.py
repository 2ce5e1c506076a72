"""«Обмен данными»: what leaves the school and the safety of the base — one tab each on a
`tabbed.TabbedPage`: the municipality report, named exports, backups, the history of exports,
the audit log."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.exchange.audit_tab import AuditTab
from nastavnik_desktop.ui.pages.exchange.backups_tab import BackupsTab
from nastavnik_desktop.ui.pages.exchange.history_tab import HistoryTab
from nastavnik_desktop.ui.pages.exchange.municipality_tab import MunicipalityTab
from nastavnik_desktop.ui.pages.exchange.named_tab import NamedTab
from nastavnik_desktop.ui.pages.tabbed import PageTab, TabbedPage

TAB_CLASSES: tuple[type[PageTab], ...] = (MunicipalityTab, NamedTab, BackupsTab, HistoryTab,
                                          AuditTab)


class ExchangePage(TabbedPage):
    TITLE = "Обмен данными"
    TAB_CLASSES = TAB_CLASSES
