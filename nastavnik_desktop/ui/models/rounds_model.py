"""The rounds of the «Опросы» tab (title, questionnaire, phase, who answers, dates, progress
«12 из 30» drawn as a bar), its search, and the list of who has not answered a round."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from nastavnik_desktop.services.questionnaires import RoundInfo, RoundPerson
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
BAR_COLOUR = QColor("#bfe3c6")
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
"""(answered, expected) of a round's progress cell."""


def percent(answered: int, expected: int) -> int:
    return round(100 * answered / expected) if expected else 0


def progress_text(found: RoundInfo) -> str:
    """«12 из 30 (40 %)»; «никого не ждём» when the round expects nobody."""
    if not found.expected:
        return "никто не должен отвечать"
    return f"{found.progress} ({percent(found.answered, found.expected)} %)"


class RoundsModel(HeadedTableModel):
    COL_TITLE, COL_QUESTIONNAIRE, COL_PHASE, COL_AUDIENCE, COL_DATES, COL_PROGRESS = range(6)
    HEADERS = ("Опрос", "Анкета", "Этап", "Кто отвечает", "Сроки", "Ответили")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rounds: list[RoundInfo] = []
        self._keys: list[str] = []

    def row_total(self) -> int:
        return len(self.rounds)

    def set_rounds(self, rounds: Sequence[RoundInfo]) -> None:
        self.beginResetModel()
        self.rounds = list(rounds)
        self._keys = [alphabetical_key(" ".join(self._text(r, c)
                                                for c in range(len(self.HEADERS))))
                      for r in self.rounds]
        self.endResetModel()

    def search_key(self, row: int) -> str:
        return self._keys[row]

    def row_of(self, round_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rounds) if r.id == round_id), None)

    def _text(self, found: RoundInfo, column: int) -> str:
        return (found.title, found.template_title, found.phase_label, found.audience_label,
                found.dates, progress_text(found))[column]

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        found = self.rounds[index.row()]
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self._text(found, index.column())
        if role == PROGRESS_ROLE and index.column() == self.COL_PROGRESS:
            return (found.answered, found.expected)
        return None


class RoundsFilter(QSortFilterProxyModel):
    """Words anywhere in a round's row (ё as е, case ignored)."""

    def __init__(self, model: RoundsModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.rounds = model
        self.words: list[str] = []

    def set_search(self, text: str) -> None:
        self.words = alphabetical_key(text).split()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        key = self.rounds.search_key(source_row)
        return all(word in key for word in self.words)


class ProgressDelegate(QStyledItemDelegate):
    """The progress cell as a bar filled in the share answered, «12 из 30 (40 %)» on it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        counts = index.data(PROGRESS_ROLE)
        if not counts or not counts[1]:
            super().paint(painter, option, index)
            return
        answered, expected = counts
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        painter.save()
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, palette.highlight())
        bar = rect.adjusted(4, 3, -4, -3)
        painter.fillRect(bar, palette.base())
        done = round(bar.width() * min(answered, expected) / expected)
        painter.fillRect(QRect(bar.left(), bar.top(), done, bar.height()), BAR_COLOUR)
        painter.setPen(palette.mid().color())
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        painter.setPen(palette.text().color())
        painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, str(index.data(_DISPLAY)))
        painter.restore()


class PeopleModel(HeadedTableModel):
    """Who has not answered a round: ФИО, class or position, role."""

    HEADERS = ("ФИО", "Класс или должность", "Роль")

    def __init__(self, people: Sequence[RoundPerson], parent: Any = None) -> None:
        super().__init__(parent)
        self.people = list(people)
        self.keys = [alphabetical_key(f"{p.name} {p.place} {p.role}") for p in self.people]

    def as_text(self, rows: Sequence[int]) -> str:
        """The rows as tab-separated lines (for the clipboard: a letter, a spreadsheet)."""
        return "\n".join("\t".join((p.name, p.place, p.role))
                         for p in (self.people[row] for row in rows))

    def row_total(self) -> int:
        return len(self.people)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        person = self.people[index.row()]
        return (person.name, person.place or "—", person.role)[index.column()]


class PeopleFilter(QSortFilterProxyModel):
    """Words in the name, class or position, role (ё as е, case ignored)."""

    def __init__(self, model: PeopleModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.people = model
        self.words: list[str] = []

    def set_search(self, text: str) -> None:
        self.words = alphabetical_key(text).split()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        key = self.people.keys[source_row]
        return all(word in key for word in self.words)
