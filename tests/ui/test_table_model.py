"""The shared base of the table models: row and column counts, column titles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from nastavnik_desktop.ui.models.table import HeadedTableModel


class _Pairs(HeadedTableModel):
    HEADERS = ("Наставник", "Наставляемый")

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None


def test_counts_and_titles_come_from_the_rows_and_headers(qtmodeltester: ModelTester) -> None:
    model = _Pairs([("Иванова А. С.", "Петров П. И."), ("Ким И. О.", "Пак С. А.")])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Наставляемый"
    assert model.headerData(1, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
