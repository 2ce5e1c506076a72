"""The answers grid of a round: rows are the people the round expects (the name and class in
the row's header, which stays in view while the questions scroll), columns its questions.

The model holds the answers as read (`services.questionnaires.round_answers`) and what the
curator is typing into a cell before Enter (`pending`, shown in the cell on a tinted
background); reading and saving a typed answer is the owner's (`ui/widgets/answers_grid.py`),
through `parse_answer` and `save_answers` — the model only shows values.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from nastavnik_desktop.data.enums import QuestionKind
from nastavnik_desktop.services.questionnaires import QuestionLine, RoundPerson, Value
from nastavnik_desktop.text import alphabetical_key, class_sort_key, shorten
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

PENDING_COLOUR = QColor("#fff4c2")
ANSWERED_COLOUR = QColor("#1d6b33")

KIND_HINTS: dict[QuestionKind, str] = {
    QuestionKind.SCALE: "1–10",
    QuestionKind.YES_NO: "1 да / 0 нет",
    QuestionKind.SINGLE: "№ варианта",
    QuestionKind.MULTIPLE: "№ через пробел",
    QuestionKind.TEXT: "текст",
}
"""What a column takes, under its title."""

KIND_HELP: dict[QuestionKind, str] = {
    QuestionKind.SCALE: "число от 1 до 10",
    QuestionKind.YES_NO: "1 или «д» — да, 0 или «н» — нет",
    QuestionKind.SINGLE: "номер одного варианта",
    QuestionKind.MULTIPLE: "номера вариантов через пробел или запятую",
    QuestionKind.TEXT: "любой текст (F2 или начните печатать)",
}
"""What a column takes, in the status line and the tooltip."""


def typed_text(question: QuestionLine, value: Value | None) -> str:
    """A stored answer as the curator would type it: «7», «1»/«0» (yes/no), «2», «1 3»."""
    if value is None or value.is_empty:
        return ""
    kind = QuestionKind(question.kind)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        numbers = {c.id: n for n, c in enumerate(question.choices, 1)}
        return " ".join(str(numbers[c]) for c in sorted(value.choices, key=numbers.__getitem__)
                        if c in numbers)
    if kind is QuestionKind.TEXT:
        return value.text
    return "" if value.number is None else str(value.number)


def shown_text(question: QuestionLine, value: Value | None) -> str:
    """A stored answer as the cell shows it: yes/no as «да»/«нет», choices «1, 3»."""
    if value is None or value.is_empty:
        return ""
    kind = QuestionKind(question.kind)
    if kind is QuestionKind.YES_NO:
        return "да" if value.number == 1 else "нет"
    if kind is QuestionKind.MULTIPLE:
        return typed_text(question, value).replace(" ", ", ")
    return typed_text(question, value)


HEADER_WIDTH = 14
"""Characters of a question's title on each of the two lines of its column's header."""
TYPING_MARK = "▏"
"""After what is typed into a cell and not yet committed with Enter."""


def column_title(number: int, question: QuestionLine) -> str:
    """«3. Насколько / полезными были… / 1–10»: the number and the start of the question on
    two lines, what the column takes on the third (the whole question is in the tooltip)."""
    lines = textwrap.wrap(f"{number}. {question.text}", HEADER_WIDTH, break_long_words=True)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), HEADER_WIDTH)]
    lines += [""] * (2 - len(lines))
    return "\n".join([*lines, KIND_HINTS[QuestionKind(question.kind)]])


def question_tooltip(number: int, question: QuestionLine) -> str:
    lines = [f"{number}. {question.text}", f"Ответ: {KIND_HELP[QuestionKind(question.kind)]}."]
    lines += [f"  {n} — {c.text}" for n, c in enumerate(question.choices, 1)]
    return "\n".join(lines)


class AnswersGridModel(HeadedTableModel):
    """People × questions. `committer(row, column, text)` saves what was typed into a text
    cell's editor (set by the owner); the other cells are typed into `pending`."""

    def __init__(self, questions: Sequence[QuestionLine], people: Sequence[RoundPerson],
                 answers: Mapping[int, Mapping[int, Value]], parent: Any = None) -> None:
        super().__init__(parent)
        self.questions = tuple(questions)
        self.people = tuple(people)
        self._rows_of = {p.person_id: row for row, p in enumerate(self.people)}
        self._values: list[dict[int, Value]] = [
            dict(answers.get(p.person_id, {})) for p in self.people]
        self._keys = [alphabetical_key(p.name) for p in self.people]
        self._headers = tuple(column_title(n, q) for n, q in enumerate(self.questions, 1))
        self._tips = tuple(question_tooltip(n, q) for n, q in enumerate(self.questions, 1))
        self._row_titles = tuple(f"{p.name}, {p.class_name}" if p.class_name else p.name
                                 for p in self.people)
        self.pending: tuple[int, int, str] | None = None
        """(row, column, text) typed into a cell and not yet committed with Enter."""
        self.committer: Callable[[int, int, str], bool] = lambda _row, _column, _text: False

    def headers(self) -> Sequence[str]:
        return self._headers

    def row_total(self) -> int:
        return len(self.people)

    # reading

    def question_id(self, column: int) -> int:
        return self.questions[column].id or 0

    def is_text(self, column: int) -> bool:
        return QuestionKind(self.questions[column].kind) is QuestionKind.TEXT

    def value(self, row: int, column: int) -> Value | None:
        return self._values[row].get(self.question_id(column))

    def row_of(self, person_id: int) -> int | None:
        return self._rows_of.get(person_id)

    def search_key(self, row: int) -> str:
        return self._keys[row]

    def answered_in_row(self, row: int) -> int:
        return sum(1 for v in self._values[row].values() if not v.is_empty)

    def filled(self) -> int:
        """People with at least one answer."""
        return sum(1 for row in range(len(self.people)) if self.answered_in_row(row))

    def classes(self) -> list[str]:
        """The pupils' classes of the rows, in school order (5А before 10Б)."""
        return sorted({p.class_name for p in self.people if p.class_name}, key=class_sort_key)

    # changing

    def set_values(self, changes: Mapping[int, Mapping[int, Value | None]]) -> None:
        """Show saved answers: person id → question id → value (None: none); one change
        signal for the cells touched, however many."""
        columns = {q.id: c for c, q in enumerate(self.questions)}
        rows, touched = [], []
        for person_id, values in changes.items():
            row = self._rows_of.get(person_id)
            if row is None:
                continue
            rows.append(row)
            for question_id, value in values.items():
                if value is None or value.is_empty:
                    self._values[row].pop(question_id, None)
                else:
                    self._values[row][question_id] = value
                if question_id in columns:
                    touched.append(columns[question_id])
        if rows and touched:
            self.dataChanged.emit(self.index(min(rows), min(touched)),
                                  self.index(max(rows), max(touched)))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, min(rows), max(rows))

    def set_pending(self, pending: tuple[int, int, str] | None) -> None:
        before, self.pending = self.pending, pending
        for cell in (before, pending):
            if cell is not None:
                index = self.index(cell[0], cell[1])
                self.dataChanged.emit(index, index)

    # Qt

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.is_text(index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        pending = self.pending is not None and self.pending[:2] == (row, column)
        if role == _DISPLAY:
            if pending and self.pending is not None:
                return f"{self.pending[2]}{TYPING_MARK}"
            return shown_text(self.questions[column], self.value(row, column))
        if role == _EDIT:
            return typed_text(self.questions[column], self.value(row, column))
        if role == Qt.ItemDataRole.BackgroundRole and pending:
            return PENDING_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and not self.is_text(column):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = shown_text(self.questions[column], self.value(row, column))
            return f"{self._tips[column]}\n\nОтвет: {text}" if text else self._tips[column]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation is Qt.Orientation.Vertical:
            if role == _DISPLAY:
                return self._row_titles[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                person = self.people[section]
                place = f", {person.place}" if person.place else ""
                return (f"{person.name}{place} ({person.role}): ответов "
                        f"{self.answered_in_row(section)} из {len(self.questions)}")
            if role == Qt.ItemDataRole.ForegroundRole and \
                    self.answered_in_row(section) == len(self.questions):
                return ANSWERED_COLOUR
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section]
        return super().headerData(section, orientation, role)

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid() or role != _EDIT or not self.is_text(index.column()):
            return False
        return self.committer(index.row(), index.column(), str(value))


ALL_CLASSES = ""
STAFF = "\x00staff"
"""The class filter's «без класса» (mentors, teachers)."""


class AnswersFilter(QSortFilterProxyModel):
    """The grid's search by name (ё as е, case ignored), its filter by class and «only those
    without answers» — taken when the filter is set, so a row being typed stays in view."""

    def __init__(self, model: AnswersGridModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setDynamicSortFilter(False)
        self.grid = model
        self.words: list[str] = []
        self.class_name = ALL_CLASSES
        self.only_rows: frozenset[int] | None = None

    def set_filter(self, text: str, class_name: str, *, unanswered: bool = False) -> None:
        self.words = alphabetical_key(text).split()
        self.class_name = class_name
        self.only_rows = frozenset(
            row for row in range(self.grid.rowCount()) if not self.grid.answered_in_row(row)
        ) if unanswered else None
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self.only_rows is not None and source_row not in self.only_rows:
            return False
        person = self.grid.people[source_row]
        if self.class_name == STAFF and person.class_name:
            return False
        if self.class_name not in (ALL_CLASSES, STAFF) and person.class_name != self.class_name:
            return False
        key = self.grid.search_key(source_row)
        return all(word in key for word in self.words)
