"""The meeting journal of a pair card: the table of held and planned meetings with its search,
and the quick-entry grid where a mentor's paper journal is typed in row by row.

The grid keeps what the curator typed exactly (a date that does not read as a date stays as
typed, shown in red) until the save names the row to fix; it turns its rows into the service's
`MeetingEntry`s and nothing else — the rules stay in `services/pairs/journal.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nastavnik_desktop.data.enums import MEETING_KIND_LABELS, MeetingKind
from nastavnik_desktop.services.pairs import (
    MEETING_CYCLE,
    Attendance,
    Journal,
    MeetingEntry,
    MeetingFormat,
    MeetingRecord,
)
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_CHECK = Qt.ItemDataRole.CheckStateRole

PLANNED_MARK = "запланирована"

KIND_SHORT: dict[MeetingKind, str] = {
    MeetingKind.ACQUAINTANCE: "знакомство",
    MeetingKind.TRIAL: "пробная",
    MeetingKind.PLANNING: "планирование",
    MeetingKind.WORKING: "рабочая",
    MeetingKind.FINAL: "итоговая",
}
"""The short names of the meeting types in the grid; the digit before each is its place in
the cycle (1–5), which is what the curator types."""

FORMAT_SHORT: dict[MeetingFormat, str] = {MeetingFormat.IN_PERSON: "очно",
                                          MeetingFormat.REMOTE: "дистанционно"}


# --- typing a date, a type, a format ----------------------------------------------------------

_DIGITS_DATE = re.compile(r"(\d{2})(\d{2})(\d{2}|\d{4})")
_DOTTED_DATE = re.compile(r"(\d{1,2})[.,/ -](\d{1,2})[.,/ -](\d{2}|\d{4})")


def typed_date(text: str) -> dt.date | None:
    """A date typed as digits: ддммгг, ддммгггг, д.м.гг or дд.мм.гггг; None if it is not one."""
    text = text.strip()
    match = _DIGITS_DATE.fullmatch(text) or _DOTTED_DATE.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def typed_kind(text: str) -> MeetingKind | None:
    """A meeting type typed as its place in the cycle (1–5) or the start of its short name
    («з», «пр», «пл», «р», «и»); None if it names none or more than one."""
    text = text.strip().lower()
    if not text:
        return None
    if text[0].isdigit():
        text = text.split()[0]  # «2» or the cell as shown, «2 пробная»
    if text.isdigit():
        number = int(text)
        return MEETING_CYCLE[number - 1] if 1 <= number <= len(MEETING_CYCLE) else None
    found = [kind for kind, short in KIND_SHORT.items()
             if short.startswith(text) or MEETING_KIND_LABELS[kind].startswith(text)]
    return found[0] if len(found) == 1 else None


def typed_format(text: str) -> MeetingFormat | None:
    """«о» (очно) or «д» (дистанционно), also the Latin letters on the same keys and 1/2."""
    first = text.strip().lower()[:1]
    if first in ("о", "o", "j", "1"):
        return MeetingFormat.IN_PERSON
    if first in ("д", "d", "l", "2"):
        return MeetingFormat.REMOTE
    return None


def next_kind(kind: MeetingKind) -> MeetingKind:
    """The type the next row proposes: the next of the cycle, working meetings repeating."""
    if kind in (MeetingKind.WORKING, MeetingKind.FINAL):
        return kind
    return MEETING_CYCLE[MEETING_CYCLE.index(kind) + 1]


def kind_cell(kind: MeetingKind) -> str:
    return f"{MEETING_CYCLE.index(kind) + 1} {KIND_SHORT[kind]}"


def _minutes(minutes: int | None) -> str:
    return "" if minutes is None else str(minutes)


# --- the journal ------------------------------------------------------------------------------

class JournalModel(HeadedTableModel):
    """The pair's meetings by date; «Кто пришёл» names who of a group did not come (each
    mentee's mark in its tooltip)."""

    COL_DATE, COL_KIND, COL_FORMAT, COL_TOPIC, COL_CONTENT, COL_RESULT, COL_ASSIGNMENT, \
        COL_DURATION, COL_ATTENDANCE = range(9)
    HEADERS = ("Дата", "Вид встречи", "Формат", "Тема", "Содержание", "Результат", "Задание",
               "Мин.", "Кто пришёл")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.meetings: list[MeetingRecord] = []
        self._keys: list[str] = []

    def row_total(self) -> int:
        return len(self.meetings)

    def set_journal(self, journal: Journal) -> None:
        self.beginResetModel()
        self.meetings = list(journal.meetings)
        self._keys = [" ".join(self._text(meeting, column)
                               for column in range(len(self.HEADERS))).lower()
                      for meeting in self.meetings]
        self.endResetModel()

    def search_key(self, row: int) -> str:
        return self._keys[row]

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        meeting = self.meetings[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._text(meeting, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_ATTENDANCE:
                return "\n".join(f"{a.name} — {'был(а)' if a.present else 'не был(а)'}"
                                  for a in meeting.attendance) or None
            if column > self.COL_FORMAT:
                return self._text(meeting, column) or None
        if role == Qt.ItemDataRole.FontRole and meeting.planned:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and meeting.planned:
            return QColor("#0b4f8a")
        return None

    def _text(self, meeting: MeetingRecord, column: int) -> str:
        if column == self.COL_DATE:
            day = f"{meeting.held_on:%d.%m.%Y}"
            return f"{day}, {PLANNED_MARK}" if meeting.planned else day
        if column == self.COL_ATTENDANCE:
            return "—" if meeting.planned else attendance_text(meeting.attendance)
        texts = (meeting.kind_label, meeting.format_label, meeting.topic, meeting.content,
                 meeting.result, meeting.assignment, _minutes(meeting.duration_minutes))
        return texts[column - 1]


def attendance_text(marks: Sequence[Attendance]) -> str:
    """«да»/«нет» for one mentee; for a group «все», «никто» or who did not come (each
    mark is in the cell's tooltip)."""
    if not marks:
        return "—"
    if len(marks) == 1:
        return "да" if marks[0].present else "нет"
    absent = [a.name for a in marks if not a.present]
    if not absent:
        return "все"
    if len(absent) == len(marks):
        return "никто"
    return f"нет: {', '.join(absent)}"


class JournalFilter(QSortFilterProxyModel):
    """The search box (words anywhere in a row) and «все / проведённые / запланированные»."""

    ALL, HELD, PLANNED = "all", "held", "planned"
    CHOICES: ClassVar[dict[str, str]] = {ALL: "Все встречи", HELD: "Проведённые",
                                         PLANNED: "Запланированные"}

    def __init__(self, model: JournalModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.journal = model
        self.words: list[str] = []
        self.which = self.ALL

    def set_filter(self, text: str, which: str) -> None:
        self.words = text.lower().split()
        self.which = which
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        meeting = self.journal.meetings[source_row]
        if self.which == self.HELD and meeting.planned:
            return False
        if self.which == self.PLANNED and not meeting.planned:
            return False
        key = self.journal.search_key(source_row)
        return all(word in key for word in self.words)


# --- the quick-entry grid ---------------------------------------------------------------------

@dataclass
class GridRow:
    """One row as typed. `date_text` is what was typed when it is not a date (`held_on` None)."""

    held_on: dt.date | None
    kind: MeetingKind
    format: MeetingFormat = MeetingFormat.IN_PERSON
    texts: list[str] = field(default_factory=lambda: ["", "", "", ""])
    """Topic, content, result, assignment."""
    duration: str = ""
    present: dict[int, bool] = field(default_factory=dict)
    date_text: str = ""
    touched: bool = False
    planned: bool = False
    proposed: bool = True
    """Proposed by the grid (shown grey until changed); False for a meeting being edited."""


class EntryGridModel(HeadedTableModel):
    """The rows of the quick entry: date, type, format, four texts, minutes, a check box per
    mentee and «Запланирована» (a meeting still to come). A row counts once something in it was
    changed (`touched`); the rows proposed at the end and never changed are not saved."""

    COL_DATE, COL_KIND, COL_FORMAT, COL_TOPIC, COL_CONTENT, COL_RESULT, COL_ASSIGNMENT, \
        COL_DURATION = range(8)
    BASE_HEADERS = ("Дата", "Вид (1–5)", "Формат (о/д)", "Тема", "Содержание", "Результат",
                    "Задание", "Мин.")
    TEXT_COLUMNS = (COL_TOPIC, COL_CONTENT, COL_RESULT, COL_ASSIGNMENT)

    def __init__(self, mentees: Sequence[Attendance], parent: Any = None) -> None:
        super().__init__(parent)
        self.mentees = list(mentees)
        self.rows: list[GridRow] = []

    def headers(self) -> Sequence[str]:
        if len(self.mentees) == 1:
            return (*self.BASE_HEADERS, "Присутствовал(а)", "Запланирована")
        return (*self.BASE_HEADERS, *(m.name for m in self.mentees), "Запланирована")

    def row_total(self) -> int:
        return len(self.rows)

    @property
    def col_planned(self) -> int:
        return len(self.BASE_HEADERS) + len(self.mentees)

    def is_check_column(self, column: int) -> bool:
        return column >= len(self.BASE_HEADERS)

    def _checked(self, row: GridRow, column: int) -> bool:
        if column == self.col_planned:
            return row.planned
        return row.present.get(
            self.mentees[column - len(self.BASE_HEADERS)].mentee_profile_id, False)

    # rows

    def add_row(self, row: GridRow | None = None) -> int:
        """Append `row`, or the row that follows the last one (a week later, the next type of
        the cycle, everyone present); the new row's number (from 0)."""
        if row is None:
            row = self.following_row()
        if not row.present:
            row.present = {m.mentee_profile_id: True for m in self.mentees}
        number = len(self.rows)
        self.beginInsertRows(QModelIndex(), number, number)
        self.rows.append(row)
        self.endInsertRows()
        return number

    def following_row(self) -> GridRow:
        if not self.rows:
            return GridRow(None, MeetingKind.ACQUAINTANCE)
        last = self.rows[-1]
        day = last.held_on + dt.timedelta(weeks=1) if last.held_on is not None else None
        return GridRow(day, next_kind(last.kind), last.format)

    def typed_rows(self) -> list[GridRow]:
        """The rows to save: up to the last one changed (proposed rows after it are dropped)."""
        last = max((number for number, row in enumerate(self.rows) if row.touched), default=-1)
        return self.rows[:last + 1]

    def entry(self, number: int) -> MeetingEntry:
        """Row `number` (from 0) as the service's entry; its date must read as a date."""
        row = self.rows[number]
        assert row.held_on is not None
        minutes = int(row.duration) if row.duration else None
        topic, content, result, assignment = row.texts
        return MeetingEntry(held_on=row.held_on, kind=row.kind, format=row.format, topic=topic,
                            content=content, result=result, assignment=assignment,
                            duration_minutes=minutes, attendance=dict(row.present),
                            planned=row.planned)

    # Qt

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_check_column(index.column()):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if self.is_check_column(column):
            if role == _CHECK:
                return (Qt.CheckState.Checked if self._checked(row, column)
                        else Qt.CheckState.Unchecked)
            return None
        if role in (_DISPLAY, _EDIT):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_DATE and row.held_on is None and row.date_text:
                return QColor(style.WARNING_COLOUR)
            if row.proposed and not row.touched:
                return QColor("#7a7a7a")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_DATE and row.held_on is None:
                return "Введите дату цифрами: ддммгг (051025) или дд.мм.гггг"
            if column in self.TEXT_COLUMNS:
                return self._text(row, column) or None
        return None

    def _text(self, row: GridRow, column: int) -> str:
        if column == self.COL_DATE:
            return f"{row.held_on:%d.%m.%Y}" if row.held_on is not None else row.date_text
        if column == self.COL_KIND:
            return kind_cell(row.kind)
        if column == self.COL_FORMAT:
            return FORMAT_SHORT[row.format]
        if column == self.COL_DURATION:
            return row.duration
        return row.texts[column - self.COL_TOPIC]

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        before = replace(row, texts=list(row.texts), present=dict(row.present))
        column = index.column()
        if self.is_check_column(column):
            if role != _CHECK:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if column == self.col_planned:
                row.planned = checked
            else:
                mentee = self.mentees[column - len(self.BASE_HEADERS)]
                row.present[mentee.mentee_profile_id] = checked
        elif role != _EDIT or not self._set_text(row, column, str(value)):
            return False
        if row != before:
            row.touched = True
            self.dataChanged.emit(self.index(index.row(), 0),
                                  self.index(index.row(), self.columnCount() - 1))
        return True

    def _set_text(self, row: GridRow, column: int, text: str) -> bool:
        if column == self.COL_DATE:
            row.held_on = typed_date(text)
            row.date_text = "" if row.held_on is not None else text.strip()
        elif column == self.COL_KIND:
            kind = typed_kind(text)
            if kind is None:
                return False
            row.kind = kind
        elif column == self.COL_FORMAT:
            form = typed_format(text)
            if form is None:
                return False
            row.format = form
        elif column == self.COL_DURATION:
            text = text.strip()
            if text and not text.isdigit():
                return False
            row.duration = str(int(text)) if text else ""
        else:
            row.texts[column - self.COL_TOPIC] = text
        return True


def meeting_row(meeting: MeetingRecord) -> GridRow:
    """A journal's meeting as a grid row (to edit it)."""
    return GridRow(meeting.held_on, meeting.kind, meeting.format,
                   [meeting.topic, meeting.content, meeting.result, meeting.assignment],
                   _minutes(meeting.duration_minutes),
                   {a.mentee_profile_id: a.present for a in meeting.attendance},
                   planned=meeting.planned, proposed=False)


_DATE_KEYS = QRegularExpression(r"[0-9., /-]{0,10}")
_MINUTES_KEYS = QRegularExpression(r"[0-9]{0,4}")


class EntryDelegate(QStyledItemDelegate):
    """The grid's editors: a line that opens with its text selected (typing replaces it), only
    digits and separators for the date, digits for the minutes.
    Ctrl+Enter in an editor keeps its text and asks to save (`save_requested`)."""

    save_requested = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and isinstance(watched, QWidget)):
            self.commitData.emit(watched)
            self.save_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() == EntryGridModel.COL_DATE:
            editor.setValidator(QRegularExpressionValidator(_DATE_KEYS, editor))
        elif index.column() == EntryGridModel.COL_DURATION:
            editor.setValidator(QRegularExpressionValidator(_MINUTES_KEYS, editor))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(_EDIT) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), _EDIT)
