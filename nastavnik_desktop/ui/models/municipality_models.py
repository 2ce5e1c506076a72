"""A sheet of the report for the municipality as the curator reads it before it leaves the
school: the same rows and columns as the file, shares as «66,0 %», dates as ДД.ММ.ГГГГ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from nastavnik_desktop.reports.municipality import ReportSheet, Value
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui.models.table import HeadedTableModel


def cell_text(value: Value, share: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if share and isinstance(value, int | float):
        return f"{100 * value:.1f} %".replace(".", ",")
    return str(value)


class ReportSheetModel(HeadedTableModel):
    """One `ReportSheet`, read only."""

    def __init__(self, sheet: ReportSheet, columns: Sequence[str],
                 rows: Sequence[Sequence[Value]]) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._rows = [tuple(row) for row in rows]
        self._shares = {index for index, name in enumerate(self._columns)
                        if name in sheet.shares}

    def headers(self) -> Sequence[str]:
        return self._columns

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(value, index.column() in self._shares)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
