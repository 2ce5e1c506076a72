"""The tables of the import wizard: the file's columns and the field each fills (with its
editor), the problems found, and a sample of the people read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nastavnik_desktop.data.enums import CATEGORY_LABELS
from nastavnik_desktop.services.importing import (
    Candidate,
    Column,
    ColumnChoice,
    Field,
    ImportKind,
    Mapping,
    Problem,
    Severity,
)
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel

SAMPLE_ROWS = 10

ERROR_COLOUR = QColor(style.WARNING_COLOUR)
WARNING_COLOUR = QColor("#8a5300")
_NOT_LOADED = "— не загружать —"
_Index = QModelIndex | QPersistentModelIndex


_PERSON_FIELDS = (
    Field.FULL_NAME, Field.LAST_NAME, Field.FIRST_NAME, Field.MIDDLE_NAME, Field.CLASS,
    Field.BIRTH_DATE, Field.SEX, Field.CATEGORY, Field.POSITION, Field.SUBJECT,
    Field.EXPERIENCE, Field.ORGANISATION, Field.PHONE, Field.EMAIL, Field.PARENT_NAME,
    Field.PARENT_PHONE)
KIND_FIELDS: dict[ImportKind, tuple[Field, ...]] = {
    ImportKind.PUPILS: _PERSON_FIELDS,
    ImportKind.STAFF: _PERSON_FIELDS,
    ImportKind.MENTEES: (*_PERSON_FIELDS, Field.REQUESTS),
    ImportKind.MENTORS: (*_PERSON_FIELDS, Field.COMPETENCIES, Field.ACHIEVEMENTS,
                         Field.INTERESTS, Field.TIME_RESOURCE),
}
"""The fields offered on the «Столбцы» page: those the kind of import stores."""


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def forbidden_text(column: Column) -> str:
    """«СНИЛС», «Адрес проживания», «Д/у» (сведения о здоровье): the reason when not obvious."""
    if column.forbidden.casefold() in column.header.casefold():
        return f"«{column.header}»"
    return f"«{column.header}» ({column.forbidden})"


# --- table models ------------------------------------------------------------------------


class ColumnsModel(HeadedTableModel):
    """The columns of the file's header and the field each one fills; the field is edited in
    place. Forbidden columns are not in the table (they are never read)."""

    COL_FILE, COL_FIELD = range(2)
    HEADERS = ("Столбец файла", "Поле в базе")
    FieldRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._found = Mapping(0, ())
        self._choices: dict[int, ColumnChoice] = {}
        self._columns: list[Column] = []

    def set_mapping(self, found: Mapping, choices: dict[int, ColumnChoice]) -> None:
        """Show the columns as recognised in the file with the curator's corrections."""
        self.beginResetModel()
        self._found = found
        self._choices = dict(choices)
        self._columns = list(found.with_fields(self._choices.values()).columns)
        self.endResetModel()

    def choices(self) -> dict[int, ColumnChoice]:
        return dict(self._choices)

    def mapping(self) -> Mapping:
        return Mapping(self._found.header_row, tuple(self._columns))

    def _shown(self) -> list[Column]:
        return [c for c in self._columns if not c.forbidden]

    def row_total(self) -> int:
        return len(self._shown())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._shown()[index.row()]
        if index.column() == self.COL_FILE:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{column_letter(column.index)}   {column.header}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Столбец {column_letter(column.index)}: «{column.header}»"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.field.value if column.field else _NOT_LOADED
        if role in (Qt.ItemDataRole.EditRole, self.FieldRole):
            return column.field.name if column.field else ""
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.COL_FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """`value` is the name of a `Field`, or "" for a column not to load."""
        if not index.isValid() or index.column() != self.COL_FIELD or \
                role != Qt.ItemDataRole.EditRole:
            return False
        column = self._shown()[index.row()]
        field = Field[value] if value else None
        if column.field is field:
            return True
        self._choices[column.index] = ColumnChoice(column.index, column.header, field)
        self._columns = list(self._found.with_fields(self._choices.values()).columns)
        # A field chosen here may have left another column: every row can change.
        self.dataChanged.emit(self.index(0, self.COL_FIELD),
                              self.index(self.rowCount() - 1, self.COL_FIELD))
        return True

    def row_of(self, header: str) -> int:
        """The row of the column headed `header` (for tests and keyboard search)."""
        return next(i for i, c in enumerate(self._shown()) if c.header == header)


