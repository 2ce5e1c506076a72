"""Stage 2 «Формирование базы наставляемых» as a wizard over services/stages/stage2.py.

Four pages: the informing events; picking pupils and young specialists into the mentee base;
requests and consents of everyone in the base (a table with a side editor, and changes applied
to all selected rows at once — a base has hundreds of people); the result, read with the
stages' own rules from what «Готово» will save. Nothing is written before «Готово», which calls
`complete_stage2` once.

The picker of people, the base table and the page base class are shared with the stage 3
wizard.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, RequestAudience
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import people as people_service
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.people import ConsentInfo
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.choices import PersonChoice, RequestOption, request_audience
from nastavnik_desktop.services.stages.stage2 import (
    DEFAULT_AUDIENCES,
    INFORMING_KINDS,
    MAX_ATTENDED,
    InformingEvent,
    MenteeEntry,
    Stage2Data,
    Stage2Start,
)
from nastavnik_desktop.text import alphabetical_key, class_sort_key, count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.wizards.pages import HINT_STYLE, ChecklistPage

WIZARD_TITLE = "Этап 2. Формирование базы наставляемых"
WIZARD_SIZE = (1000, 700)
DATE_FORMAT = "dd.MM.yyyy"
LIST_LIMIT = 30
"""How many names the summary lists before «и ещё N»."""

_WARNING_COLOUR = QColor("#b3261e")
_Index = QModelIndex | QPersistentModelIndex
_E = TypeVar("_E")

ALL_CLASSES = "Все классы"
SENIOR_CLASSES = "Старшие классы (8–11)"
GIVERS: dict[ConsentGiver, str] = {
    ConsentGiver.SELF: "сам(а)",
    ConsentGiver.PARENT: "родитель",
    ConsentGiver.GUARDIAN: "законный представитель",
}


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_text(day: dt.date | None) -> str:
    return format_date(day)


def set_wizard_buttons(wizard: QWizard) -> None:
    """Russian buttons and the common look of the stage wizards."""
    wizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
    wizard.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
    for button, text in ((QWizard.WizardButton.BackButton, "< &Назад"),
                         (QWizard.WizardButton.NextButton, "&Далее >"),
                         (QWizard.WizardButton.FinishButton, "&Готово"),
                         (QWizard.WizardButton.CancelButton, "Отмена")):
        wizard.setButtonText(button, text)
    wizard.resize(*WIZARD_SIZE)
    wizard.setMinimumSize(900, 620)


def confirm_close(wizard: QWizard, title: str) -> bool:
    """Ask before throwing away the work of several pages."""
    return wizard.currentId() <= 0 or not wizard.isVisible() or messages.confirm(
        wizard, "Закрыть мастер? Введённые данные не будут сохранены.", title=title,
        accept_text="Закрыть", reject_text="Продолжить")


# --- the base of the pages -----------------------------------------------------------------


class StagePage(ChecklistPage):
    """A page of the stage 2 and 3 wizards: long lists of problems are cut short."""

    max_problems_shown = 4


def table_beside_editor(filters: QHBoxLayout, view: QTableView, count_label: QLabel,
                        editor: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """The base on the left (filters, table, count) and the selected row's editor on the
    right, sharing the width in proportion to `sizes`."""
    table_column = QWidget()
    left = QVBoxLayout(table_column)
    left.setContentsMargins(0, 0, 6, 0)
    left.addLayout(filters)
    left.addWidget(view, 1)
    left.addWidget(count_label)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(table_column)
    splitter.addWidget(editor)
    for index, size in enumerate(sizes):
        splitter.setStretchFactor(index, size)
    splitter.setSizes(list(sizes))
    return splitter


def table_view(model: Any, *, multi: bool = False) -> QTableView:
    """A read-only table in the wizards' style: whole rows, compact, no row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def size_columns(view: QTableView, widths: Sequence[int | None]) -> None:
    """Widths in average characters; None stretches the column."""
    header = view.horizontalHeader()
    char = view.fontMetrics().averageCharWidth()
    for column, width in enumerate(widths):
        if width is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width * char + 16)


def selected_source_rows(view: QTableView) -> list[int]:
    """The selected rows of `view` in its source model, in order."""
    model = view.model()
    rows = view.selectionModel().selectedRows()
    if isinstance(model, QSortFilterProxyModel):
        rows = [model.mapToSource(index) for index in rows]
    return sorted(index.row() for index in rows)


# --- a table of simple rows ----------------------------------------------------------------------


