"""A read-only table over a list of frozen records, each column a title and a function giving
its text: the materials lists and the pair card's control notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from nastavnik_desktop.ui.models.table import HeadedTableModel

_T = TypeVar("_T")
Column = tuple[str, Callable[[_T], str]]


class RecordsModel(HeadedTableModel, Generic[_T]):
    """Rows of `_T`; `set_rows` replaces them (a short list: a pair's notes, a programme's
    materials)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[_T], str]]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: tuple[_T, ...] = ()

    def headers(self) -> Sequence[str]:
        return [title for title, _text in self._columns]

    def row_total(self) -> int:
        return len(self._rows)

    def rows(self) -> tuple[_T, ...]:
        return self._rows

    def row_at(self, row: int) -> _T:
        return self._rows[row]

    def set_rows(self, rows: Sequence[_T]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](self._rows[index.row()])
        return None
