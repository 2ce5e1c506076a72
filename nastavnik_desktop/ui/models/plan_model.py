"""The table models of the development plan: the common tasks of a pair (the card's «План
развития» tab) and the lines of a plan template (the template editor)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.services.plans import PlanLine, TemplateLine
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex

OVERDUE_WORD = "просрочено"
OVERDUE_BACKGROUND = QColor("#fde7e7")
OVERDUE_TEXT = QColor("#a11a1a")
DONE_TEXT = QColor("#1d6b33")


class PlanTaskModel(HeadedTableModel):
    """The common tasks of the plan; an overdue one says so in its deadline cell («просрочено»)
    and is tinted, a done one shows its date in green."""

    HEADERS = ("Направление", "Содержание", "Действие", "Срок", "Ожидаемый результат",
               "Выполнено")
    DUE, DONE = 3, 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[PlanLine] = []

    def row_total(self) -> int:
        return len(self.lines)

    def set_lines(self, lines: Sequence[PlanLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> PlanLine:
        return self.lines[row]

    def row_of(self, line_id: int) -> int | None:
        return next((row for row, line in enumerate(self.lines) if line.id == line_id), None)

    def _text(self, line: PlanLine, column: int) -> str:
        if column == self.DUE:
            if line.due_on is None:
                return "без срока"
            due = format_date(line.due_on)
            return f"{due} — {OVERDUE_WORD}" if line.overdue else due
        if column == self.DONE:
            return format_date(line.done_on) if line.done_on else ""
        return (line.direction, line.text, line.action, "", line.result)[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(line, column)
            if role == Qt.ItemDataRole.ToolTipRole and line.overdue:
                return f"{text}\nСрок прошёл, задача не выполнена." if text else \
                    "Срок прошёл, задача не выполнена."
            return text or None
        if role == Qt.ItemDataRole.BackgroundRole and line.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.overdue and column == self.DUE:
                return QBrush(OVERDUE_TEXT)
            if line.overdue:
                return QBrush(QColor("#000000"))
            if line.done_on is not None and column == self.DONE:
                return QBrush(DONE_TEXT)
        return None


KIND_WORDS = {PlanItemKind.GOAL: "цель", PlanItemKind.TASK: "задача"}


class TemplateLineModel(HeadedTableModel):
    """The lines of a plan template as the editor holds them before saving."""

    HEADERS = ("Вид", "Направление", "Содержание", "Действие", "Ожидаемый результат",
               "Срок, дней")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[TemplateLine] = []

    def row_total(self) -> int:
        return len(self.lines)

    def set_lines(self, lines: Sequence[TemplateLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        line = self.lines[index.row()]
        if index.column() == 5:
            if line.due_after_days is None:
                return "до конца года" if role == Qt.ItemDataRole.DisplayRole else (
                    "Срок не задан: при заполнении плана сроки распределяются "
                    "до конца учебного года.")
            return str(line.due_after_days)
        texts = (KIND_WORDS[line.kind], line.direction, line.content, line.action,
                 line.result)
        return texts[index.column()] or None
