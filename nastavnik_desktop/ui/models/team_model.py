"""The curator's team of stage 1 (people and roles, edited in place) and the role editor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nastavnik_desktop.services.stages.stage1 import CURATOR_ROLE, NewStaff, PersonRef
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex


DEFAULT_ROLE = "член рабочей группы"
ROLE_CHOICES = (CURATOR_ROLE, "заместитель директора", "педагог-психолог", "социальный педагог",
                "классный руководитель", "педагог-организатор", "руководитель МО",
                DEFAULT_ROLE)


@dataclass(frozen=True)
class Candidate:
    """A person who can join the team: from the staff base, or added in the wizard."""

    ref: PersonRef
    full_name: str
    position: str

    @property
    def is_new(self) -> bool:
        return isinstance(self.ref, NewStaff)

    def label(self) -> str:
        text = f"{self.full_name} — {self.position}" if self.position else self.full_name
        return f"{text} (новый)" if self.is_new else text


@dataclass
class TeamRow:
    person: Candidate
    role: str


def search_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def role_for_position(position: str) -> str:
    """A first guess of the team role: «заместитель директора по УВР» → «заместитель
    директора»; the curator edits it in the table."""
    text = search_key(position)
    return next((role for role in ROLE_CHOICES[1:] if role in text), DEFAULT_ROLE)


class TeamModel(HeadedTableModel):
    """The curator's team: one row per person and role; the row with the role «куратор» is the
    curator. Roles are edited in place."""

    COL_NAME, COL_ROLE = range(2)
    HEADERS = ("Сотрудник", "Роль в команде")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TeamRow] = []

    def rows(self) -> list[TeamRow]:
        return list(self._rows)

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.person.full_name, row.role)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_NAME:
            return row.person.label()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.COL_ROLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COL_ROLE or \
                role != Qt.ItemDataRole.EditRole:
            return False
        text = " ".join(str(value).split())
        if self._rows[index.row()].role != text:
            self._rows[index.row()].role = text
            self.dataChanged.emit(index, index)
        return True

    def add(self, person: Candidate, role: str, *, once: bool = True) -> int:
        """Add `person` with `role` and return the row. With `once` a person already in the
        team is not added again (their row is returned); without it only the same role is
        not repeated (a team loaded from the database)."""
        for number, row in enumerate(self._rows):
            if row.person == person and (once or row.role == role):
                return number
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(TeamRow(person, role))
        self.endInsertRows()
        return len(self._rows) - 1

    def make_curator(self, person: Candidate) -> int:
        """`person` becomes the curator; a previous curator stays in the team with the
        default role. Returns the curator's row."""
        for number, row in enumerate(self._rows):
            if row.role == CURATOR_ROLE and row.person != person:
                self.setData(self.index(number, self.COL_ROLE), DEFAULT_ROLE)
        for number, row in enumerate(self._rows):
            if row.person == person:
                self.setData(self.index(number, self.COL_ROLE), CURATOR_ROLE)
                return number
        return self.add(person, CURATOR_ROLE)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def replace_people(self, replacement: Callable[[Candidate], Candidate]) -> None:
        """Each member becomes `replacement(member)`, keeping their role."""
        for row in self._rows:
            row.person = replacement(row.person)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_NAME),
                                  self.index(len(self._rows) - 1, self.COL_NAME))

    def curators(self) -> list[Candidate]:
        return [row.person for row in self._rows if row.role == CURATOR_ROLE]


class RoleDelegate(QStyledItemDelegate):
    """An editable combo box of the usual roles; each change is saved at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(ROLE_CHOICES)
        combo.setFrame(False)
        combo.currentTextChanged.connect(lambda _text: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.currentText() != text:
            editor.blockSignals(True)  # not a change by the curator: nothing to commit
            editor.setCurrentText(text)
            editor.blockSignals(False)
        line = editor.lineEdit()
        if line is not None and not line.hasFocus():
            line.setCursorPosition(0)  # show a long role from its start

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
