"""The tables of the stage 6 wizard over its state (ui/wizards/stage6/state.py): the pairs with
a tick each, the mentees' strengths and points of growth, the first meetings' dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from nastavnik_desktop.services.stages.stage6 import PairRow
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.wizards.stage6.state import Stage6State

_Index = QModelIndex | QPersistentModelIndex
_CHECK = Qt.ItemDataRole.CheckStateRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TIP = Qt.ItemDataRole.ToolTipRole
SORT_ROLE = Qt.ItemDataRole.UserRole


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


def _is_checked(value: Any) -> bool:
    return value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)


class PairsModel(HeadedTableModel):
    """Every pair at work; the tick in the first column is `state.selected`."""

    HEADERS = ("Наставник", "Наставляемые", "Форма", "Класс", "Этап", "План", "Материалы",
               "Первая встреча")
    ticks_changed = Signal()

    def __init__(self, state: Stage6State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows = list(state.data.pairs)

    def row_total(self) -> int:
        return len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        pair = self.rows[index.row()]
        column = index.column()
        if role == _CHECK and column == 0:
            return _checked(pair.pair_id in self.state.selected)
        if role in (_DISPLAY, _TIP):
            return self._text(pair, column)
        if role == SORT_ROLE:
            return self._sort_key(pair, column)
        return None

    def _sort_key(self, pair: PairRow, column: int) -> Any:
        if column == 5:
            return pair.plan_items
        if column == 6:
            return pair.handed_materials
        if column == 7:
            return pair.first_meeting_on.isoformat() if pair.first_meeting_on else ""
        return self._text(pair, column).casefold()

    @staticmethod
    def _text(pair: PairRow, column: int) -> str:
        if column == 0:
            return pair.mentor_name
        if column == 1:
            return pair.mentee_names
        if column == 2:
            return pair.form_name + (f" ({pair.role_model_name})" if pair.role_model_name
                                     else "")
        if column == 3:
            return pair.classes
        if column == 4:
            return pair.status_label
        if column == 5:
            return f"есть ({pair.plan_items})" if pair.has_plan else "нет"
        if column == 6:
            return str(pair.handed_materials) if pair.handed_materials else "нет"
        return format_date(pair.first_meeting_on) or "нет"

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if role != _CHECK or index.column() != 0:
            return False
        self.set_ticked([index.row()], _is_checked(value))
        return True

    def set_ticked(self, rows: list[int], on: bool) -> None:
        for row in rows:
            pair_id = self.rows[row].pair_id
            if on:
                self.state.selected.add(pair_id)
            else:
                self.state.selected.discard(pair_id)
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0), [_CHECK])
            self.ticks_changed.emit()


class PairFilter(QSortFilterProxyModel):
    """The pairs of a form and a class, with a name typed in the search."""

    def __init__(self, model: PairsModel) -> None:
        super().__init__(model)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.pairs = model
        self.form_id: int | None = None
        self.class_name = ""
        self.needle = ""

    def set_filter(self, *, form_id: int | None, class_name: str, text: str) -> None:
        self.form_id, self.class_name = form_id, class_name
        self.needle = text.strip().casefold()
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        pair = self.pairs.rows[row]
        if self.form_id is not None and pair.form_id != self.form_id:
            return False
        if self.class_name and self.class_name not in {m.class_name for m in pair.mentees}:
            return False
        return not self.needle or self.needle in (
            f"{pair.mentor_name} {pair.mentee_names}".casefold())

    def visible_rows(self) -> list[int]:
        return [self.mapToSource(self.index(row, 0)).row() for row in range(self.rowCount())]


class StrengthsModel(HeadedTableModel):
    """A row a mentee of the selected pairs; strengths and points of growth edited in place."""

    HEADERS = ("Наставляемый", "Класс", "Наставник", "Сильные стороны", "Точки роста")
    EDITABLE = (3, 4)

    def __init__(self, state: Stage6State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[tuple[PairRow, int]] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [(pair, n) for pair in self.state.pairs() for n in range(len(pair.mentees))]
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def values(self, row: int) -> tuple[str, str]:
        pair, n = self.rows[row]
        mentee = pair.mentees[n]
        return self.state.strengths.get((pair.pair_id, mentee.mentee_profile_id),
                                        (mentee.strengths, mentee.growth_points))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() in self.EDITABLE else flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in (_DISPLAY, _EDIT, _TIP):
            return None
        pair, n = self.rows[index.row()]
        mentee = pair.mentees[n]
        column = index.column()
        if column in self.EDITABLE:
            text = self.values(index.row())[column - 3]
            if role == _TIP:
                return text or "Дважды щёлкните, чтобы заполнить"
            return text
        return (mentee.name, mentee.class_name, pair.mentor_name)[column]

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or index.column() not in self.EDITABLE:
            return False
        pair, n = self.rows[index.row()]
        mentee = pair.mentees[n]
        values = list(self.values(index.row()))
        values[index.column() - 3] = " ".join(str(value or "").split())
        key = (pair.pair_id, mentee.mentee_profile_id)
        if tuple(values) == (mentee.strengths, mentee.growth_points):
            self.state.strengths.pop(key, None)
        else:
            self.state.strengths[key] = (values[0], values[1])
        self.dataChanged.emit(index, index)
        return True


class MeetingsModel(HeadedTableModel):
    """A row a selected pair: the tick says it gets its first meetings, the dates are spread
    by the state and may be typed over (a date editor opens on a double click)."""

    HEADERS = ("Наставник", "Наставляемые", "Форма", "Встреча-знакомство",
               "Встреча-планирование")
    changed = Signal()

    def __init__(self, state: Stage6State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[PairRow] = []
        self.spread: dict[int, tuple[dt.date, dt.date | None]] = {}

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.state.pairs()
        self.spread = self.state.spread() if self.state.schedule else {}
        self.endResetModel()

    def refresh(self) -> None:
        """The dates spread again (the start, the step or a tick changed)."""
        self.spread = self.state.spread() if self.state.schedule else {}
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 4))
        self.changed.emit()

    def row_total(self) -> int:
        return len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        pair = self.rows[index.row()]
        if pair.first_meeting_on is not None:
            return flags & ~Qt.ItemFlag.ItemIsEnabled
        if index.column() == 0:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (3, 4) and pair.pair_id in self.spread:
            if index.column() == 4 and not self.state.with_planning:
                return flags
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        pair = self.rows[index.row()]
        column = index.column()
        if role == _CHECK and column == 0:
            if pair.first_meeting_on is not None:
                return None
            return _checked(pair.pair_id not in self.state.meetings_off)
        dates = self.spread.get(pair.pair_id)
        if column in (3, 4):
            if role == _EDIT and dates is not None:
                day = dates[column - 3]
                return QDate(day.year, day.month, day.day) if day else None
            if role not in (_DISPLAY, _TIP):
                return None
            if pair.first_meeting_on is not None:
                return (f"есть, {format_date(pair.first_meeting_on)}" if column == 3
                        else "")
            if dates is None:
                return "не назначать" if column == 3 else ""
            return format_date(dates[column - 3])
        if role in (_DISPLAY, _TIP):
            return (pair.mentor_name, pair.mentee_names, pair.form_name)[column]
        return None

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        pair = self.rows[index.row()]
        if role == _CHECK and index.column() == 0:
            if _is_checked(value):
                self.state.meetings_off.discard(pair.pair_id)
            else:
                self.state.meetings_off.add(pair.pair_id)
            self.refresh()
            return True
        if role != _EDIT or index.column() not in (3, 4) or not isinstance(value, QDate):
            return False
        dates = self.spread.get(pair.pair_id)
        day = value.toPython()
        if dates is None or not isinstance(day, dt.date):
            return False
        first, planning = dates
        if index.column() == 3:  # the planning meeting moves with it
            first = day
            if planning is not None:
                planning = day + dt.timedelta(days=self.state.planning_after)
        else:
            planning = day
        self.state.dates[pair.pair_id] = (first, planning)
        self.refresh()
        return True
