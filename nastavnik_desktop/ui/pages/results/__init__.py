"""«Итоги и награды» (stage 7): the register of awards and the collection of cases — one tab
each (`context.ResultsTab`) on a `tabbed.TabbedPage`."""

from __future__ import annotations

from nastavnik_desktop.ui.pages.results.awards_tab import AwardsTab
from nastavnik_desktop.ui.pages.results.cases_tab import CasesTab
from nastavnik_desktop.ui.pages.results.context import ResultsTab
from nastavnik_desktop.ui.pages.tabbed import TabbedPage

TAB_CLASSES: tuple[type[ResultsTab], ...] = (AwardsTab, CasesTab)


class ResultsPage(TabbedPage):
    TITLE = "Итоги и награды"
    TAB_CLASSES = TAB_CLASSES
