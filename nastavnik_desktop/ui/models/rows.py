"""A read-only table of simple rows (entries and a function per column) and its filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

_Index = QModelIndex | QPersistentModelIndex
_E = TypeVar("_E")


class RowsModel(QAbstractTableModel, Generic[_E]):
    """A read-only table of `entries`, each column a header and a function of an entry."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[_E], str]]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._entries: list[_E] = []

    def entries(self) -> list[_E]:
        return list(self._entries)

    def entry(self, row: int) -> _E:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](entry)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(entry, index.column())
        return None

    def foreground(self, entry: _E, column: int) -> QColor | None:
        return None

    def set_entries(self, entries: Iterable[_E]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def update(self, row: int, entry: _E) -> None:
        self._entries[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def refresh(self) -> None:
        """Show again what the column functions say (what they read has changed)."""
        if self._entries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._entries) - 1, self.columnCount() - 1))

    def remove_rows(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()


class RowsFilter(QSortFilterProxyModel):
    """Shows the rows of a `RowsModel` for which `accepts(entry)` holds."""

    def __init__(self, source: RowsModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self._accepts: Callable[[Any], bool] = lambda _entry: True

    def set_accepts(self, accepts: Callable[[Any], bool]) -> None:
        self._accepts = accepts
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self._accepts(self._source.entry(source_row))
