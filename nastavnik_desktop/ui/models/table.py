"""The part every table model of the program shares: fixed column titles over a list of rows;
and the search-and-kind filter of a list whose rows have a kind (documents, exports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

_Index = QModelIndex | QPersistentModelIndex


class HeadedTableModel(QAbstractTableModel):
    """Rows counted by `row_total()`, columns titled by `headers()` (the class's HEADERS by
    default); subclasses give `data()` and whatever editing they allow."""

    HEADERS: Sequence[str] = ()

    def headers(self) -> Sequence[str]:
        return self.HEADERS

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name)
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class KindSearchable(Protocol):
    def kind_at(self, row: int) -> str: ...

    def matches(self, row: int, needle: str) -> bool: ...


class KindSearchFilter(QSortFilterProxyModel):
    """Keeps the rows of the chosen kind (`kind_at`) whose search key contains the search text
    (`matches`, given the text with its spaces folded, case-folded)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._kind: str | None = None

    def set_search(self, text: str) -> None:
        self._needle = " ".join(text.split()).casefold()
        self.invalidateRowsFilter()

    def set_kind(self, kind: str | None) -> None:
        """Only rows of `kind` (None: every kind)."""
        self._kind = kind
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = cast(KindSearchable, self.sourceModel())
        if self._kind is not None and model.kind_at(source_row) != self._kind:
            return False
        return not self._needle or model.matches(source_row, self._needle)
