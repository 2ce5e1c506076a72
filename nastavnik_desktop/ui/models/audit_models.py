"""The «Журнал изменений» table: one row per audit entry, newest first, as the service read it
(the filters and the search run in `services/audit.audit_lines`, not in a proxy)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from nastavnik_desktop.services.audit import AuditLine
from nastavnik_desktop.ui.models.table import HeadedTableModel

COL_AT = 0
COL_ACTOR = 1
COL_ACTION = 2
COL_SUMMARY = 3
HEADERS = ("Когда", "Кто", "Действие", "Что сделано")

_Index = QModelIndex | QPersistentModelIndex


class AuditModel(HeadedTableModel):
    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> list[AuditLine]:
        return list(self._lines)

    def line_at(self, row: int) -> AuditLine:
        return self._lines[row]

    def row_total(self) -> int:
        return len(self._lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.at_text, line.actor, line.action_label, line.summary)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_SUMMARY:
            return line.summary
        return None
