"""The roadmap as a table: one row per event, editable in place, filtered on precomputed keys.

`RoadmapTableModel` holds every line of the programme's roadmap; an edit is one `update_item`
call followed by a reload. `RoadmapFilterProxy` keeps the rows of a stage, a responsible person
and a search text, comparing lower-case keys the model computes once per reload.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import roadmap as roadmap_service
from nastavnik_desktop.services.roadmap import RoadmapLine
from nastavnik_desktop.text import format_date, parse_date
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.models.table import HeadedTableModel

COL_NUMBER = 0
COL_STAGE = 1
COL_TITLE = 2
COL_DUE = 3
COL_RESPONSIBLE = 4
COL_RESULT = 5
COL_DONE = 6

HEADERS = ("№", "Этап", "Мероприятие", "Срок", "Ответственный", "Результат / вид документа",
           "Выполнено")
# «Выполнено» is edited as a date: typing one marks the event done on it, clearing it un-marks.
EDITABLE_COLUMNS = frozenset({COL_TITLE, COL_DUE, COL_RESPONSIBLE, COL_RESULT, COL_DONE})

OVERDUE_BACKGROUND = QColor("#fde4e2")
OVERDUE_TOOLTIP = "Просрочено"
DONE_MARK = "✓"

LineIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def _search_key(line: RoadmapLine) -> str:
    return " ".join((str(line.number), line.title, line.responsible, line.result,
                     line.evidence, format_date(line.due_on))).casefold()


class RoadmapTableModel(HeadedTableModel):
    edited = Signal(int)
    """Emitted with the id of the event after an edit was saved and the lines reloaded."""

    def __init__(self, db: Database, programme_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._lines: list[RoadmapLine] = []
        self._search_keys: list[str] = []
        self._responsible_keys: list[str] = []

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.set_lines(roadmap_service.list_roadmap(self._db, self._programme_id))

    def set_lines(self, lines: list[RoadmapLine]) -> None:
        """Show `lines`; when only their contents changed, open editors and selection stay."""
        same_rows = [line.id for line in lines] == [line.id for line in self._lines]
        if not same_rows:
            self.beginResetModel()
        self._lines = list(lines)
        self._search_keys = [_search_key(line) for line in lines]
        self._responsible_keys = [line.responsible.strip().casefold() for line in lines]
        if not same_rows:
            self.endResetModel()
        elif lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(lines) - 1, len(HEADERS) - 1))

    def lines(self) -> list[RoadmapLine]:
        return list(self._lines)

    def line_at(self, row: int) -> RoadmapLine:
        return self._lines[row]

    def row_of(self, item_id: int) -> int:
        """The row of the event `item_id`, or -1."""
        return next((row for row, line in enumerate(self._lines) if line.id == item_id), -1)

    def search_key(self, row: int) -> str:
        return self._search_keys[row]

    def responsible_key(self, row: int) -> str:
        return self._responsible_keys[row]

    # --- Qt model API ----------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._lines)

    def headers(self) -> tuple[str, ...]:
        return HEADERS

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE_COLUMNS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == COL_DONE:
            return format_date(line.done_on)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.BackgroundRole and line.overdue:
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and line.done_on is not None:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_STAGE,
                                                                    COL_DUE, COL_DONE):
            return Qt.AlignmentFlag.AlignCenter
        if role == LineIdRole:
            return line.id
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or index.column() not in EDITABLE_COLUMNS):
            return False
        line = self._lines[index.row()]
        text = "" if value is None else str(value)
        if text.strip() == self.data(index, Qt.ItemDataRole.EditRole).strip():
            return False
        column = index.column()
        saved = messages.guarded(self._widget(), lambda: self._set_done(line, text)
                                 if column == COL_DONE else roadmap_service.update_item(
                                     self._db, line.id, **self._fields_with(line, column, text)),
                                 title="Изменение не сохранено")
        if saved is None:
            return False
        self.reload()
        self.edited.emit(saved.id)
        return True

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _text(line: RoadmapLine, column: int) -> str:
        if column == COL_NUMBER:
            return str(line.number)
        if column == COL_STAGE:
            return str(line.stage)
        if column == COL_TITLE:
            return line.title
        if column == COL_DUE:
            return format_date(line.due_on)
        if column == COL_RESPONSIBLE:
            return line.responsible
        if column == COL_RESULT:
            return line.result
        if line.done_on is None:
            return ""
        return f"{DONE_MARK} {format_date(line.done_on)}"

    @classmethod
    def _tooltip(cls, line: RoadmapLine, column: int) -> str:
        parts = []
        if column == COL_STAGE:
            parts.append(f"Этап {line.stage}. {line.stage_title}")
        elif column == COL_DONE and line.done_on is not None:
            parts.append(f"Выполнено {format_date(line.done_on)}")
            if line.evidence:
                parts.append(f"Подтверждение: {line.evidence}")
        else:
            parts.append(cls._text(line, column))
        if line.overdue:
            parts.append(OVERDUE_TOOLTIP)
        return "\n".join(part for part in parts if part)

    def _set_done(self, line: RoadmapLine, text: str) -> RoadmapLine:
        try:
            day = parse_date(text.replace(DONE_MARK, ""))
        except ValueError:
            raise NastavnikError(
                f"Дата «{text.strip()}» не похожа на дату. Введите дату выполнения как "
                "ДД.ММ.ГГГГ или очистите поле, чтобы снять отметку.") from None
        if day is None:
            return roadmap_service.mark_not_done(self._db, line.id)
        return roadmap_service.mark_done(self._db, line.id, day, line.evidence)

    @staticmethod
    def _fields_with(line: RoadmapLine, column: int, text: str) -> dict[str, Any]:
        """The fields of `update_item` for `line` with `column` set to `text`."""
        fields: dict[str, Any] = {"title": line.title, "due_on": line.due_on,
                                  "responsible": line.responsible, "result": line.result}
        if column == COL_TITLE:
            fields["title"] = text
        elif column == COL_DUE:
            try:
                fields["due_on"] = parse_date(text)
            except ValueError:
                raise NastavnikError(
                    f"Срок «{text.strip()}» не похож на дату. Введите его как ДД.ММ.ГГГГ, "
                    "например 05.09.2025, или оставьте поле пустым.") from None
        elif column == COL_RESPONSIBLE:
            fields["responsible"] = text
        else:
            fields["result"] = text
        return fields

    def _widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None


class RoadmapFilterProxy(QSortFilterProxyModel):
    """Rows of one stage, one responsible person and containing the search words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stage: int | None = None
        self._responsible = ""
        self._words: tuple[str, ...] = ()

    def source(self) -> RoadmapTableModel:
        model = self.sourceModel()
        assert isinstance(model, RoadmapTableModel)
        return model

    def set_stage(self, stage: int | None) -> None:
        self._stage = stage
        self.invalidateRowsFilter()

    def set_responsible(self, responsible: str | None) -> None:
        self._responsible = (responsible or "").strip().casefold()
        self.invalidateRowsFilter()

    def set_search(self, text: str) -> None:
        self._words = tuple(text.casefold().split())
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.source()
        if self._stage is not None and model.line_at(source_row).stage != self._stage:
            return False
        if self._responsible and model.responsible_key(source_row) != self._responsible:
            return False
        key = model.search_key(source_row)
        return all(word in key for word in self._words)
