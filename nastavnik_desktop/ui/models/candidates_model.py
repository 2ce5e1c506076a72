"""The stage 4 candidates with what the curator changes, their filter and the score editor.

Every edit is checked at once by the service's rule (`check_change`); a refused one emits
`refused` with the reason and changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nastavnik_desktop.data.enums import MentorStatus
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people import status_label
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import (
    MAX_SCORE,
    Candidate,
    CandidateState,
    Criterion,
    Stage4Data,
)
from nastavnik_desktop.text import alphabetical_key, class_sort_key, format_date
from nastavnik_desktop.ui import style

NO_SCORE = "—"


# Short column headers of the methodology's criteria, on two lines so that eight fit beside
# the names; the full name is the header's tooltip and the legend under the table.
SHORT_CRITERIA: dict[str, str] = {
    "профессиональный опыт": "Проф.\nопыт",
    "развитые компетенции, сильные стороны": "Компе-\nтенции",
    "навыки коммуникации": "Комму-\nникация",
    "ресурс времени": "Ресурс\nвремени",
    "положительный жизненный и профессиональный опыт": "Жизн.\nопыт",
    "соответствие запросам наставляемых": "Запросы\nнаставл.",
    "активная гражданская позиция": "Гражд.\nпозиция",
    "мотивация": "Моти-\nвация",
}
SHORT_LINE = 9

_Index = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole + 1
ALL = None


def short_criterion(name: str) -> str:
    """The header of a criterion column: the known short form, else the name on at most two
    short lines, cut with a dot."""
    if name in SHORT_CRITERIA:
        return SHORT_CRITERIA[name]
    words = (name[:1].upper() + name[1:]).split()
    lines = [_cut(words[0]), _cut(" ".join(words[1:]))] if len(words) > 1 else [_cut(name)]
    return "\n".join(line for line in lines if line)


def _cut(text: str) -> str:
    return text if len(text) <= SHORT_LINE else text[:SHORT_LINE - 1].rstrip() + "."


def legend_name(name: str) -> str:
    """A criterion's short header on one line, for the legend."""
    return " ".join(short_criterion(name).replace("-\n", "").split())


def number_text(value: float | None, *, whole: bool = True) -> str:
    """`8,5`; `8` for a whole number unless `whole` is False (averages keep `8,0`)."""
    if value is None:
        return ""
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0") if whole else text


# --- the model of the candidates ----------------------------------------------------------


@dataclass
class _Row:
    candidate: Candidate
    state: CandidateState