class RowsModel(QAbstractTableModel, Generic[_E]):
    """A read-only table of `entries`, each column a header and a function of an entry."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[_E], str]]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._entries: list[_E] = []

    def entries(self) -> list[_E]:
        return list(self._entries)

    def entry(self, row: int) -> _E:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](entry)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(entry, index.column())
        return None

    def foreground(self, entry: _E, column: int) -> QColor | None:
        return None

    def set_entries(self, entries: Iterable[_E]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def update(self, row: int, entry: _E) -> None:
        self._entries[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def refresh(self) -> None:
        """Show again what the column functions say (what they read has changed)."""
        if self._entries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._entries) - 1, self.columnCount() - 1))

    def remove_rows(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()


class RowsFilter(QSortFilterProxyModel):
    """Shows the rows of a `RowsModel` for which `accepts(entry)` holds."""

    def __init__(self, source: RowsModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self._accepts: Callable[[Any], bool] = lambda _entry: True

    def set_accepts(self, accepts: Callable[[Any], bool]) -> None:
        self._accepts = accepts
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self._accepts(self._source.entry(source_row))


# --- picking people ------------------------------------------------------------------------------


class PeoplePicker(QWidget):
    """A searchable list of people with a class filter, multi-select and a form for them;
    «Добавить» asks the page to put the selected people into its base.

    `in_base(person_id)` says in which forms a person already is (shown, not hidden)."""

    add_requested = Signal(list, object)
    """(people, form id)"""

    def __init__(self, people: Sequence[PersonChoice], forms: Sequence[FormOption],
                 default_form: int | None, in_base: Callable[[int], str], *,
                 detail: tuple[str, Callable[[PersonChoice], str]] | None = None,
                 detail_width: int = 8, classes: bool = False, senior: bool = False,
                 young_filter: bool = False, today: dt.date | None = None) -> None:
        super().__init__()
        self._people = list(people)
        self._in_base = in_base
        self._today = today or dt.date.today()
        columns: list[tuple[str, Callable[[PersonChoice], str]]] = [
            ("ФИО", lambda p: p.full_name),
            ("Класс" if classes else "Должность / место", lambda p: p.place)]
        if detail is not None:
            columns.append(detail)
        columns.append(("В базе", lambda p: self._in_base(p.id)))
        self.model = _PickerModel(columns, self)
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, [30, 12 if classes else 26,
                                 *([detail_width] if detail else []), None])
        self.view.doubleClicked.connect(lambda _index: self.add_selected())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии, имени, классу или должности")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        filters = QHBoxLayout()
        self.class_combo: QComboBox | None = None
        if classes:
            self.class_combo = QComboBox()
            self.class_combo.addItem(ALL_CLASSES, None)
            if senior:
                self.class_combo.addItem(SENIOR_CLASSES, "senior")
            for name in sorted({p.class_name for p in people if p.class_name},
                               key=class_sort_key):
                self.class_combo.addItem(f"{name} класс", name)
            self.class_combo.setCurrentIndex(1 if senior else 0)
            self.class_combo.currentIndexChanged.connect(self._filter)
            filters.addWidget(self.class_combo)
        self.young_only: QCheckBox | None = None
        if young_filter:
            self.young_only = QCheckBox("только молодые специалисты (стаж до 3 лет)")
            self.young_only.setChecked(any(p.is_young_specialist for p in people))
            self.young_only.toggled.connect(self._filter)
        filters.addWidget(self.search, 1)

        self.form_combo = form_combo(forms, default_form)
        self.add_button = QPushButton("&Добавить выделенных →")
        self.add_button.clicked.connect(self.add_selected)
        self.class_button = QPushButton("Добавить &весь класс")
        self.class_button.setToolTip("Добавить всех обучающихся класса, выбранного в фильтре")
        self.class_button.clicked.connect(self.add_whole_class)
        self.class_button.setVisible(classes)
        self.count_label = style.secondary()
        buttons = QHBoxLayout()
        form_label = QLabel("&Форма:")
        form_label.setBuddy(self.form_combo)
        buttons.addWidget(form_label)
        buttons.addWidget(self.form_combo, 1)
        buttons.addWidget(self.class_button)
        buttons.addWidget(self.add_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(filters)
        if self.young_only is not None:
            column.addWidget(self.young_only)
        column.addWidget(self.view, 1)
        column.addWidget(self.count_label)
        column.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._filter()

    def visible_people(self) -> list[PersonChoice]:
        return self.model.entries()

    def chosen_class(self) -> str | None:
        return None if self.class_combo is None else self.class_combo.currentData()

    def _filter(self) -> None:
        words = alphabetical_key(self.search.text()).split()
        chosen = self.chosen_class()
        young = self.young_only is not None and self.young_only.isChecked()

        def shown(person: PersonChoice) -> bool:
            if chosen == "senior" and (person.grade or 0) < 8:
                return False
            if chosen not in (None, "senior") and person.class_name != chosen:
                return False
            if young and not person.is_young_specialist:
                return False
            key = person.search_key
            return all(word in key for word in words)

        self.model.set_entries(p for p in self._people if shown(p))
        total = len(self._people)
        self.count_label.setText(f"Показано {self.model.rowCount()} из {total}" if total
                                 else "В базе школы пока нет таких людей.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.view.selectionModel().hasSelection()
                                   and self.form_combo.count() > 0)
        chosen = self.chosen_class()
        self.class_button.setEnabled(chosen not in (None, "senior")
                                     and self.form_combo.count() > 0)

    def refresh(self) -> None:
        self.model.refresh()

    def select_people(self, person_ids: Iterable[int]) -> None:
        wanted = set(person_ids)
        self.view.clearSelection()
        for row, person in enumerate(self.model.entries()):
            if person.id in wanted:
                self.view.selectionModel().select(
                    self.model.index(row, 0),
                    self.view.selectionModel().SelectionFlag.Select
                    | self.view.selectionModel().SelectionFlag.Rows)

    def add_selected(self) -> None:
        rows = selected_source_rows(self.view)
        if rows:
            self.add_requested.emit([self.model.entry(r) for r in rows],
                                    self.form_combo.currentData())

    def add_whole_class(self) -> None:
        if self.chosen_class() not in (None, "senior"):
            self.add_requested.emit(self.model.entries(), self.form_combo.currentData())


class _PickerModel(RowsModel[PersonChoice]):
    pass


def form_combo(forms: Sequence[FormOption], current: int | None) -> QComboBox:
    combo = QComboBox()
    for form in forms:
        combo.addItem(form.name, form.id)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def default_form(forms: Sequence[FormOption], *, teachers: bool) -> int | None:
    """The programme's form for teachers, or its first form for pupils."""
    fitting = [f for f in forms if f.for_teachers == teachers] or list(forms)
    return fitting[0].id if fitting else None


