"""Tables of the «Рост и удовлетворённость» tab: the paired parameters entry → exit, the forms
(scores and attendance of meetings), the pairs and groups entry → exit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from nastavnik_desktop.services.monitoring import (
    FormGrowth,
    PairGrowth,
    ParameterGrowth,
    change_text,
    percent_text,
    score_text,
)
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _score(value: float | None) -> str:
    return "—" if value is None else score_text(value)


class ParameterModel(HeadedTableModel):
    """One row per paired parameter: question, entry mean, exit mean, change, respondents."""

    HEADERS = ("Вопрос", "Входная", "Итоговая", "Изменение", "Ответили")
    QUESTION, ENTRY, EXIT, CHANGE, ANSWERED = range(5)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ParameterGrowth] = []

    def set_rows(self, rows: Sequence[ParameterGrowth]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def line(self, row: int) -> ParameterGrowth:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.label, _score(line.entry.value), _score(line.exit.value),
                    "—" if line.change is None else change_text(line.change),
                    f"{line.entry.respondents} → {line.exit.respondents}")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.QUESTION:
                return (f"Входная анкета: {line.entry_text}\n"
                        f"Итоговая анкета: {line.exit_text}")
            if column == self.ANSWERED:
                return (f"Ответили на входной опрос: {line.entry.respondents}, "
                        f"на итоговый: {line.exit.respondents}")
            if column in (self.ENTRY, self.EXIT, self.CHANGE) and line.change is None:
                return "Нет данных: изменение видно, когда есть ответы и входного, и итогового "\
                       "опроса."
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.QUESTION:
            return int(_RIGHT)
        return None


class AttendanceModel(HeadedTableModel):
    """One row per form: its people's mean score entry → exit, held meetings, attendance
    marks «был» of all marks."""

    HEADERS = ("Форма", "Вход → итог", "Встреч", "Посещаемость")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FormGrowth] = []

    def set_rows(self, rows: Sequence[FormGrowth]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        form, column = self._rows[index.row()], index.column()
        attendance = form.attendance
        if role == Qt.ItemDataRole.DisplayRole:
            scores = ("—" if form.entry.value is None and form.exit.value is None else
                      f"{_score(form.entry.value)} → {_score(form.exit.value)}")
            return (form.label, scores, str(attendance.meetings),
                    percent_text(attendance.percent))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return ("Средний балл участников формы по связанным вопросам входной и итоговой "
                    f"анкет (ответили {form.entry.respondents} и {form.exit.respondents}); "
                    f"изменение {change_text(form.change)}")
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            if attendance.marks == 0:
                return "В журнале встреч этой формы нет отметок о присутствии наставляемых."
            return (f"Отметок «был»: {attendance.present} из {attendance.marks} "
                    "(по проведённым встречам)")
        if role == Qt.ItemDataRole.TextAlignmentRole and column != 0:
            return int(_RIGHT)
        return None


class PairModel(HeadedTableModel):
    """One row per pair or group: the mean of its people's paired items, entry → exit; sorted
    by any column (the ones with no data last)."""

    HEADERS = ("Пара или группа", "Вход", "Итог", "Изменение")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PairGrowth] = []
        self._order: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[PairGrowth]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sorted()
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def line(self, row: int) -> PairGrowth:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (pair.label, _score(pair.entry.value), _score(pair.exit.value),
                    "—" if pair.change is None else change_text(pair.change))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return (f"{pair.label}\nФорма: {pair.form_label}\nОтветили на входной опрос: "
                    f"{pair.entry.respondents}, на итоговый: {pair.exit.respondents}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column != 0:
            return int(_RIGHT)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._order = (column, order)
        self._sorted()
        self.layoutChanged.emit()

    def _sorted(self) -> None:
        column, order = self._order
        descending = order == Qt.SortOrder.DescendingOrder
        if column == 0:
            self._rows.sort(key=lambda p: alphabetical_key(p.label), reverse=descending)
            return
        value = {1: lambda p: p.entry.value, 2: lambda p: p.exit.value,
                 3: lambda p: p.change}[column]
        known = [p for p in self._rows if value(p) is not None]
        known.sort(key=lambda p: value(p) or 0.0, reverse=descending)
        self._rows = known + [p for p in self._rows if value(p) is None]
