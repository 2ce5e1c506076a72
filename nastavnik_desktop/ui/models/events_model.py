"""The informing events of stage 2, edited in place, and their cell editors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from nastavnik_desktop.services.stages.stage2 import (
    DEFAULT_AUDIENCES,
    INFORMING_KINDS,
    MAX_ATTENDED,
    InformingEvent,
)
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate

_Index = QModelIndex | QPersistentModelIndex


class EventsModel(HeadedTableModel):
    """The informing events, edited in place."""

    COL_KIND, COL_DATE, COL_TITLE, COL_AUDIENCE, COL_ATTENDED = range(5)
    HEADERS = ("Вид", "Дата", "Тема", "Аудитория", "Присутствовало")

    def __init__(self, events: Iterable[InformingEvent], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events = list(events)

    def events(self) -> tuple[InformingEvent, ...]:
        return tuple(self._events)

    def row_total(self) -> int:
        return len(self._events)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole:
            return (event.kind, event.held_on, event.title, event.audience,
                    event.attended_count)[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            count = "" if event.attended_count is None else str(event.attended_count)
            return (event.kind_label, format_date(event.held_on), event.title, event.audience,
                    count)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_ATTENDED:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        event = self._events[index.row()]
        column = index.column()
        if column == self.COL_KIND:
            kind = str(value)
            audience = event.audience
            if not audience.strip() or audience == DEFAULT_AUDIENCES.get(event.kind):
                audience = DEFAULT_AUDIENCES.get(kind, audience)
            event = replace(event, kind=kind, audience=audience)
        elif column == self.COL_DATE:
            event = replace(event, held_on=value if isinstance(value, dt.date) else None)
        elif column == self.COL_TITLE:
            event = replace(event, title=" ".join(str(value).split()))
        elif column == self.COL_AUDIENCE:
            event = replace(event, audience=" ".join(str(value).split()))
        else:
            event = replace(event, attended_count=int(value) if value else None)
        self._events[index.row()] = event
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def add(self, event: InformingEvent) -> int:
        row = len(self._events)
        self.beginInsertRows(QModelIndex(), row, row)
        self._events.append(event)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._events[row]
        self.endRemoveRows()


class EventDelegate(QStyledItemDelegate):
    """Editors of an event's cells: a list of kinds, a date no later than today, a count."""

    def __init__(self, today: dt.date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        column = index.column()
        if column == EventsModel.COL_KIND:
            combo = QComboBox(parent)
            for code, label in INFORMING_KINDS.items():
                combo.addItem(label, code)
            return combo
        if column == EventsModel.COL_DATE:
            edit = QDateEdit(parent)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setMaximumDate(qdate(self._today))
            return edit
        if column == EventsModel.COL_ATTENDED:
            spin = QSpinBox(parent)
            spin.setRange(0, MAX_ATTENDED)
            spin.setSpecialValueText("—")
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            if found < 0:
                editor.addItem(str(value), value)
                found = editor.count() - 1
            editor.setCurrentIndex(found)
        elif isinstance(editor, QDateEdit):
            editor.setDate(qdate(value or self._today))
        elif isinstance(editor, QSpinBox):
            editor.setValue(value or 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QDateEdit):
            model.setData(index, pydate(editor.date()))
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value() or None)
        else:
            super().setModelData(editor, model, index)