class CheckList(QListView):
    """Checkable reference items (mentee requests); `changed` when the curator ticks one."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self._loading = False
        self.items.itemChanged.connect(self._on_changed)

    def set_options(self, options: Sequence[RequestOption], checked: Iterable[int]) -> None:
        ticked = set(checked)
        self._loading = True
        self.items.clear()
        for option in options:
            item = QStandardItem(option.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setToolTip(option.name)
            item.setData(option.id, Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if option.id in ticked
                               else Qt.CheckState.Unchecked)
            self.items.appendRow(item)
        self._loading = False

    def checked(self) -> tuple[int, ...]:
        return tuple(int(self.items.item(row).data(Qt.ItemDataRole.UserRole))
                     for row in range(self.items.rowCount())
                     if self.items.item(row).checkState() == Qt.CheckState.Checked)

    def set_checked(self, request_id: int, checked: bool) -> None:
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == request_id:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)

    def _on_changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.changed.emit()


# --- the mentee base, shared by the pages ------------------------------------------------------


class MenteeBase(RowsModel[MenteeEntry]):
    """The mentee base as the wizard holds it, with the consents of its people."""

    COL_NAME, COL_PLACE, COL_FORM, COL_REQUESTS, COL_CONSENT = range(5)

    def __init__(self, start: Stage2Start, today: dt.date,
                 parent: QObject | None = None) -> None:
        super().__init__((("ФИО", self._name), ("Класс / должность", self._place),
                          ("Форма", self._form), ("Запросы", self._requests),
                          ("Согласие на ОПД", self._consent)), parent)
        self.people = start.people
        self.today = today
        self.paired = start.paired_profiles
        self._forms = {f.id: f.name for f in start.forms}
        self._requests_by_id = {r.id: r for r in start.requests}
        self.consents: dict[int, ConsentInfo | None] = dict(start.data.consents)
        self.set_entries(sorted(start.data.mentees, key=self.sort_key))

    def sort_key(self, entry: MenteeEntry) -> tuple[Any, ...]:
        person = self.people[entry.person_id]
        return (person.category.value != "pupil", class_sort_key(person.class_name),
                person.name_key, self._forms.get(entry.form_id or 0, ""))

    def person(self, entry: MenteeEntry) -> PersonChoice:
        return self.people[entry.person_id]

    def _name(self, entry: MenteeEntry) -> str:
        return self.person(entry).full_name

    def _place(self, entry: MenteeEntry) -> str:
        return self.person(entry).place

    def _form(self, entry: MenteeEntry) -> str:
        return self._forms.get(entry.form_id or 0, "—")

    def _requests(self, entry: MenteeEntry) -> str:
        names = [self._requests_by_id[r].name for r in entry.request_ids
                 if r in self._requests_by_id]
        if entry.requests_note.strip():
            names.append(entry.requests_note.strip())
        return "; ".join(names) or "нет запросов"

    def _consent(self, entry: MenteeEntry) -> str:
        return stage2_service.consent_label(self.person(entry), self.consent(entry.person_id),
                                            self.today)

    def consent(self, person_id: int) -> ConsentInfo | None:
        return self.consents.get(person_id)

    def needs_parent_consent(self, entry: MenteeEntry) -> bool:
        person = self.person(entry)
        return people_service.needs_parent_consent(person.birth_date, person.category,
                                                   self.consent(entry.person_id), self.today)

    def has_consent(self, entry: MenteeEntry) -> bool:
        return stage2_service.has_consent(self.person(entry), self.consent(entry.person_id),
                                          self.today)

    def foreground(self, entry: MenteeEntry, column: int) -> QColor | None:
        if column == self.COL_REQUESTS and not entry.has_requests:
            return _WARNING_COLOUR
        if column == self.COL_CONSENT and not self.has_consent(entry):
            return _WARNING_COLOUR
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() \
                and index.column() == self.COL_NAME \
                and self.needs_parent_consent(self.entry(index.row())):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)

    def forms_of(self, person_id: int) -> str:
        """«в базе: ученик – ученик» for a person in the base, else ''."""
        forms = [self._form(e) for e in self.entries() if e.person_id == person_id]
        return f"✓ {', '.join(forms)}" if forms else ""

    def add_people(self, people: Iterable[PersonChoice], form_id: int | None) -> tuple[int, int]:
        """Put people into the base in `form_id`; returns (added, already there)."""
        present = {(e.person_id, e.form_id) for e in self.entries()}
        new, already = [], 0
        for person in people:
            if (person.id, form_id) in present:
                already += 1
                continue
            present.add((person.id, form_id))
            new.append(MenteeEntry(person.id, form_id))
            self.people.setdefault(person.id, person)
        if new:
            self.set_entries(sorted([*self.entries(), *new], key=self.sort_key))
        return len(new), already

    def merge_saved(self, start: Stage2Start) -> int:
        """Take in profiles saved meanwhile by another unit of work (the import from a table),
        keeping what the curator has entered here; returns how many came in."""
        known = {e.profile_id for e in self.entries() if e.profile_id is not None}
        new = [m for m in start.data.mentees if m.profile_id not in known]
        self.people.update(start.people)
        self._forms.update({f.id: f.name for f in start.forms})
        self._requests_by_id.update({r.id: r for r in start.requests})
        for mentee in new:
            self.consents.setdefault(mentee.person_id, start.data.consents.get(mentee.person_id))
        if new:
            self.set_entries(sorted([*self.entries(), *new], key=self.sort_key))
        return len(new)

    def set_consent(self, person_id: int, info: ConsentInfo | None) -> None:
        self.consents[person_id] = info
        for row, entry in enumerate(self.entries()):
            if entry.person_id == person_id:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_CONSENT))

    def collected(self) -> tuple[tuple[MenteeEntry, ...], dict[int, ConsentInfo | None]]:
        entries = tuple(self.entries())
        people = {e.person_id for e in entries}
        return entries, {p: self.consents.get(p) for p in people}


# --- 1. informing ------------------------------------------------------------------------------


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
            return (event.kind_label, date_text(event.held_on), event.title, event.audience,
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


class InformingPage(StagePage):
    def __init__(self, events: Sequence[InformingEvent], today: dt.date) -> None:
        super().__init__("Информирование",
                         "Родительские собрания, классные часы, педсоветы, на которых "
                         "рассказали о программе наставничества. Вносятся проведённые "
                         "мероприятия; двойной щелчок по ячейке — изменить.")
        self._today = today
        self.model = EventsModel(events, self)
        self.view = table_view(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setItemDelegate(EventDelegate(today, self))
        self.view.verticalHeader().setDefaultSectionSize(QDateEdit().sizeHint().height() + 2)
        size_columns(self.view, [24, 11, None, 28, 15])
        self.add_button = QPushButton("&Добавить мероприятие")
        self.add_button.clicked.connect(self.add_event)
        self.remove_button = QPushButton("&Удалить")
        self.remove_button.clicked.connect(self.remove_selected)
        self.empty = style.secondary("Мероприятий пока нет. Без них пункт «Проведено "
                                     "информирование» этапа останется невыполненным.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        for signal in (self.model.dataChanged, self.model.rowsInserted,
                       self.model.rowsRemoved):
            signal.connect(self.changed)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.model.rowsRemoved.connect(self._update)
        self._update()

    def add_event(self) -> None:
        row = self.model.add(InformingEvent(kind="parents_meeting", held_on=self._today,
                                            audience=DEFAULT_AUDIENCES["parents_meeting"]))
        self.view.selectRow(row)
        self.view.setFocus()

    def remove_selected(self) -> None:
        rows = selected_source_rows(self.view)
        if rows:
            self.model.remove(rows[0])

    def _update(self) -> None:
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())
        self.empty.setVisible(self.model.rowCount() == 0)

    def problems(self) -> list[str]:
        return stage2_service.event_problems(self.model.events(), self._today)


# --- 2. the mentee base --------------------------------------------------------------------------


class BasePanel(QWidget):
    """The base as it stands (some columns), with «Убрать из базы»."""

    def __init__(self, title: str, model: RowsModel[Any], columns: Sequence[int | None],
                 shown: Sequence[int], can_remove: Callable[[Any], bool],
                 removal_refused: str) -> None:
        super().__init__()
        self.model = model
        self.proxy = RowsFilter(model, self)
        self.view = table_view(self.proxy, multi=True)
        for column in range(model.columnCount()):
            self.view.setColumnHidden(column, column not in shown)
        size_columns(self.view, columns)
        self._title = title
        self._can_remove = can_remove
        self._refused = removal_refused
        self.heading = QLabel()
        self.remove_button = QPushButton("&Убрать из базы")
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        for signal in (self.proxy.modelReset, self.proxy.rowsRemoved, self.proxy.rowsInserted,
                       self.proxy.layoutChanged):
            signal.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def show_only(self, accepts: Callable[[Any], bool]) -> None:
        self.proxy.set_accepts(accepts)
        self._update()

    def _update(self) -> None:
        self.heading.setText(f"<b>{html.escape(self._title)}</b>: {self.proxy.rowCount()}")
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    def remove_selected(self) -> None:
        rows = selected_source_rows(self.view)
        blocked = [r for r in rows if not self._can_remove(self.model.entry(r))]
        if blocked:
            messages.show_error(self, self._refused, title="Убрать из базы")
        self.model.remove_rows(r for r in rows if r not in blocked)


class MenteesPage(StagePage):
    def __init__(self, start: Stage2Start, base: MenteeBase, today: dt.date) -> None:
        super().__init__("Наставляемые",
                         "Выберите обучающихся и молодых специалистов и добавьте их в базу "
                         "наставляемых с формой наставничества. Можно выделить несколько "
                         "человек (Ctrl, Shift) или добавить весь класс.")
        self.base = base
        forms = start.forms
        self.pupils = PeoplePicker(
            start.pupils, [f for f in forms if not f.for_teachers] or forms,
            default_form(forms, teachers=False), base.forms_of, classes=True,
            detail=("Возраст", lambda p: _age(p, today)), today=today)
        self.staff = PeoplePicker(
            start.staff, [f for f in forms if f.for_teachers] or forms,
            default_form(forms, teachers=True), base.forms_of, young_filter=True,
            detail=("Стаж", lambda p: "" if p.experience_years is None
                    else str(p.experience_years)), today=today)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pupils, f"Обучающиеся ({len(start.pupils)})")
        self.tabs.addTab(self.staff, f"Педагоги ({len(start.staff)})")
        self.panel = BasePanel(
            "База наставляемых", base, [24, 16, None, None, None],
            (MenteeBase.COL_NAME, MenteeBase.COL_PLACE, MenteeBase.COL_FORM),
            lambda e: e.profile_id not in base.paired,
            "Тех, кто уже в паре или группе, здесь убрать из базы нельзя: сначала "
            "уберите их из пары (раздел «Пары и группы»).")
        self.added = style.secondary()
        self.import_button: QPushButton | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.added, 1)
        layout.addLayout(bottom)
        self._bottom = bottom
        layout.addWidget(self.hint)

        for picker in (self.pupils, self.staff):
            picker.add_requested.connect(self.add_people)
        for signal in (base.modelReset, base.rowsRemoved):
            signal.connect(self._base_changed)

    def offer_import(self, run: Callable[[], object]) -> None:
        """Show «Загрузить из таблицы…», which runs `run` (the import wizard)."""
        self.import_button = QPushButton("Загрузить из &таблицы…")
        self.import_button.setToolTip("Добавить наставляемых из файла Excel или CSV")
        self.import_button.clicked.connect(run)
        self._bottom.addWidget(self.import_button)

    def add_people(self, people: list[PersonChoice], form_id: int | None) -> None:
        added, already = self.base.add_people(people, form_id)
        text = f"Добавлено в базу: {added}."
        if already:
            text += f" Уже были в базе в этой форме: {already}."
        self.added.setText(text)

    def _base_changed(self) -> None:
        self.pupils.refresh()
        self.staff.refresh()
        self.changed()

    def problems(self) -> list[str]:
        if not self.base.rowCount():
            return ["Добавьте в базу хотя бы одного наставляемого."]
        return []


def _age(person: PersonChoice, today: dt.date) -> str:
    age = person.age(today)
    return "" if age is None else str(age)


# --- 3. requests and consents --------------------------------------------------------------------

FILTERS: dict[str, str] = {
    "all": "Все наставляемые",
    "no_requests": "Без запросов",
    "no_consent": "Без согласия на обработку ПДн",
    "parent_missing": "Несовершеннолетние без согласия родителя",
}


class RequestsPage(StagePage):
    """One row per mentee; the side editor changes the current one, the «… выделенным»
    buttons copy its requests or its consent to every selected row."""

    def __init__(self, start: Stage2Start, base: MenteeBase, today: dt.date) -> None:
        super().__init__("Запросы и согласия",
                         "Для каждого наставляемого отметьте ключевые запросы и согласие на "
                         "обработку персональных данных (за несовершеннолетнего — от родителя "
                         "или законного представителя). Выделите несколько строк, чтобы "
                         "применить одно и то же ко всем.")
        self.base = base
        self._today = today
        self._requests = {a: [r for r in start.requests if r.audience is a]
                          for a in RequestAudience}
        self._row: int | None = None
        self._loading = False

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО или классу")
        self.search.setClearButtonEnabled(True)
        self.filter_combo = QComboBox()
        for key, label in FILTERS.items():
            self.filter_combo.addItem(label, key)
        self.search.textChanged.connect(self._filter)
        self.filter_combo.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.filter_combo)

        self.proxy = RowsFilter(base, self)
        self.view = table_view(self.proxy, multi=True)
        self.view.setColumnHidden(MenteeBase.COL_FORM, True)
        size_columns(self.view, [24, 16, 0, None, 17])
        self.count_label = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(table_beside_editor(filters, self.view, self.count_label,
                                             self._build_editor(), (560, 380)), 1)
        layout.addWidget(self.hint)

        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        base.dataChanged.connect(self.changed)
        base.modelReset.connect(self._filter)
        base.rowsRemoved.connect(self._filter)

    def _build_editor(self) -> QWidget:
        self.person_label = QLabel()
        self.person_label.setWordWrap(True)
        self.details_label = style.secondary()

        self.requests = CheckList()
        self.requests.changed.connect(self._edited)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Другой запрос своими словами")
        self.note.textEdited.connect(self._edited)
        self.apply_requests_button = QPushButton("Добавить отмеченные запросы выделенным")
        self.apply_requests_button.setToolTip("Отмеченные запросы будут добавлены всем "
                                              "выделенным в таблице (их запросы сохранятся)")
        self.apply_requests_button.clicked.connect(self.apply_requests_to_selected)
        requests_box = QGroupBox("Запросы")
        column = QVBoxLayout(requests_box)
        column.addWidget(self.requests, 1)
        column.addWidget(self.note)
        column.addWidget(self.apply_requests_button)

        self.consent_given = QCheckBox("Согласие на обработку персональных данных получено")
        self.consent_date = QDateEdit()
        self.consent_date.setDisplayFormat(DATE_FORMAT)
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setMinimumDate(QDate(2000, 1, 1))
        self.consent_date.setMaximumDate(qdate(self._today))
        self.consent_giver = QComboBox()
        for giver, label in GIVERS.items():
            self.consent_giver.addItem(label, giver.value)
        self.consent_name = QLineEdit()
        self.consent_name.setPlaceholderText("ФИО родителя (законного представителя)")
        self.consent_flag = QLabel()
        self.consent_flag.setWordWrap(True)
        self.consent_flag.setStyleSheet(HINT_STYLE)
        self.apply_consent_button = QPushButton("Применить согласие к выделенным")
        self.apply_consent_button.setToolTip(
            "Та же дата и тот же вид согласия для всех выделенных; за каждого расписывается "
            "его родитель, записанный в карточке")
        self.apply_consent_button.clicked.connect(self.apply_consent_to_selected)
        self.consent_given.toggled.connect(self._edited)
        self.consent_date.dateChanged.connect(self._edited)
        self.consent_giver.currentIndexChanged.connect(self._edited)
        self.consent_name.textEdited.connect(self._edited)
        consent_box = QGroupBox("Согласие (152-ФЗ)")
        form = QFormLayout(consent_box)
        form.addRow(self.consent_given)
        row = QHBoxLayout()
        row.addWidget(self.consent_date)
        row.addWidget(QLabel("дал(а):"))
        row.addWidget(self.consent_giver, 1)
        form.addRow("Дата:", row)
        form.addRow("ФИО:", self.consent_name)
        form.addRow(self.consent_flag)
        form.addRow(self.apply_consent_button)

        self.editor = QWidget()
        column = QVBoxLayout(self.editor)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.person_label)
        column.addWidget(self.details_label)
        column.addWidget(requests_box, 1)
        column.addWidget(consent_box)
        return self.editor

    def initializePage(self) -> None:
        self._filter()
        if self.proxy.rowCount() and self._row is None:
            self.view.selectRow(0)
        super().initializePage()

    # --- the table ---

    def _filter(self) -> None:
        words = alphabetical_key(self.search.text()).split()
        chosen = self.filter_combo.currentData()
        base = self.base

        def shown(entry: MenteeEntry) -> bool:
            if chosen == "no_requests" and entry.has_requests:
                return False
            if chosen == "no_consent" and base.has_consent(entry):
                return False
            if chosen == "parent_missing" and not base.needs_parent_consent(entry):
                return False
            key = base.person(entry).search_key
            return all(word in key for word in words)

        self.proxy.set_accepts(shown)
        self.count_label.setText(f"Показано {self.proxy.rowCount()} из {base.rowCount()}")
        if self._row is not None and self._row >= base.rowCount():
            self._row = None
        self._load()

    def select_person(self, person_id: int) -> None:
        """Make the first row of `person_id` current (and the only one selected)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.base.entry(self.proxy.mapToSource(index).row()).person_id == person_id:
                self.view.selectRow(row)
                return

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._row = self.proxy.mapToSource(current).row() if current.isValid() else None
        self._load()

    def selected_rows(self) -> list[int]:
        return selected_source_rows(self.view)

    def _update_buttons(self) -> None:
        count = len(self.selected_rows())
        for button, text in ((self.apply_requests_button,
                              "Добавить отмеченные запросы выделенным"),
                             (self.apply_consent_button, "Применить согласие к выделенным")):
            button.setText(f"{text} ({count})" if count > 1 else text)
            button.setEnabled(count > 1 and self._row is not None)

    # --- the editor ---

    def current_entry(self) -> MenteeEntry | None:
        return None if self._row is None else self.base.entry(self._row)

    def _load(self) -> None:
        entry = self.current_entry()
        self.editor.setEnabled(entry is not None)
        self._loading = True
        try:
            if entry is None:
                self.person_label.setText("<b>Выберите наставляемого в таблице</b>")
                self.details_label.clear()
                self.requests.set_options((), ())
                self.note.clear()
                self.consent_flag.clear()
                return
            person = self.base.person(entry)
            self.person_label.setText(f"<b>{html.escape(person.full_name)}</b>")
            self.details_label.setText(_details(person, self._today))
            options = self._requests[request_audience(person.category)]
            self.requests.set_options(options, entry.request_ids)
            self.note.setText(entry.requests_note)
            self._load_consent(person, self.base.consent(person.id))
        finally:
            self._loading = False
        self._update_buttons()
        self._update_flag()

    def _load_consent(self, person: PersonChoice, consent: ConsentInfo | None) -> None:
        given = consent is not None and consent.in_force
        self.consent_given.setChecked(given)
        minor = person.is_minor(self._today)
        giver = consent.given_by if given and consent else (
            ConsentGiver.PARENT if minor else ConsentGiver.SELF)
        self.consent_giver.setCurrentIndex(self.consent_giver.findData(giver.value))
        day = consent.given_on if given and consent else self._today
        self.consent_date.setDate(qdate(day))
        self.consent_name.setText(consent.given_by_name if given and consent
                                  and consent.given_by_name else person.parent_name)
        self._enable_consent_fields()

    def _enable_consent_fields(self) -> None:
        given = self.consent_given.isChecked()
        self.consent_date.setEnabled(given)
        self.consent_giver.setEnabled(given)
        self.consent_name.setEnabled(given and self.giver() is not ConsentGiver.SELF)

    def giver(self) -> ConsentGiver:
        return ConsentGiver(self.consent_giver.currentData())

    def edited_consent(self) -> ConsentInfo | None:
        if not self.consent_given.isChecked():
            return None
        giver = self.giver()
        name = " ".join(self.consent_name.text().split()) if giver is not ConsentGiver.SELF \
            else ""
        return ConsentInfo(pydate(self.consent_date.date()), giver, name)

    def _edited(self) -> None:
        if self._loading:
            return
        self._enable_consent_fields()
        entry = self.current_entry()
        if entry is None or self._row is None:
            return
        self.base.update(self._row, replace(entry, request_ids=self.requests.checked(),
                                            requests_note=self.note.text().strip()))
        before = self.base.consent(entry.person_id)
        after = self.edited_consent()
        if after is None and before is not None and not before.in_force:
            after = before  # a revoked consent stays as it is
        if after != before:
            self.base.set_consent(entry.person_id, after)
        self._update_flag()

    def _update_flag(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        person = self.base.person(entry)
        consent = self.base.consent(person.id)
        flags = []
        if consent is not None and not consent.in_force and consent.revoked_on:
            flags.append(f"Согласие от {date_text(consent.given_on)} отозвано "
                         f"{date_text(consent.revoked_on)}.")
        if self.base.needs_parent_consent(entry):
            flags.append("Несовершеннолетний: нужно согласие родителя или законного "
                         "представителя.")
        self.consent_flag.setText(" ".join(flags))
        self.consent_flag.setVisible(bool(flags))

    def apply_requests_to_selected(self) -> None:
        """Add the requests ticked for the current mentee to everyone selected (of the same
        audience: pupils' requests do not go to teachers)."""
        current = self.current_entry()
        if current is None:
            return
        audience = request_audience(self.base.person(current).category)
        ticked = self.requests.checked()
        for row in self.selected_rows():
            entry = self.base.entry(row)
            if request_audience(self.base.person(entry).category) is audience:
                merged = tuple(dict.fromkeys((*entry.request_ids, *ticked)))
                self.base.update(row, replace(entry, request_ids=merged))

    def apply_consent_to_selected(self) -> None:
        consent = self.edited_consent()
        for person_id in {self.base.entry(row).person_id for row in self.selected_rows()}:
            person = self.base.people[person_id]
            if consent is not None and consent.by_representative:
                self.base.set_consent(person_id, replace(consent,
                                                         given_by_name=person.parent_name))
            else:
                self.base.set_consent(person_id, consent)
        self._update_flag()

    def problems(self) -> list[str]:
        people = {e.person_id for e in self.base.entries()}
        return [problem for person_id in sorted(people)
                if (problem := stage2_service.consent_problem(
                    self.base.people[person_id], self.base.consent(person_id), self._today))]


def _details(person: PersonChoice, today: dt.date) -> str:
    parts = [person.category_label]
    if person.class_name:
        parts.append(f"{person.class_name} класс")
    elif person.position:
        parts.append(person.position)
    age = person.age(today)
    if age is not None:
        parts.append(f"{count_phrase(age, 'год', 'года', 'лет')}")
    if person.parent_name:
        parts.append(f"родитель: {person.parent_name}")
    return html.escape(", ".join(parts))


# --- 4. the result -------------------------------------------------------------------------------


def card_html(card: StageCard) -> str:
    """The stage's checklist: done items ticked, the rest marked as left to do."""
    lines = []
    for item in card.items:
        mark = "<span style='color:#1d6b33'>✔</span>" if item.done else \
            "<span style='color:#b3261e'>✘</span>"
        detail = f" — {html.escape(item.detail)}" if item.detail else ""
        manual = " <i>(отмечается вручную в дорожной карте)</i>" if item.manual and \
            not item.done else ""
        lines.append(f"<li>{mark} {html.escape(item.text)}{detail}{manual}</li>")
    return f"<ul style='list-style:none'>{''.join(lines)}</ul>"


def left_to_do(card: StageCard) -> list[str]:
    return [item.text + (f" ({item.detail})" if item.detail else "")
            for item in card.items if not item.done]


def names_html(names: Sequence[str]) -> str:
    shown = ", ".join(html.escape(n) for n in names[:LIST_LIMIT])
    rest = len(names) - LIST_LIMIT
    return shown + (f" и ещё {rest}" if rest > 0 else "")


class SummaryPage(StagePage):
    """The result of the stage as «Готово» will save it; a refusal of the save is shown here
    and keeps «Готово» disabled."""

    def __init__(self, subtitle: str, build: Callable[[], tuple[str, StageCard]]) -> None:
        super().__init__("Итог", subtitle)
        self._build = build
        self._error = ""
        self.card: StageCard | None = None
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        try:
            text, self.card = self._build()
            self._error = ""
        except NastavnikError as exc:
            text, self.card, self._error = "", None, exc.message
        self.summary.setHtml(text)
        super().initializePage()
        self.changed()

    def problems(self) -> list[str]:
        return [f"Сохранить нельзя: {self._error}"] if self._error else []

    def text(self) -> str:
        return self.summary.toPlainText()


# --- the wizard ----------------------------------------------------------------------------------


class Stage2Wizard(QWizard):
    """After «Готово» `card` holds stage 2 as the roadmap shows it (None until then)."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._today = today or dt.date.today()
        self.card: StageCard | None = None
        self.start = stage2_service.stage2_start(db, programme_id)
        self.setWindowTitle(f"{WIZARD_TITLE} — программа {self.start.school_year}")
        set_wizard_buttons(self)

        self.base = MenteeBase(self.start, self._today, self)
        self.informing_page = InformingPage(self.start.data.events, self._today)
        self.mentees_page = MenteesPage(self.start, self.base, self._today)
        self.requests_page = RequestsPage(self.start, self.base, self._today)
        self.summary_page = SummaryPage(
            "Что будет сохранено и что останется сделать. Пункты — те же, что в дорожной "
            "карте: этап будет отмечен выполненным, когда выполнены все.", self._summary)
        for page in (self.informing_page, self.mentees_page, self.requests_page,
                     self.summary_page):
            self.addPage(page)

    def collected(self) -> Stage2Data:
        mentees, consents = self.base.collected()
        return Stage2Data(events=self.informing_page.model.events(), mentees=mentees,
                          consents=consents)

    def _summary(self) -> tuple[str, StageCard]:
        data = self.collected()
        card = stage2_service.preview_stage2(self._db, self._programme_id, data,
                                             today=self._today)
        return self.summary_html(data, card), card

    def summary_html(self, data: Stage2Data, card: StageCard) -> str:
        base = self.base
        esc = html.escape
        entries = base.entries()
        people = {e.person_id for e in entries}
        by_form: dict[str, int] = {}
        for entry in entries:
            by_form[base._form(entry)] = by_form.get(base._form(entry), 0) + 1
        no_requests = list(dict.fromkeys(base.person(e).full_name for e in entries
                                         if not e.has_requests))
        parent_missing = list(dict.fromkeys(base.person(e).full_name for e in entries
                                            if base.needs_parent_consent(e)))
        events = "".join(
            f"<li>{esc(e.kind_label)}, {date_text(e.held_on)}"
            + (f": {esc(e.title)}" if e.title else "")
            + (f" — {esc(e.audience)}" if e.audience else "")
            + (f", присутствовало {e.attended_count}" if e.attended_count else "") + "</li>"
            for e in data.events) or "<li><i>не проведено</i></li>"
        forms = "".join(f"<li>{esc(name)}: {count}</li>" for name, count in by_form.items())
        rows = "".join(
            f"<tr><td>{esc(base._name(e))}</td><td>{esc(base._place(e))}</td>"
            f"<td>{esc(base._form(e))}</td><td>{esc(base._requests(e))}</td>"
            f"<td>{esc(base._consent(e))}</td></tr>" for e in entries)
        missing = ""
        if no_requests:
            missing += f"<p><b>Без запросов ({len(no_requests)}):</b> " \
                       f"{names_html(no_requests)}</p>"
        if parent_missing:
            missing += (f"<p><b>Несовершеннолетние без согласия родителя "
                        f"({len(parent_missing)}):</b> {names_html(parent_missing)}</p>")
        return (
            f"<h3>Этап {card.stage}: {esc(card.title)}</h3>{card_html(card)}{missing}"
            f"<h3>Информирование</h3><ul>{events}</ul>"
            f"<h3>База наставляемых: "
            f"{count_phrase(len(people), 'человек', 'человека', 'человек')}</h3>"
            f"<ul>{forms}</ul>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            "<tr><th>ФИО</th><th>Класс / должность</th><th>Форма</th><th>Запросы</th>"
            f"<th>Согласие</th></tr>{rows}</table>")

    def accept(self) -> None:
        """«Готово»: one save; on an error say why and keep everything entered."""
        try:
            self.card = stage2_service.complete_stage2(self._db, self._programme_id,
                                                       self.collected(), today=self._today)
        except NastavnikError as exc:
            messages.show_error(self, exc.message, title="Не удалось сохранить",
                                details=exc.details)
            return
        tell_what_is_left(self, self.card)
        super().accept()

    def reject(self) -> None:
        if confirm_close(self, WIZARD_TITLE):
            super().reject()

    def import_from_table(self) -> None:
        """The import wizard saves on its own (its own unit of work); what it added joins the
        base shown here, and the curator is told it stays even if this wizard is cancelled."""
        from nastavnik_desktop.services.importing.validate import ImportKind
        from nastavnik_desktop.ui.wizards.import_people import run_import_wizard

        if not run_import_wizard(self, self._db, ImportKind.MENTEES):
            return
        try:
            start = stage2_service.stage2_start(self._db, self._programme_id)
        except NastavnikError as exc:
            messages.show_error(self, exc.message, details=exc.details)
            return
        added = self.base.merge_saved(start)
        self.mentees_page.added.setText(
            f"Из таблицы загружено в базу: {added}. Загруженное уже сохранено и останется "
            "в базе, даже если закрыть мастер без сохранения.")


def tell_what_is_left(parent: QWidget, card: StageCard) -> None:
    left = left_to_do(card)
    if left:
        messages.show_info(parent, f"Данные этапа {card.stage} сохранены. Чтобы этап был "
                           "выполнен, осталось:\n• " + "\n• ".join(left),
                           title=f"Этап {card.stage}")


def run_stage2_wizard(parent: QWidget | None, db: Database, programme_id: int) -> bool:
    """Run the wizard modally; True when the curator finished it."""
    wizard = Stage2Wizard(db, programme_id, parent)
    wizard.mentees_page.offer_import(wizard.import_from_table)
    return wizard.exec() == QWizard.DialogCode.Accepted
