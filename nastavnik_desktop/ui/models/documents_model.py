"""The register of issued documents: its table model, search filter and file-name delegate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel, KindSearchFilter

COL_NUMBER = 0
COL_DATE = 1
COL_TITLE = 2
COL_FILE = 3
COL_STATE = 4
HEADERS = ("№", "Дата", "Название", "Файл", "Наличие файла")

FILE_IN_PLACE = "файл на месте"
MISSING_FILE = "файл не найден"
NO_FILE = "без файла"
_MISSING_COLOUR = QColor(style.WARNING_COLOUR)

_Index = QModelIndex | QPersistentModelIndex


def display_title(info: IssuedDocumentInfo) -> str:
    """The title with its date and number, as a register entry reads («… от 01.09.2025
    № 12-о»); the preview proposes it as the file name too."""
    parts = [info.title]
    if info.issued_on:
        parts.append(f"от {format_date(info.issued_on)}")
    if info.number:
        parts.append(f"№ {info.number}")
    return " ".join(parts)


# --- the register ---------------------------------------------------------------------------


class IssuedDocumentsModel(HeadedTableModel):
    """The register: one row per issued document, newest first, as the service returns it;
    whether each file is still where it was written comes with it (`file_exists`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: list[IssuedDocumentInfo] = []
        self._search_keys: list[str] = []
        self._file_states: list[str] = []

    def set_documents(self, documents: list[IssuedDocumentInfo]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self._file_states = [_file_state(d) for d in self._documents]
        self._search_keys = [" ".join((d.number, format_date(d.issued_on), d.title,
                                       Path(d.file_path).name)).casefold()
                             for d in self._documents]
        self.endResetModel()

    def kind_at(self, row: int) -> str:
        return self._documents[row].kind

    def document_at(self, row: int) -> IssuedDocumentInfo:
        return self._documents[row]

    def row_of(self, document_id: int) -> int:
        return next((row for row, d in enumerate(self._documents) if d.id == document_id), -1)

    def matches(self, row: int, needle: str) -> bool:
        return needle in self._search_keys[row]

    def kinds(self) -> list[str]:
        """The kinds of the documents in the register, each once, in the order first met."""
        return list(dict.fromkeys(d.kind for d in self._documents))

    def row_total(self) -> int:
        return len(self._documents)

    def headers(self) -> tuple[str, ...]:
        return HEADERS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        column = index.column()
        state = self._file_states[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(document, column, state)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_FILE:
                return document.file_path or "К записи не приложен файл"
            if column == COL_TITLE:
                return display_title(document)
            if column == COL_STATE and state == MISSING_FILE:
                return ("Файл переместили или удалили, или папка документов на другом "
                        "компьютере. «Напечатать снова» запишет документ заново — с тем же "
                        "номером и датой.")
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_FILE, COL_STATE):
            if state == MISSING_FILE:
                return _MISSING_COLOUR
            if state == NO_FILE:
                return style.muted_colour(QApplication.palette())
        return None

    @staticmethod
    def _display(document: IssuedDocumentInfo, column: int, state: str) -> str:
        if column == COL_NUMBER:
            return document.number
        if column == COL_DATE:
            return format_date(document.issued_on)
        if column == COL_TITLE:
            return document.title
        if column == COL_STATE:
            return state
        return Path(document.file_path).name if document.file_path else ""


def _file_state(document: IssuedDocumentInfo) -> str:
    if not document.file_path:
        return NO_FILE
    return FILE_IN_PLACE if document.file_exists else MISSING_FILE


class MiddleElidingDelegate(QStyledItemDelegate):
    """Cuts long file names in the middle: their ends (the date, «(2)») tell them apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


class IssuedDocumentsFilter(KindSearchFilter):
    """Keeps the rows of the chosen kind whose number, date, title or file name contain the
    search text."""