class CandidatesModel(QAbstractTableModel):
    """The candidates with their edited states. Columns: a fixed head, one column per
    criterion, a fixed tail; `col(name)` gives the index of a named column."""

    refused = Signal(str)
    """An edit was refused; the Russian reason."""
    edited = Signal()

    HEAD = (("name", "ФИО"), ("place", "Класс / должность"), ("form", "Форма"),
            ("status", "Статус"))
    TAIL = (("total", "Сумма"), ("average", "Средний"), ("interview", "Собеседование"),
            ("notes", "Заметки"), ("training_on", "Обучение"), ("hours", "Часов"),
            ("completed", "Пройдено"), ("suggestion", "Рекомендация"),
            ("reason", "Причина отклонения"))

    def __init__(self, data: Stage4Data, today: dt.date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.criteria = data.criteria
        self.rule = data.rule
        self.today = today
        # by name, as every table of the wizard opens: its views need not sort to open
        candidates = sorted(data.candidates, key=lambda c: alphabetical_key(c.full_name))
        self._rows = [_Row(c, c.state) for c in candidates]
        names = [name for name, _ in self.HEAD]
        names += [f"criterion:{c.id}" for c in self.criteria]
        names += [name for name, _ in self.TAIL]
        self._columns = {name: number for number, name in enumerate(names)}
        self._headers = ([h for _, h in self.HEAD] + [short_criterion(c.name)
                                                      for c in self.criteria]
                         + [h for _, h in self.TAIL])
        self._criterion_ids = [c.id for c in self.criteria]
        self._names = {number: name for name, number in self._columns.items()}
        self._name_keys = [alphabetical_key(r.candidate.full_name) for r in self._rows]

    # --- access ---

    def col(self, name: str) -> int:
        return self._columns[name]

    def criterion_columns(self) -> range:
        first = len(self.HEAD)
        return range(first, first + len(self.criteria))

    def criterion_at(self, column: int) -> Criterion | None:
        offset = column - len(self.HEAD)
        return self.criteria[offset] if 0 <= offset < len(self.criteria) else None

    def candidate(self, row: int) -> Candidate:
        return self._rows[row].candidate

    def state(self, row: int) -> CandidateState:
        return self._rows[row].state

    def states(self) -> list[CandidateState]:
        return [r.state for r in self._rows]

    def changes(self) -> list[CandidateState]:
        """The edited states that differ from what is stored."""
        return [r.state for r in self._rows if r.state != r.candidate.state]

    def row_of(self, profile_id: int) -> int:
        return next(n for n, r in enumerate(self._rows) if r.candidate.profile_id == profile_id)

    # --- editing ---

    def change(self, row: int, *, require_reason: bool = False, **fields: Any) -> str | None:
        """Give the candidate in `row` new values; None when done, else the refusal (also
        emitted as `refused`)."""
        item = self._rows[row]
        edited = stage4_service.without_stale_admission(
            dataclasses.replace(item.state, **fields))
        if edited == item.state:
            return None
        try:
            stage4_service.check_change(
                item.candidate.full_name, item.candidate.state, edited, self.criteria,
                active_pairs=item.candidate.active_pairs, today=self.today,
                require_reason=require_reason, rule=self.rule)
        except ValidationError as exc:
            self.refused.emit(exc.message)
            return exc.message
        item.state = edited
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.edited.emit()
        return None

    def change_each(self, rows: Sequence[int],
                    change: Callable[[int], str | None]) -> list[str]:
        """Apply `change` (which calls `change` or `set_score`) to each of `rows` as one step:
        the views are told once, and the refusals come back together (not one message each)."""
        self.blockSignals(True)
        try:
            refusals = [message for row in rows if (message := change(row)) is not None]
        finally:
            self.blockSignals(False)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1,
                                                               self.columnCount() - 1))
        self.edited.emit()
        return refusals

    def set_score(self, row: int, criterion_id: int, score: int | None) -> str | None:
        scores = dict(self._rows[row].state.scores)
        if score is None:
            scores.pop(criterion_id, None)
        else:
            scores[criterion_id] = score
        return self.change(row, scores=scores)

    # --- Qt ---

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            criterion = self.criterion_at(section)
            if criterion is not None:
                return f"{criterion.name[:1].upper()}{criterion.name[1:]} — от 0 до {MAX_SCORE}"
            if section == self.col("average"):
                return (f"Средний балл по критериям; от {stage4_service.PASS_AVERAGE:.0f} "
                        "рекомендуется отобрать")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.criterion_at(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == SortRole and column == 0:  # "name", the first column
            return self._name_keys[index.row()]
        row = self._rows[index.row()]
        criterion = self.criterion_at(column)
        if criterion is not None:
            score = row.state.scores.get(criterion.id)
            if role == Qt.ItemDataRole.EditRole:
                return score
            if role == Qt.ItemDataRole.DisplayRole:
                return NO_SCORE if score is None else str(score)
            if role == SortRole:
                return -1 if score is None else score
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.candidate.full_name}: {criterion.name}"
            return None
        name = self._names[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, name)
        if role == SortRole:
            return self._sort_key(row, name)
        if role == Qt.ItemDataRole.ToolTipRole and name in ("name", "notes", "reason",
                                                             "suggestion", "place"):
            return self._text(row, name) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and name in (
                "total", "average", "hours", "completed", "interview", "training_on"):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and row.state.status is MentorStatus.REJECTED:
            return QColor(style.muted_colour(QPalette()))
        if role == Qt.ItemDataRole.FontRole and name == "status" and \
                row.state.status is not row.candidate.state.status:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: _Row, name: str) -> str:
        state, candidate = row.state, row.candidate
        ids = self._criterion_ids
        texts: dict[str, Callable[[], str]] = {
            "name": lambda: candidate.full_name,
            "place": lambda: candidate.place,
            "form": lambda: candidate.form_name,
            "status": lambda: status_label(state.status, candidate.sex),
            "total": lambda: str(stage4_service.total_score(state, ids)) if state.scores
            else "",
            "average": lambda: number_text(stage4_service.average_score(state, ids), whole=False),
            "interview": lambda: format_date(state.interview_on),
            "notes": lambda: " ".join(state.interview_notes.split()),
            "training_on": lambda: format_date(state.training_on),
            "hours": lambda: number_text(state.training_hours),
            "completed": lambda: "да" if state.training_completed else "",
            "suggestion": lambda: stage4_service.suggest(state, self.criteria).text,
            "reason": lambda: " ".join(state.rejection_reason.split()),
        }
        return texts[name]()

    def _sort_key(self, row: _Row, name: str) -> Any:
        state = row.state
        ids = self._criterion_ids
        if name == "name":
            return alphabetical_key(row.candidate.full_name)
        if name == "place":
            group, number, rest = class_sort_key(row.candidate.place)
            return f"{group}{number:03d}{rest}"
        if name == "status":
            return list(MentorStatus).index(state.status)
        if name == "total":
            return stage4_service.total_score(state, ids) if state.scores else -1
        if name == "average":
            average = stage4_service.average_score(state, ids)
            return -1.0 if average is None else average
        if name in ("interview", "training_on"):
            day = state.interview_on if name == "interview" else state.training_on
            return day.isoformat() if day else ""
        if name == "hours":
            return state.training_hours or 0.0
        return alphabetical_key(self._text(row, name))

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        criterion = self.criterion_at(index.column())
        if not index.isValid() or criterion is None or role != Qt.ItemDataRole.EditRole:
            return False
        score = None if value is None or value == "" or int(value) < 0 else int(value)
        return self.set_score(index.row(), criterion.id, score) is None


