"""The models of the answers import wizard: the rows of the file with whose answers they are
(the curator decides the ones the program could not), and the people to pick from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from nastavnik_desktop.services.questionnaires.importing import SourceRow
from nastavnik_desktop.services.questionnaires.respondents import PersonChoice
from nastavnik_desktop.text import alphabetical_key, format_date
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_UNDECIDED = QColor("#8b1a1a")
_NOTED = QColor("#7a5200")

SKIP = -1
"""A decision: the row is not loaded."""


class ReviewModel(HeadedTableModel):
    """The rows of the file: number, the ФИО and class as typed, and whose answers they are —
    the person found, the curator's choice, «пропустить», or what keeps it undecided. Shows
    the rows to decide, or all of them (`set_all`)."""

    COL_ROW, COL_NAME, COL_CLASS, COL_WHO = range(4)
    HEADERS = ("Строка", "ФИО в файле", "Класс", "Чья анкета")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceRow] = []
        self._shown: list[SourceRow] = []
        self._people: dict[int, PersonChoice] = {}
        self._all = False
        self.decisions: dict[int, int] = {}
        """Row number → the person picked, or SKIP."""

    def set_rows(self, rows: Sequence[SourceRow], people: Sequence[PersonChoice]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._people = {p.id: p for p in people}
        self.decisions = {}
        self._shown = self._visible()
        self.endResetModel()

    def set_all(self, show_all: bool) -> None:
        self.beginResetModel()
        self._all = show_all
        self._shown = self._visible()
        self.endResetModel()

    def _visible(self) -> list[SourceRow]:
        return [r for r in self._rows if self._all or r.match.person_id is None
                or r.number in self.decisions]

    def row_total(self) -> int:
        return len(self._shown)

    def source_row(self, row: int) -> SourceRow:
        return self._shown[row]

    def row_of(self, number: int) -> int:
        return next(n for n, r in enumerate(self._shown) if r.number == number)

    def decide(self, numbers: Sequence[int], decision: int | None) -> None:
        """Give these rows to a person, skip them (SKIP), or undo the decision (None)."""
        for number in numbers:
            if decision is None:
                self.decisions.pop(number, None)
            else:
                self.decisions[number] = decision
        if self._shown:
            self.dataChanged.emit(self.index(0, self.COL_WHO),
                                  self.index(len(self._shown) - 1, self.COL_WHO))

    def undecided(self) -> list[SourceRow]:
        return [r for r in self._rows
                if r.match.person_id is None and r.number not in self.decisions]

    def plan_decisions(self) -> dict[int, int | None]:
        """The decisions as `plan_import` takes them."""
        return {n: None if d == SKIP else d for n, d in self.decisions.items()}

    def who(self, row: SourceRow) -> tuple[str, QColor | None]:
        decision = self.decisions.get(row.number)
        if decision == SKIP:
            return "пропустить строку", None
        person_id = decision if decision is not None else row.match.person_id
        if person_id is None:
            return f"не определено: {row.match.reason}", _UNDECIDED
        person = self._people.get(person_id)
        label = person.label if person is not None else "—"
        if decision is None and row.match.note:
            return f"{label} ({row.match.note})", _NOTED
        return label, None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_ROW:
                return str(row.number)
            if column == self.COL_NAME:
                return row.name
            if column == self.COL_CLASS:
                return row.class_name
            return self.who(row)[0]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_WHO:
            colour = self.who(row)[1]
            return QBrush(colour) if colour is not None else None
        return None


class PeopleModel(HeadedTableModel):
    """The people a row can be given to, filtered by a search over their ФИО and class
    (keys computed once: thousands of people filter as you type)."""

    COL_NAME, COL_WHERE, COL_BIRTH, COL_EXPECTED = range(4)
    HEADERS = ("ФИО", "Класс / категория", "Дата рождения", "В опросе")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[tuple[str, PersonChoice]] = []
        self._shown: list[PersonChoice] = []

    def set_people(self, people: Sequence[PersonChoice]) -> None:
        self._people = [(alphabetical_key(f"{p.name} {p.class_name}"), p) for p in people]
        self.set_filter("")

    def set_filter(self, text: str) -> None:
        words = alphabetical_key(text).split()
        self.beginResetModel()
        self._shown = [p for key, p in self._people if all(w in key for w in words)]
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._shown)

    def person(self, row: int) -> PersonChoice:
        return self._shown[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        person = self._shown[index.row()]
        if index.column() == self.COL_NAME:
            return person.name
        if index.column() == self.COL_WHERE:
            return person.where
        if index.column() == self.COL_BIRTH:
            return format_date(person.birth_date)
        return "да" if person.expected else ""
