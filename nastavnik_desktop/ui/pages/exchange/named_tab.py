"""The «Именные списки» tab of «Обмен данными»."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab


class NamedTab(PageTab):
    title = "Именные списки"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        QVBoxLayout(self)
