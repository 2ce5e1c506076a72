"""The history of exports («История выгрузок»): its table model and its search/kind filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFontDatabase

from nastavnik_desktop.services.exchange.history import ExportLine
from nastavnik_desktop.text import format_date, size_text
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel, KindSearchFilter

COL_AT = 0
COL_KIND = 1
COL_FILE = 2
COL_SIZE = 3
COL_PEOPLE = 4
COL_LEFT_OUT = 5
COL_ENCRYPTED = 6
COL_CHECK = 7
COL_FOLDER = 8
COL_SHA256 = 9
HEADERS = ("Дата", "Что", "Файл", "Размер", "Людей", "Не вошли", "Шифрование", "Проверка",
           "Куда", "SHA-256")

MATCHES = "совпадает"
CHANGED = "файл изменён"
MISSING = "файл не найден"
_WARNING = QColor(style.WARNING_COLOUR)

_Index = QModelIndex | QPersistentModelIndex


def when(line: ExportLine) -> str:
    return f"{format_date(line.at.date())} {line.at:%H:%M}"


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


class ExportHistoryModel(HeadedTableModel):
    """One row per file written for outside, newest first; «Проверка» shows what the last
    check of a row's file found (`set_check`)."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[ExportLine] = []
        self._keys: list[str] = []
        self._checks: dict[int, str] = {}

    def set_lines(self, lines: list[ExportLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._keys = [" ".join((when(line), line.kind_label, line.file_name, line.folder,
                                line.sha256, line.notes)).casefold() for line in self._lines]
        kept = {line.id for line in self._lines}
        self._checks = {key: value for key, value in self._checks.items() if key in kept}
        self.endResetModel()

    def kind_at(self, row: int) -> str:
        return self._lines[row].kind

    def line_at(self, row: int) -> ExportLine:
        return self._lines[row]

    def matches(self, row: int, needle: str) -> bool:
        return needle in self._keys[row]

    def set_check(self, line_id: int, state: str) -> None:
        self._checks[line_id] = state
        for row, line in enumerate(self._lines):
            if line.id == line_id:
                self.dataChanged.emit(self.index(row, COL_CHECK), self.index(row, COL_CHECK))

    def check_of(self, line_id: int) -> str:
        return self._checks.get(line_id, "")

    def row_total(self) -> int:
        return len(self._lines)

    def text(self, row: int, column: int) -> str:
        line = self._lines[row]
        if column == COL_AT:
            return when(line)
        if column == COL_KIND:
            return line.kind_label
        if column == COL_FILE:
            return line.file_name
        if column == COL_FOLDER:
            return line.folder
        if column == COL_SIZE:
            return size_text(line.size)
        if column == COL_PEOPLE:
            return _count(line.people)
        if column == COL_LEFT_OUT:
            return _count(line.left_out)
        if column == COL_ENCRYPTED:
            return "зашифрован" if line.encrypted else "нет"
        if column == COL_CHECK:
            return self._checks.get(line.id, "")
        return line.sha256

    def row_text(self, row: int) -> str:
        """A row as one line of tab-separated cells (Ctrl+C)."""
        return "\t".join(self.text(row, column) for column in range(len(HEADERS)))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            line = self._lines[row]
            if column == COL_CHECK:
                state = self._checks.get(line.id, "")
                if state == MISSING:
                    return "Файл не найден: флешка не вставлена, или файл переместили или удалили"
                return state or "«Проверить файл» сверит файл с записанным"
            if column in (COL_FOLDER, COL_FILE):
                return str(line.path)
            if column == COL_SHA256:
                return f"{line.sha256}\nCtrl+C копирует выбранные строки"
            if column == COL_PEOPLE:
                return "Сколько человек названо в файле по имени"
            if column == COL_LEFT_OUT:
                return "Не вошли в файл: нет действующего согласия на обработку данных"
            return line.notes or None
        if role == Qt.ItemDataRole.FontRole and column == COL_SHA256:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CHECK:
            state = self._checks.get(self._lines[row].id, "")
            return _WARNING if state and state != MATCHES else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_SIZE, COL_PEOPLE,
                                                                     COL_LEFT_OUT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ExportHistoryFilter(KindSearchFilter):
    """Keeps the rows of the chosen kind whose date, kind, file, folder, SHA-256 or note
    contain the search text."""
