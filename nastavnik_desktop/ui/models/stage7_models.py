"""The tables of the stage 7 wizard over its state (ui/wizards/stage7/state.py): each pair's
figures with its editable result, the ranking of the best pairs and mentors, who receives
what, the cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from nastavnik_desktop.data.enums import AWARD_NOMINATION_LABELS, AwardNomination
from nastavnik_desktop.services.monitoring.growth import change_text, score_text
from nastavnik_desktop.services.stages.stage7 import (
    MentorFigures,
    PairFigures,
    Participant,
    score_label,
)
from nastavnik_desktop.text import capitalised
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.wizards.stage7.state import NOMINATIONS, Stage7State

_Index = QModelIndex | QPersistentModelIndex
_CHECK = Qt.ItemDataRole.CheckStateRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
SORT_ROLE = Qt.ItemDataRole.UserRole
ROWS_MIME = "application/x-nastavnik-ranking-rows"

NOMINATION_HEADERS = {
    AwardNomination.PARTICIPANT: "Сертификат",
    AwardNomination.BEST_MENTOR: "Лучший наставник",
    AwardNomination.BEST_PAIR: "Лучшая пара",
    AwardNomination.THANKS_MENTOR: "Письмо наставнику",
    AwardNomination.THANKS_PARENTS: "Письмо родителям",
}
"""The award columns' short titles; the full name (`AWARD_NOMINATION_LABELS`) is their
tooltip."""


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


def _is_checked(value: Any) -> bool:
    return value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _figures(pair: PairFigures) -> tuple[str, ...]:
    return (str(pair.meetings), pair.plan_text, pair.change_text, pair.satisfaction_text,
            pair.exit_text)


FIGURE_TIPS = ("Проведено встреч по журналу", "Выполнено задач плана развития",
               "Изменение средней оценки участников от входной анкеты к итоговой (из 10)",
               "Удовлетворённость участников по итоговой анкете (из 10)",
               "Ответили на итоговую анкету")


class ResultsModel(HeadedTableModel):
    """A row a pair at work: its figures and its result, edited in place."""

    HEADERS = ("Наставник", "Наставляемые", "Форма", "Встреч", "План", "Рост", "Удовл.",
               "Итоговая анкета", "Результат работы")
    RESULT = 8
    changed = Signal()

    def __init__(self, state: Stage7State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows = list(state.data.pairs)
        self.last_results: dict[int, str] = {}
        """Pair → its result before the last change (what «Отменить» puts back)."""

    def row_total(self) -> int:
        return len(self.rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == _TIP and 3 <= section <= 7:
            return FIGURE_TIPS[section - 3]
        return super().headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == self.RESULT else flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        pair = self.rows[index.row()]
        column = index.column()
        if column == self.RESULT:
            text = self.state.results.get(pair.pair_id, "")
            if role == _TIP:
                return text or "Дважды щёлкните, чтобы вписать, чего достигла пара"
            return text if role in (_DISPLAY, _EDIT, SORT_ROLE) else None
        if role == SORT_ROLE:
            return self._sort_key(pair, column)
        if role in (_DISPLAY, _TIP):
            return (pair.mentor.name, pair.mentee_names, pair.form_name,
                    *_figures(pair))[column]
        return None

    @staticmethod
    def _sort_key(pair: PairFigures, column: int) -> Any:
        keys: tuple[Any, ...] = (
            pair.mentor.name.casefold(), pair.mentee_names.casefold(), pair.form_name,
            pair.meetings, pair.plan_share if pair.plan_share is not None else -1.0,
            pair.change if pair.change is not None else -99.0,
            pair.satisfaction if pair.satisfaction is not None else -1.0, pair.exit_answered)
        return keys[column]

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or index.column() != self.RESULT:
            return False
        self.set_results([index.row()], str(value or ""))
        return True

    def set_results(self, rows: Sequence[int], text: str, *, only_empty: bool = False) -> int:
        """The same result for many pairs at once; how many were written."""
        text = " ".join(text.split())
        written = []
        self.last_results = {}
        for row in rows:
            pair_id = self.rows[row].pair_id
            if only_empty and self.state.results.get(pair_id, "").strip():
                continue
            self.last_results[pair_id] = self.state.results.get(pair_id, "")
            self.state.results[pair_id] = text
            written.append(row)
        self._emit(written)
        return len(written)

    def undo(self) -> int:
        """The results as they were before the last change; how many came back."""
        back, self.last_results = self.last_results, {}
        self.state.results.update(back)
        self._emit([n for n, pair in enumerate(self.rows) if pair.pair_id in back])
        return len(back)

    def _emit(self, written: list[int]) -> None:
        if written:
            self.dataChanged.emit(self.index(min(written), self.RESULT),
                                  self.index(max(written), self.RESULT))
            self.changed.emit()

    def without_result(self) -> int:
        return sum(not self.state.results.get(p.pair_id, "").strip() for p in self.rows)


class ResultsFilter(QSortFilterProxyModel):
    """The pairs of a form, with a name typed in the search, or only those without a result."""

    def __init__(self, model: ResultsModel) -> None:
        super().__init__(model)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.results = model
        self.form = ""
        self.needle = ""
        self.empty_only = False

    def set_filter(self, *, form: str, text: str, empty_only: bool) -> None:
        self.form, self.needle, self.empty_only = form, text.strip().casefold(), empty_only
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        pair = self.results.rows[row]
        if self.form and pair.form_name != self.form:
            return False
        if self.empty_only and self.results.state.results.get(pair.pair_id, "").strip():
            return False
        return not self.needle or self.needle in (
            f"{pair.mentor.name} {pair.mentee_names}".casefold())


class RankingModel(HeadedTableModel):
    """Candidates in the curator's order: the first `count()` are awarded (in bold)."""

    moved = Signal()

    def __init__(self, order: list[int], count: Callable[[], int],
                 suggested: Sequence[int], parent: Any = None) -> None:
        super().__init__(parent)
        self.order = order
        self._count = count
        self._suggested = {item: n for n, item in enumerate(suggested, start=1)}

    def row_total(self) -> int:
        return len(self.order)

    def cells(self, item: int) -> tuple[str, ...]:
        raise NotImplementedError

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        item = self.order[index.row()]
        column = index.column()
        if role == _FONT and index.row() < self._count():
            return _bold()
        if role not in (_DISPLAY, _TIP):
            return None
        if column == 0:
            return str(index.row() + 1)
        if column == 1:
            awarded = index.row() < self._count()
            return "грамота" if awarded else ""
        if column == len(self.headers()) - 1:
            return str(self._suggested.get(item, ""))
        return self.cells(item)[column - 2]

    def move(self, rows: Sequence[int], step: int) -> list[int]:
        """Move the rows one place up (-1) or down (+1) together; their new rows."""
        rows = sorted(rows, reverse=step > 0)
        if not rows or min(rows) + step < 0 or max(rows) + step >= len(self.order):
            return list(rows)
        for row in rows:
            self.order[row], self.order[row + step] = self.order[row + step], self.order[row]
        self.refresh()
        return sorted(row + step for row in rows)

    # --- dragging rows to another place ------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled
        return flags if index.isValid() else flags | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({index.row() for index in indexes})
        data.setData(ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        """The dragged rows placed before `row` (or the row dropped on); False, so that the
        view removes nothing: the rows are moved here."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(ROWS_MIME):
            return False
        text = bytes(data.data(ROWS_MIME).data()).decode()
        rows = [int(part) for part in text.split(",") if part.isdigit()]
        target = row if row >= 0 else parent.row() if parent.isValid() else len(self.order)
        self.place(rows, target)
        return False

    def place(self, rows: Sequence[int], target: int) -> None:
        """Put the items of `rows` (in their order) before the item now at `target`."""
        moving = [self.order[r] for r in sorted(set(rows)) if 0 <= r < len(self.order)]
        if not moving:
            return
        before = sum(1 for r in set(rows) if r < target)
        rest = [item for item in self.order if item not in moving]
        at = max(0, min(target - before, len(rest)))
        self.order[:] = rest[:at] + moving + rest[at:]
        self.refresh()

    def restore(self, suggested: Sequence[int]) -> None:
        self.order[:] = list(suggested)
        self.refresh()

    def refresh(self) -> None:
        if self.order:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.order) - 1, len(self.headers()) - 1))
        self.moved.emit()


class PairRankingModel(RankingModel):
    HEADERS = ("№", "Награда", "Наставник", "Наставляемые", "Форма", "Встреч", "План", "Рост",
               "Удовл.", "Балл", "По баллу")

    def __init__(self, state: Stage7State, parent: Any = None) -> None:
        super().__init__(state.pair_order, lambda: state.best_pairs_count,
                         state.data.ranked_pairs, parent)
        self.state = state

    def cells(self, item: int) -> tuple[str, ...]:
        pair = self.state.data.pair(item)
        return (pair.mentor.name, pair.mentee_names, pair.form_name, str(pair.meetings),
                pair.plan_text, pair.change_text, pair.satisfaction_text,
                score_label(pair.score))


class MentorRankingModel(RankingModel):
    HEADERS = ("№", "Награда", "Наставник", "Пар", "Встреч", "План", "Рост", "Удовл.", "Балл",
               "По баллу")

    def __init__(self, state: Stage7State, parent: Any = None) -> None:
        super().__init__(state.mentor_order, lambda: state.best_mentors_count,
                         [m.person_id for m in state.data.mentors], parent)
        self.state = state

    def cells(self, item: int) -> tuple[str, ...]:
        mentor: MentorFigures = self.state.data.mentor(item)
        return (mentor.name, str(len(mentor.pair_ids)), str(mentor.meetings), mentor.plan_text,
                change_text(mentor.change), score_text(mentor.satisfaction),
                score_label(mentor.score))


ROLE_MENTOR = "наставник"
ROLE_MENTEE = "наставляемый"


class AwardsModel(HeadedTableModel):
    """A row a participant, a column per nomination ticked where he receives it."""

    FIRST = 2
    changed = Signal()

    def __init__(self, state: Stage7State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[Participant] = list(state.data.participants())
        self._defaults: set[tuple[int, AwardNomination]] = set()
        self.reload()

    def headers(self) -> Sequence[str]:
        return ("Участник", "Роль", *(NOMINATION_HEADERS[n] for n in NOMINATIONS))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == _TIP and section >= self.FIRST:
            return capitalised(AWARD_NOMINATION_LABELS[NOMINATIONS[section - self.FIRST]])
        return super().headerData(section, orientation, role)

    def reload(self) -> None:
        """The defaults again (the best were chosen anew)."""
        self.beginResetModel()
        self._defaults = {(r.person_id, r.nomination) for r in self.state.default_requests()}
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() >= self.FIRST else flags

    def gets(self, row: int, nomination: AwardNomination) -> bool:
        return self.state.gets(self.rows[row].person_id, nomination, self._defaults)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        person = self.rows[index.row()]
        column = index.column()
        if column >= self.FIRST:
            nomination = NOMINATIONS[column - self.FIRST]
            if role == _CHECK:
                return _checked(self.gets(index.row(), nomination))
            if role == _TIP:
                return capitalised(AWARD_NOMINATION_LABELS[nomination])
            if role == SORT_ROLE:
                return int(self.gets(index.row(), nomination))
            return None
        if role in (_DISPLAY, _TIP, SORT_ROLE):
            text = person.name if column == 0 else (ROLE_MENTOR if person.is_mentor
                                                    else ROLE_MENTEE)
            return text.casefold() if role == SORT_ROLE else text
        return None

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if role != _CHECK or index.column() < self.FIRST:
            return False
        self.set_award([index.row()], NOMINATIONS[index.column() - self.FIRST],
                       _is_checked(value))
        return True

    def set_award(self, rows: Sequence[int], nomination: AwardNomination, on: bool) -> None:
        """Give (or not) the award to the participants of `rows` at once."""
        if not rows:
            return
        self.state.set_award([self.rows[r].person_id for r in rows], nomination, on)
        column = self.FIRST + NOMINATIONS.index(nomination)
        self.dataChanged.emit(self.index(min(rows), column), self.index(max(rows), column))
        self.changed.emit()


class AwardsFilter(QSortFilterProxyModel):
    """Mentors or mentees, with a name typed in the search."""

    def __init__(self, model: AwardsModel) -> None:
        super().__init__(model)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.awards = model
        self.role = ""
        self.needle = ""

    def set_filter(self, *, role: str, text: str) -> None:
        self.role, self.needle = role, text.strip().casefold()
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        person = self.awards.rows[row]
        if self.role and (ROLE_MENTOR if person.is_mentor else ROLE_MENTEE) != self.role:
            return False
        return not self.needle or self.needle in person.name.casefold()


class CasesModel(HeadedTableModel):
    """The pairs in the order of the ranking: a tick makes its work a case, with a title."""

    HEADERS = ("Пара или группа", "Форма", "Балл", "Название кейса")
    TITLE = 3
    changed = Signal()

    def __init__(self, state: Stage7State, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[PairFigures] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [self.state.data.pair(pid) for pid in self.state.pair_order]
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        pair = self.rows[index.row()]
        if index.column() == 0:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.TITLE and pair.pair_id in self.state.cases:
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        pair = self.rows[index.row()]
        column = index.column()
        ticked = pair.pair_id in self.state.cases
        if role == _CHECK and column == 0:
            return _checked(ticked)
        if role not in (_DISPLAY, _EDIT, _TIP):
            return None
        if column == 0:
            label = pair.short_label
            if role == _TIP:
                label = f"{pair.mentor.name} — {pair.mentee_names}"
            if pair.pair_id in self.state.data.cased_pairs and role == _TIP:
                return label + " (кейс этой пары уже есть в сборнике)"
            return label
        if column == 1:
            return pair.form_name
        if column == 2:
            return score_label(pair.score)
        if not ticked:
            return "" if role != _TIP else "Отметьте пару, чтобы её опыт стал кейсом"
        return self.state.cases[pair.pair_id]

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        pair = self.rows[index.row()]
        if role == _CHECK and index.column() == 0:
            self.tick([index.row()], _is_checked(value))
            return True
        if role == _EDIT and index.column() == self.TITLE and pair.pair_id in self.state.cases:
            self.state.cases[pair.pair_id] = " ".join(str(value or "").split())
            self.dataChanged.emit(index, index)
            self.changed.emit()
            return True
        return False

    def tick(self, rows: Sequence[int], on: bool) -> None:
        for row in rows:
            pair = self.rows[row]
            if on:
                self.state.cases.setdefault(pair.pair_id, self.state.case_title(pair))
            else:
                self.state.cases.pop(pair.pair_id, None)
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.TITLE))
            self.changed.emit()
