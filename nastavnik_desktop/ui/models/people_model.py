"""A base of mentees or mentors as a table, filtered and sorted on keys computed once per load.

No QSortFilterProxyModel: its comparisons call `data()` for every row and take seconds on a
base of thousands (design.md, pitfalls). The model keeps all rows, the order of the sorted
column, and the visible subset; a search keystroke or a filter change rebuilds the visible list
from precomputed keys and emits one layout change, so the view keeps the selection of the rows
that stay.

A base read again is taken in place: when the same people come in the same order, the rows
that changed get new keys and are repainted with `dataChanged`, unless one of them changes its
place or how it passes the filters; then, as for people added or gone, one layout change moves
the rows. The selection and the scroll position stay (`beginResetModel` only for the first
load).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.people import BaseKind, BaseRow, ConsentState, MentorRow
from nastavnik_desktop.text import alphabetical_key, class_sort_key, format_date, ru_plural

COL_NAME = 0
COL_PLACE = 1
COL_AGE = 2
COL_CATEGORY = 3
COL_FORM = 4
COL_TOPICS = 5
COL_CONSENT = 6
COL_STATUS = 7
COL_PARTNERS = 8

_COMMON_HEADERS = ("ФИО", "Класс / должность", "Возраст", "Категория", "Форма")
HEADERS: dict[BaseKind, tuple[str, ...]] = {
    BaseKind.MENTEES: (*_COMMON_HEADERS, "Запросы", "Согласие на ПД", "Статус", "Наставник"),
    BaseKind.MENTORS: (*_COMMON_HEADERS, "Компетенции", "Согласие на ПД", "Статус",
                       "Наставляемые"),
}

WARNING_BACKGROUND = QColor("#fde4e2")
NO_PARTNER = "—"
INACTIVE_STATUSES = frozenset({"finished", "left", "rejected"})
"""Statuses of people no longer in the work: drawn in the muted colour."""

PersonIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ConsentFilter(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    PARENT_MISSING = "parent_missing"


CONSENT_FILTER_LABELS: dict[ConsentFilter, str] = {
    ConsentFilter.PRESENT: "согласие есть",
    ConsentFilter.MISSING: "согласия нет",
    ConsentFilter.PARENT_MISSING: "нет согласия родителя",
}


@dataclass(frozen=True)
class PeopleFilter:
    """What the filter combos ask for; None means «все»."""

    class_name: str | None = None
    category: PersonCategory | None = None
    form_id: int | None = None
    request_id: int | None = None
    status: str | None = None
    consent: ConsentFilter | None = None
    without_pair: bool = False


def search_words(text: str) -> tuple[str, ...]:
    return tuple(alphabetical_key(text).split())


class PeopleTableModel(QAbstractTableModel):
    """The rows of one base; `rowCount()` counts the rows that pass the search and filters."""

    def __init__(self, kind: BaseKind, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._headers = HEADERS[kind]
        self._rows: list[BaseRow] = []
        self._visible: list[int] = []
        self._sorted: list[int] = []
        self._by_name: list[int] = []
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_keys: dict[int, list[Any]] = {}
        self._words: tuple[str, ...] = ()
        self._filter = PeopleFilter()
        # the keys filters compare, one per row, computed in set_rows()
        self._search_keys: list[str] = []
        self._form_sets: list[frozenset[int]] = []
        self._request_sets: list[frozenset[int]] = []
        self._status_sets: list[frozenset[str]] = []

    # --- data ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[BaseRow]) -> bool:
        """Show a freshly read base; the search, filters, sort column, selection and scroll
        position stay. Returns True when the model was reset (the first load): the view's
        selection is gone then."""
        rows = list(rows)
        if not self._rows:
            self.beginResetModel()
            self._take(rows)
            self.endResetModel()
            return True
        if [row.person_id for row in rows] != [row.person_id for row in self._rows]:
            self._relayout(lambda: self._take(rows))
            return False
        changed = [i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True))
                   if old != new]
        if not changed:
            return False
        if any(self._moves(i, rows[i]) for i in changed):
            self._relayout(lambda: self._take(rows))
            return False
        for i in changed:
            self._rows[i] = rows[i]
            self._set_keys(i)
        position = {base_row: view_row for view_row, base_row in enumerate(self._visible)}
        last = self.columnCount() - 1
        for i in changed:
            if i in position:
                self.dataChanged.emit(self.index(position[i], 0),
                                      self.index(position[i], last))
        return False

    def update_rows(self, rows: Sequence[BaseRow], gone: Sequence[int] = ()) -> None:
        """Put in the rows of a few people read again (a new person comes in, `gone` people
        leave); the other rows stay as they are."""
        fresh = {row.person_id: row for row in rows}
        left = set(gone) - fresh.keys()
        kept = [fresh.pop(row.person_id, row) for row in self._rows
                if row.person_id not in left]
        self.set_rows([*kept, *fresh.values()])

    def _take(self, rows: list[BaseRow]) -> None:
        """Make `rows` the model's rows: the keys, the orders and the visible list."""
        self._rows = rows
        self._search_keys = [""] * len(rows)
        self._form_sets = [frozenset()] * len(rows)
        self._request_sets = [frozenset()] * len(rows)
        self._status_sets = [frozenset()] * len(rows)
        self._sort_keys = {}
        for i in range(len(rows)):
            self._set_keys(i)
        self._by_name = sorted(range(len(rows)), key=self._column_keys(COL_NAME).__getitem__)
        self._sorted = self._ordered(self._sort_column, self._sort_order)
        self._visible = self._filtered()

    def _set_keys(self, i: int) -> None:
        """The filter and sort keys of row `i` (the sort keys of the columns sorted so far)."""
        row = self._rows[i]
        self._search_keys[i] = alphabetical_key(f"{row.full_name} {row.place}")
        self._form_sets[i] = frozenset(row.form_ids)
        self._request_sets[i] = frozenset(row.request_ids)
        self._status_sets[i] = frozenset(row.statuses)
        for column, keys in self._sort_keys.items():
            keys[i] = _sort_key(row, column)

    def _moves(self, i: int, new: BaseRow) -> bool:
        """Whether row `i` replaced by `new` would change place or pass the filters otherwise."""
        old = self._rows[i]
        for column in {COL_NAME, self._sort_column}:
            if _sort_key(old, column) != _sort_key(new, column):
                return True
        return self._accepts(old, self._search_keys[i]) != self._accepts(
            new, alphabetical_key(f"{new.full_name} {new.place}"))

    def _accepts(self, row: BaseRow, search_key: str) -> bool:
        """Whether `row` passes the search and the filters (one row; `_filtered` does many)."""
        f = self._filter
        return (all(word in search_key for word in self._words)
                and (f.class_name is None or row.class_name == f.class_name)
                and (f.category is None or row.category is f.category)
                and (f.form_id is None or f.form_id in row.form_ids)
                and (f.request_id is None or f.request_id in row.request_ids)
                and (f.status is None or f.status in row.statuses)
                and (f.consent is None or _consent_passes(row, f.consent))
                and not (f.without_pair and row.partners))

    def rows(self) -> list[BaseRow]:
        """Every row of the base, shown or not."""
        return list(self._rows)

    def visible_rows(self) -> list[BaseRow]:
        return [self._rows[i] for i in self._visible]

    def row_at(self, row: int) -> BaseRow:
        """The base row shown at view row `row`."""
        return self._rows[self._visible[row]]

    def view_row_of(self, person_id: int) -> int:
        """The view row of the person, or -1 when he is not shown."""
        return next((view_row for view_row, i in enumerate(self._visible)
                     if self._rows[i].person_id == person_id), -1)

    def total_count(self) -> int:
        return len(self._rows)

    # --- search, filters, sorting ----------------------------------------------------------

    def set_search(self, text: str) -> None:
        words = search_words(text)
        if words != self._words:
            self._words = words
            self._relayout(self._refilter)

    def set_filter(self, people_filter: PeopleFilter) -> None:
        if people_filter != self._filter:
            self._filter = people_filter
            self._relayout(self._refilter)

    def people_filter(self) -> PeopleFilter:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return

        def resort() -> None:
            self._sort_column, self._sort_order = column, order
            self._sorted = self._ordered(column, order)
            self._refilter()

        self._relayout(resort)

    def _refilter(self) -> None:
        self._visible = self._filtered()

    def _ordered(self, column: int, order: Qt.SortOrder) -> list[int]:
        """All rows in the order of `column`; ties keep the order of names (a stable sort)."""
        keys = self._column_keys(column)
        return sorted(self._by_name, key=keys.__getitem__,
                      reverse=order is Qt.SortOrder.DescendingOrder)

    def _column_keys(self, column: int) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = [_sort_key(row, column) for row in self._rows]
            self._sort_keys[column] = keys
        return keys

    def _filtered(self) -> list[int]:
        rows = self._sorted
        for word in self._words:
            keys = self._search_keys
            rows = [i for i in rows if word in keys[i]]
        for accepts in self._filter_checks():
            rows = [i for i in rows if accepts(i)]
        return rows

    def _filter_checks(self) -> list[Callable[[int], bool]]:
        f, rows = self._filter, self._rows
        checks: list[Callable[[int], bool]] = []
        if f.class_name is not None:
            class_name = f.class_name
            checks.append(lambda i: rows[i].class_name == class_name)
        if f.category is not None:
            category = f.category
            checks.append(lambda i: rows[i].category is category)
        if f.form_id is not None:
            form_id, forms = f.form_id, self._form_sets
            checks.append(lambda i: form_id in forms[i])
        if f.request_id is not None:
            request_id, requests = f.request_id, self._request_sets
            checks.append(lambda i: request_id in requests[i])
        if f.status is not None:
            status, statuses = f.status, self._status_sets
            checks.append(lambda i: status in statuses[i])
        if f.consent is not None:
            consent = f.consent
            checks.append(lambda i: _consent_passes(rows[i], consent))
        if f.without_pair:
            checks.append(lambda i: not rows[i].partners)
        return checks

    def _relayout(self, change: Callable[[], object]) -> None:
        """Make `change` (new rows, a new order or visible list) as one layout change: the
        persistent indexes — the selection, the current row — follow their people."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        people = [self._rows[self._visible[index.row()]].person_id for index in old]
        change()
        position = {self._rows[base_row].person_id: view_row
                    for view_row, base_row in enumerate(self._visible)}
        new = [self.index(position[person], index.column()) if person in position
               else QModelIndex() for person, index in zip(people, old, strict=True)]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.ToolTipRole):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_CONSENT \
                and row.needs_parent_consent:
            return WARNING_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and _inactive(row):
            return QApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_AGE:
            return Qt.AlignmentFlag.AlignCenter
        if role == PersonIdRole:
            return row.person_id
        return None


def _consent_passes(row: BaseRow, wanted: ConsentFilter) -> bool:
    if wanted is ConsentFilter.PRESENT:
        return row.consent.present
    if wanted is ConsentFilter.MISSING:
        return not row.consent.present
    return row.needs_parent_consent


def _inactive(row: BaseRow) -> bool:
    return bool(row.statuses) and INACTIVE_STATUSES.issuperset(row.statuses)


def _text(row: BaseRow, column: int) -> str:
    if column == COL_NAME:
        return row.full_name
    if column == COL_PLACE:
        return row.place
    if column == COL_AGE:
        return "" if row.age is None else str(row.age)
    if column == COL_CATEGORY:
        return row.category_label
    if column == COL_FORM:
        return ", ".join(row.forms)
    if column == COL_TOPICS:
        return row.topics
    if column == COL_CONSENT:
        return row.consent_label
    if column == COL_STATUS:
        return row.status_label
    return ", ".join(row.partners) or NO_PARTNER


def _tooltip(row: BaseRow, column: int) -> str:
    if column == COL_NAME:
        lines = [row.full_name, row.category_label]
        if row.birth_date:
            age = row.age or 0
            lines.append(f"Дата рождения: {format_date(row.birth_date)} "
                         f"({age} {ru_plural(age, 'год', 'года', 'лет')})")
        if row.phone or row.email:
            lines.append("Контакты: " + ", ".join(p for p in (row.phone, row.email) if p))
        if row.parent_name or row.parent_phone:
            lines.append("Родитель: " + ", ".join(p for p in (row.parent_name,
                                                                row.parent_phone) if p))
        if row.entered_on:
            lines.append(f"В программе с {format_date(row.entered_on)}")
        return "\n".join(lines)
    if column == COL_PLACE:
        return row.place_details
    if column == COL_AGE:
        return f"Дата рождения: {format_date(row.birth_date)}" if row.birth_date else \
            "Дата рождения не указана"
    if column == COL_TOPICS:
        if isinstance(row, MentorRow) and row.requests:
            return f"{row.topics}\nПомогает с запросами: {', '.join(row.requests)}"
        return "\n".join(row.requests) or row.topics
    if column == COL_CONSENT:
        return _consent_tooltip(row)
    if column == COL_PARTNERS:
        return "\n".join(row.partners) or "Пары пока нет"
    return _text(row, column)


def _consent_tooltip(row: BaseRow) -> str:
    when = f" от {format_date(row.consent_given_on)}" if row.consent_given_on else ""
    if row.consent is ConsentState.BY_PARENT:
        return f"Согласие родителя (законного представителя){when}"
    if row.consent is ConsentState.GIVEN:
        return f"Согласие на обработку персональных данных{when}"
    if row.consent is ConsentState.REVOKED:
        return f"Согласие{when} отозвано"
    if row.consent is ConsentState.PARENT_MISSING:
        return ("Несовершеннолетний: нужно письменное согласие родителя (законного "
                "представителя) на обработку персональных данных")
    return "Согласие на обработку персональных данных не получено"


_CONSENT_ORDER = {state: n for n, state in enumerate(ConsentState)}


def _sort_key(row: BaseRow, column: int) -> Any:
    """What `column` sorts by: classes naturally, ages by birth date, empty cells last."""
    if column == COL_NAME:
        return alphabetical_key(row.full_name)
    if column == COL_PLACE:
        return class_sort_key(row.place)
    if column == COL_AGE:
        return (1, 0) if row.birth_date is None else (0, -row.birth_date.toordinal())
    if column == COL_STATUS:
        return row.status_rank
    if column == COL_CONSENT:
        return _CONSENT_ORDER[row.consent]
    text = alphabetical_key(_text(row, column)) if column != COL_PARTNERS else \
        alphabetical_key(", ".join(row.partners))
    return (text == "", text)
