"""One quadrant of the SWOT as a list model the curator edits in place (F2, double click): the
edit itself goes to whoever owns the list (`on_edit`), which writes it through the service and
returns the text saved (None: refused, the reason already shown)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from nastavnik_desktop.services.monitoring.swot import SwotItem

_Index = QModelIndex | QPersistentModelIndex


class SwotListModel(QAbstractListModel):
    def __init__(self, on_edit: Callable[[int, str], str | None]) -> None:
        super().__init__()
        self.items: tuple[SwotItem, ...] = ()
        self._on_edit = on_edit

    def set_items(self, items: Sequence[SwotItem]) -> None:
        self.beginResetModel()
        self.items = tuple(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"• {item.text}"
        if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return item.text
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        item = self.items[index.row()]
        text = str(value)
        if text.strip() == item.text:
            return False
        saved = self._on_edit(item.id, text)
        if saved is None:
            return False
        self.items = (*self.items[:index.row()], replace(item, text=saved),
                      *self.items[index.row() + 1:])
        self.dataChanged.emit(index, index)
        return True

    def row_of(self, entry_id: int) -> int | None:
        return next((row for row, item in enumerate(self.items) if item.id == entry_id), None)
