"""The base as it stands beside the picker, with «Убрать из базы»."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.models.rows import RowsFilter, RowsModel
from nastavnik_desktop.ui.widgets.tables import (
    keep_column_fitted,
    selected_source_rows,
    size_columns,
    table_view,
)


class BasePanel(QWidget):
    """The base as it stands (some columns), with «Убрать из базы». Its first column is the
    person's ФИО: as wide as the longest name allows."""

    def __init__(self, title: str, model: RowsModel[Any], columns: Sequence[int | None],
                 shown: Sequence[int], can_remove: Callable[[Any], bool],
                 removal_refused: str) -> None:
        super().__init__()
        self.model = model
        self.proxy = RowsFilter(model, self)
        self.view = table_view(self.proxy, multi=True)
        for column in range(model.columnCount()):
            self.view.setColumnHidden(column, column not in shown)
        size_columns(self.view, columns)
        keep_column_fitted(self.view, 0, least=20, most=36)
        self._title = title
        self._can_remove = can_remove
        self._refused = removal_refused
        self.heading = QLabel()
        self.remove_button = QPushButton("&Убрать из базы")
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        for signal in (self.proxy.modelReset, self.proxy.rowsRemoved, self.proxy.rowsInserted,
                       self.proxy.layoutChanged):
            signal.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def show_only(self, accepts: Callable[[Any], bool]) -> None:
        self.proxy.set_accepts(accepts)
        self._update()

    def _update(self) -> None:
        self.heading.setText(f"<b>{html.escape(self._title)}</b>: {self.proxy.rowCount()}")
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    def remove_selected(self) -> None:
        rows = selected_source_rows(self.view)
        blocked = [r for r in rows if not self._can_remove(self.model.entry(r))]
        if blocked:
            messages.show_error(self, self._refused, title="Убрать из базы")
        self.model.remove_rows(r for r in rows if r not in blocked)
