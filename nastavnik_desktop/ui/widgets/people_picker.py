"""Picking people into a base: a searchable list with a class filter and a form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.stages.stage2 import FormOption, PersonChoice
from nastavnik_desktop.text import alphabetical_key, class_sort_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.rows import RowsModel
from nastavnik_desktop.ui.widgets.tables import (
    keep_column_fitted,
    selected_source_rows,
    size_columns,
    table_view,
)

ALL_CLASSES = "Все классы"
SENIOR_CLASSES = "Старшие классы (8–11)"


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
                 young_filter: bool = False, experienced_filter: bool = False,
                 today: dt.date | None = None) -> None:
        super().__init__()
        self._people = list(people)
        self._in_base = in_base
        self._today = today or dt.date.today()
        columns: list[tuple[str, Callable[[PersonChoice], str]]] = [
            ("ФИО", lambda p: p.full_name),
            ("Класс" if classes else "Должность / место", lambda p: p.place)]
        subjects = not classes and any(p.subject for p in people)
        if subjects:
            columns.append(("Предмет", lambda p: p.subject))
        if detail is not None:
            columns.append(detail)
        columns.append(("В базе", lambda p: self._in_base(p.id)))
        self.model = RowsModel[PersonChoice](columns, self)
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, [30, 7 if classes else 26, *([16] if subjects else []),
                                 *([detail_width] if detail else []), None])
        keep_column_fitted(self.view, 0, least=26, most=42)
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
            grade_of = {p.class_name: p.grade for p in people if p.class_name}
            for name in sorted(grade_of, key=class_sort_key):
                grade = grade_of[name]
                in_parallel = [n for n, g in grade_of.items() if g == grade]
                if grade and len(in_parallel) > 1 and \
                        self.class_combo.findData(_parallel(grade)) < 0:
                    listed = ", ".join(sorted(in_parallel, key=class_sort_key))
                    self.class_combo.addItem(f"{grade}-е классы ({listed})", _parallel(grade))
                self.class_combo.addItem(f"{name} класс", name)
            self.class_combo.setCurrentIndex(1 if senior else 0)
            self.class_combo.currentIndexChanged.connect(self._filter)
            filters.addWidget(self.class_combo)
        self.young_only: QCheckBox | None = None
        if young_filter:
            self.young_only = QCheckBox("только молодые специалисты (стаж до 3 лет)")
            self.young_only.setChecked(any(p.is_young_specialist for p in people))
            self.young_only.toggled.connect(self._filter)
        self.experienced_only: QCheckBox | None = None
        if experienced_filter:
            self.experienced_only = QCheckBox("без молодых специалистов (стаж больше 3 лет)")
            self.experienced_only.setChecked(any(p.is_young_specialist for p in people))
            self.experienced_only.toggled.connect(self._filter)
        filters.addWidget(self.search, 1)

        self.form_combo = form_combo(forms, default_form)
        self.add_button = QPushButton("&Добавить выделенных →")
        self.add_button.clicked.connect(self.add_selected)
        self.class_button = QPushButton("Добавить &весь класс")
        self.class_button.setToolTip("Добавить всех обучающихся класса (или параллели), "
                                     "выбранного в фильтре")
        self.class_button.clicked.connect(self.add_whole_class)
        self.class_button.setVisible(classes)
        self.count_label = style.secondary()
        # The form on a line of its own: on one line with both buttons the picker would not
        # narrow below ~570 px and left the base beside it too little for its columns.
        form_row = QHBoxLayout()
        form_label = QLabel("&Форма:")
        form_label.setBuddy(self.form_combo)
        form_row.addWidget(form_label)
        form_row.addWidget(self.form_combo, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.class_button)
        buttons.addWidget(self.add_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(filters)
        if self.young_only is not None:
            column.addWidget(self.young_only)
        if self.experienced_only is not None:
            column.addWidget(self.experienced_only)
        column.addWidget(self.view, 1)
        column.addWidget(self.count_label)
        column.addLayout(form_row)
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
        experienced = self.experienced_only is not None and self.experienced_only.isChecked()

        def shown(person: PersonChoice) -> bool:
            if chosen == "senior" and (person.grade or 0) < 8:
                return False
            if chosen is not None and chosen.startswith(_PARALLEL):
                if _parallel(person.grade or 0) != chosen:
                    return False
            elif chosen not in (None, "senior") and person.class_name != chosen:
                return False
            if young and not person.is_young_specialist:
                return False
            if experienced and person.is_young_specialist:
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
        self.class_button.setText("Добавить &всю параллель" if chosen and
                                  chosen.startswith(_PARALLEL) else "Добавить &весь класс")
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


_PARALLEL = "parallel:"


def _parallel(grade: int) -> str:
    """The class filter's value for all classes of one grade («5-е классы»)."""
    return f"{_PARALLEL}{grade}"


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