class FieldDelegate(QStyledItemDelegate):
    """A combo box of the fields the kind of import stores; each choice is saved at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: tuple[Field, ...] = ()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_NOT_LOADED, "")
        for field in self.fields:
            combo.addItem(field.value, field.name)
        combo.setMaxVisibleItems(len(self.fields) + 1)
        combo.currentIndexChanged.connect(lambda _row: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        name = str(index.data(ColumnsModel.FieldRole) or "")
        row = editor.findData(name)
        if row < 0:  # recognised, but not stored by this kind of import: shown as it is
            editor.addItem(Field[name].value, name)
            row = editor.count() - 1
        if editor.currentIndex() != row:
            editor.blockSignals(True)  # not a change by the curator: nothing to commit
            editor.setCurrentIndex(row)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ProblemsModel(HeadedTableModel):
    """The problems of the file by row: errors in red, warnings in brown."""

    COL_ROW, COL_KIND, COL_COLUMN, COL_MESSAGE = range(4)
    HEADERS = ("Строка", "Вид", "Столбец", "Что не так")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: tuple[Problem, ...] = ()

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self.beginResetModel()
        self._problems = tuple(sorted(
            problems, key=lambda p: (p.row, p.severity is not Severity.ERROR)))
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def row_total(self) -> int:
        return len(self._problems)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self._problems[index.row()]
        error = problem.severity is Severity.ERROR
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_ROW:
                return problem.row
            if index.column() == self.COL_KIND:
                return "ошибка" if error else "предупреждение"
            if index.column() == self.COL_COLUMN:
                return problem.column
            return problem.message[:1].upper() + problem.message[1:]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (self.COL_KIND,
                                                                         self.COL_MESSAGE):
            return ERROR_COLOUR if error else WARNING_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(problem)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_ROW:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


_BASES = frozenset({ImportKind.MENTEES, ImportKind.MENTORS})
_MENTORS = frozenset({ImportKind.MENTORS})


@dataclass(frozen=True)
class SampleColumn:
    title: str
    value: Callable[[Candidate], str]
    kinds: frozenset[ImportKind] = frozenset(ImportKind)
    """The imports that store this value."""


SAMPLE_COLUMNS = (
    SampleColumn("ФИО", lambda c: c.person.full_name),
    SampleColumn("Класс", lambda c: c.person.class_name),
    SampleColumn("Дата рождения", lambda c: format_date(c.person.birth_date)),
    SampleColumn("Пол", lambda c: c.person.sex.value if c.person.sex else ""),
    SampleColumn("Категория", lambda c: CATEGORY_LABELS[c.person.category], _BASES),
    SampleColumn("Должность", lambda c: c.person.position),
    SampleColumn("Предмет", lambda c: c.person.subject),
    SampleColumn("Стаж, лет", lambda c: _hours(c.person.experience_years)),
    SampleColumn("Место работы / учёбы", lambda c: c.person.organisation),
    SampleColumn("Телефон", lambda c: c.person.phone),
    SampleColumn("Эл. почта", lambda c: c.person.email),
    SampleColumn("ФИО родителя", lambda c: c.person.parent_name),
    SampleColumn("Телефон родителя", lambda c: c.person.parent_phone),
    SampleColumn("Запросы", lambda c: c.profile.requests, frozenset({ImportKind.MENTEES})),
    SampleColumn("Компетенции", lambda c: c.profile.competencies, _MENTORS),
    SampleColumn("Достижения", lambda c: c.profile.achievements, _MENTORS),
    SampleColumn("Интересы", lambda c: c.profile.interests, _MENTORS),
    SampleColumn("Ресурс времени, ч/мес", lambda c: _hours(c.profile.hours_per_month),
                 _MENTORS),
    SampleColumn("Примечание", lambda c: c.person.notes),
)


class SampleModel(HeadedTableModel):
    """The first people of the file as they will be stored; only the columns that have values
    (and «ФИО» always)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, bool, list[str]]] = []
        self._titles: list[str] = []

    def set_candidates(self, candidates: tuple[Candidate, ...], kind: ImportKind) -> None:
        self.beginResetModel()
        columns = [c for c in SAMPLE_COLUMNS if kind in c.kinds and (
            c.title == "ФИО" or any(c.value(p) for p in candidates))]
        self._titles = ["Строка", *(c.title for c in columns), "В базе"]
        self._rows = [(p.row, p.existing_id is not None, [c.value(p) for c in columns])
                      for p in candidates]
        self.endResetModel()

    def titles(self) -> list[str]:
        return list(self._titles)

    def row_total(self) -> int:
        return len(self._rows)

    def headers(self) -> list[str]:
        return self._titles

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row, existing, values = self._rows[index.row()]
        if index.column() == 0:
            return row
        if index.column() == len(self._titles) - 1:
            return "уже есть" if existing else "новый"
        return values[index.column() - 1]