class CandidateFilter(QSortFilterProxyModel):
    """Search by name, filter by form and status; sorted on the model's precomputed keys.
    Rows do not jump while the curator edits: filter and order change on request only."""

    def __init__(self, model: CandidatesModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)
        self._model = model
        self.search = ""
        self.form_id: int | None = ALL
        self.statuses: frozenset[MentorStatus] | None = ALL

    def set_filter(self, *, search: str, form_id: int | None,
                   statuses: frozenset[MentorStatus] | None) -> None:
        self.search, self.form_id, self.statuses = alphabetical_key(search.strip()), form_id, \
            statuses
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        candidate = self._model.candidate(source_row)
        if self.form_id is not ALL and candidate.form_id != self.form_id:
            return False
        if self.statuses is not ALL and \
                self._model.state(source_row).status not in self.statuses:
            return False
        return not self.search or self.search in alphabetical_key(
            f"{candidate.full_name} {candidate.place}")

    def source_row(self, index: QModelIndex) -> int:
        return self.mapToSource(index).row()


class ScoreDelegate(QStyledItemDelegate):
    """A spin box 0–10 with «—» below 0 for «не оценено», large enough to read and to click:
    at least its natural size and a larger type, centred over the cell even where the cell is
    narrower or lower (a typed digit and Enter remain the quick way)."""

    FONT_SCALE = 1.2

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(-1, MAX_SCORE)
        spin.setSpecialValueText(NO_SCORE)
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        spin.setFont(style.scaled_font(spin.font(), self.FONT_SCALE, bold=True))
        spin.setAccelerated(False)
        spin.setToolTip(f"От 0 до {MAX_SCORE}; «{NO_SCORE}» — не оценено. Enter — записать, "
                        "Esc — отменить.")
        return spin

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        cell = option.rect  # type: ignore[attr-defined]
        hint = editor.sizeHint()
        width = max(cell.width(), hint.width() + 8)
        height = max(cell.height(), hint.height()) + 6
        editor.setGeometry(cell.center().x() - width // 2, cell.center().y() - height // 2,
                           width, height)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(-1 if value is None else int(value))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        value = editor.value()
        model.setData(index, None if value < 0 else value, Qt.ItemDataRole.EditRole)
