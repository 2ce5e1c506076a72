"""The settings' reference lists: one list's items as a table (name, «из методологии», shown or
hidden, what uses it) and its search filter. The name is edited in place (F2, double click);
the edit goes to whoever owns the list (`on_rename`), which writes it through the service and
says whether it was saved (the reason of a refusal already shown)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from nastavnik_desktop.services.reference_lists import ReferenceItem
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex

NAME, ORIGIN, SHOWN, USES = range(4)


def origin_text(item: ReferenceItem) -> str:
    if not item.is_seeded:
        return "добавлен школой"
    if item.renamed:
        return "из методологии, переименован"
    return "из методологии"


class ReferenceListModel(HeadedTableModel):
    HEADERS = ("Название", "Откуда", "В списке", "Где используется")

    def __init__(self, on_rename: Callable[[int, str], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: tuple[ReferenceItem, ...] = ()
        self._on_rename = on_rename
        self.writable = True

    def set_items(self, items: Sequence[ReferenceItem]) -> None:
        self.beginResetModel()
        self.items = tuple(items)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.items)

    def row_of(self, item_id: int) -> int | None:
        return next((row for row, item in enumerate(self.items) if item.id == item_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.name, origin_text(item), "скрыт" if item.hidden else "показан",
                    item.uses_text or "нигде")[column]
        if role == Qt.ItemDataRole.EditRole and column == NAME:
            return item.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.FontRole and item.hidden:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.hidden:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    @staticmethod
    def _tooltip(item: ReferenceItem) -> str:
        lines = [item.name, origin_text(item).capitalize() + "."]
        if item.renamed:
            lines.append(f"В методологии: «{item.seed_name}».")
        if item.hidden:
            lines.append("Скрыт: не предлагается для нового выбора; там, где уже выбран, "
                         "остаётся.")
        lines.append(f"Используется: {item.uses_text}." if item.used else "Пока не используется.")
        return "\n".join(lines)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME and self.writable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != NAME:
            return False
        item = self.items[index.row()]
        if " ".join(str(value).split()) == item.name:
            return False
        return self._on_rename(item.id, str(value))


class ReferenceSearchFilter(QSortFilterProxyModel):
    """The items whose name or methodology wording holds the search text; the order stays the
    curator's (no sorting)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_search(self, text: str) -> None:
        self._needle = alphabetical_key(" ".join(text.split()))
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        model = cast(ReferenceListModel, self.sourceModel())
        return self._needle in model.items[source_row].search_key
