"""Page 3 of the stage 3 wizard: the profile of every mentor (competencies, time, mentees'
ages) and his personal-data consent (a minor mentor's from his parent), each given to a whole
selection at once.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.stages.choices import request_audience
from nastavnik_desktop.services.stages.stage3 import (
    MAX_CAPACITY,
    MAX_HOURS_PER_MONTH,
    MAX_MENTEE_AGE,
    MentorEntry,
    Stage3Start,
)
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.mentor_base import NOT_SET, MentorBase
from nastavnik_desktop.ui.models.rows import RowsFilter
from nastavnik_desktop.ui.widgets.check_list import CheckList
from nastavnik_desktop.ui.widgets.consent_editor import (
    ConsentEditor,
    give_consent,
    take_consent_file,
)
from nastavnik_desktop.ui.widgets.tables import (
    keep_column_fitted,
    search_filter_row,
    selected_source_rows,
    size_columns,
    table_beside_editor,
    table_view,
)
from nastavnik_desktop.ui.wizards.pages import StagePage
from nastavnik_desktop.ui.wizards.stage3.contours import CONTOUR_LABELS

PROFILE_FILTERS = {"all": "Все наставники", "incomplete": "Без компетенций или времени",
                   "no_consent": "Без согласия на обработку ПДн",
                   "internal": "Внутренний контур", "external": "Внешний контур"}


def _optional_spin(maximum: int, minimum: int = 0) -> QSpinBox:
    """A spin box whose lowest value reads «не указано» (stored as None)."""
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setSpecialValueText(NOT_SET)
    return spin


class ProfilesPage(StagePage):
    def __init__(self, start: Stage3Start, base: MentorBase, today: dt.date) -> None:
        super().__init__("Профили наставников",
                         "Компетенции, запросы, с которыми наставник может помочь, возраст "
                         "наставляемых, ресурс времени и согласие на обработку персональных "
                         "данных (за несовершеннолетнего — от родителя). Выделите несколько "
                         "строк, чтобы применить одно и то же ко всем.")
        self.base = base
        self._today = today
        self._requests = start.requests
        self._row: int | None = None
        self._loading = False

        self.search, self.filter_combo, filters = search_filter_row(
            "Поиск по ФИО, классу или месту работы", PROFILE_FILTERS, self._filter)
        self.proxy = RowsFilter(base, self)
        self.view = table_view(self.proxy, multi=True)
        for column in (MentorBase.COL_PLACE, MentorBase.COL_CATEGORY, MentorBase.COL_FORM):
            self.view.setColumnHidden(column, True)
        size_columns(self.view, [24, 0, 0, 0, None, 11, 13, 15])
        keep_column_fitted(self.view, MentorBase.COL_NAME, least=24, most=40)
        self.count_label = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(table_beside_editor(filters, self.view, self.count_label,
                                             self._build_editor(), (470, 470)), 1)
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
        self.competencies = _text_editor("Предметы, навыки, сильные стороны", 3)
        self.achievements = _text_editor("Награды, победы, категории, проекты")
        self.interests = _text_editor("Увлечения, хобби")
        self.helps_with = CheckList()
        self.helps_with.setMinimumHeight(self.helps_with.fontMetrics().lineSpacing() * 6)
        self.apply_button = QPushButton("Добавить отмеченные запросы выделенным")
        self.apply_button.clicked.connect(self.apply_requests_to_selected)
        self.age_min = _optional_spin(MAX_MENTEE_AGE)
        self.age_max = _optional_spin(MAX_MENTEE_AGE)
        self.hours = _optional_spin(MAX_HOURS_PER_MONTH, -1)
        self.hours.setSuffix(" ч в месяц")
        self.capacity = QSpinBox()
        self.capacity.setRange(0, MAX_CAPACITY)
        self.capacity.setToolTip(f"Скольких наставляемых может взять: от 1 до {MAX_CAPACITY}")

        ages = QHBoxLayout()
        ages.addWidget(QLabel("от"))
        ages.addWidget(self.age_min)
        ages.addWidget(QLabel("до"))
        ages.addWidget(self.age_max)
        ages.addWidget(QLabel("лет"))
        ages.addStretch(1)
        numbers = QFormLayout()
        numbers.addRow("Возраст наставляемых:", ages)
        numbers.addRow("Ресурс времени:", self.hours)
        numbers.addRow("Число наставляемых:", self.capacity)
        requests_box = QGroupBox("Может помочь с запросами")
        column = QVBoxLayout(requests_box)
        column.addWidget(self.helps_with, 1)
        column.addWidget(self.apply_button)
        self.consent_editor = ConsentEditor(self._today)
        self.consent_editor.edited.connect(self.apply_consent_to_selected)
        self.consent_editor.apply_requested.connect(self.apply_consent_to_selected)
        self.consent_editor.import_requested.connect(self.import_consents)
        texts = QFormLayout()
        texts.addRow("&Компетенции*:", self.competencies)
        texts.addRow("&Достижения:", self.achievements)
        texts.addRow("&Интересы:", self.interests)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 6, 6, 0)
        column.addLayout(texts)
        column.addLayout(numbers)
        column.addWidget(requests_box, 1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        consent = QWidget()
        column = QVBoxLayout(consent)
        column.addWidget(self.consent_editor)
        column.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Профиль")
        self.tabs.addTab(consent, "Согласие на обработку ПДн")

        self.editor = QWidget()
        column = QVBoxLayout(self.editor)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.person_label)
        column.addWidget(self.details_label)
        column.addWidget(self.tabs, 1)

        for editor in (self.competencies, self.achievements, self.interests):
            editor.textChanged.connect(self._edited)
        for spin in (self.age_min, self.age_max, self.hours, self.capacity):
            spin.valueChanged.connect(self._edited)
        self.helps_with.changed.connect(self._edited)
        return self.editor

    def initializePage(self) -> None:
        self._filter()
        if self.proxy.rowCount() and self._row is None:
            self.view.selectRow(0)
        super().initializePage()

    def _filter(self) -> None:
        words = alphabetical_key(self.search.text()).split()
        chosen = self.filter_combo.currentData()

        def shown(entry: MentorEntry) -> bool:
            if chosen == "incomplete" and entry.described:
                return False
            if chosen == "no_consent" and self.base.has_consent(entry):
                return False
            if chosen in ("internal", "external") and entry.contour.value != chosen:
                return False
            key = self.base.person(entry).search_key
            return all(word in key for word in words)

        self.proxy.set_accepts(shown)
        self.count_label.setText(f"Показано {self.proxy.rowCount()} из {self.base.rowCount()}")
        if self._row is not None and self._row >= self.base.rowCount():
            self._row = None
        self._load()

    def select_row_of(self, full_name: str) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if self.base.person(self.base.entry(source)).full_name == full_name:
                self.view.selectRow(row)
                return
        raise LookupError(full_name)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._row = self.proxy.mapToSource(current).row() if current.isValid() else None
        self._load()

    def current_entry(self) -> MentorEntry | None:
        return None if self._row is None else self.base.entry(self._row)

    def _update_buttons(self) -> None:
        count = len(selected_source_rows(self.view))
        text = "Добавить отмеченные запросы выделенным"
        self.apply_button.setText(f"{text} ({count})" if count > 1 else text)
        self.apply_button.setEnabled(count > 1 and self._row is not None)
        self.consent_editor.set_selected(count, self._row is not None)

    def _options_for(self, entry: MentorEntry) -> list[Any]:
        form = self.base.form(entry)
        audience = request_audience(PersonCategory.STAFF if form and form.for_teachers
                                    else PersonCategory.PUPIL)
        return [r for r in self._requests if r.audience is audience]

    def _load(self) -> None:
        entry = self.current_entry()
        self.editor.setEnabled(entry is not None)
        self._loading = True
        try:
            if entry is None:
                self.person_label.setText("<b>Выберите наставника в таблице</b>")
                self.details_label.clear()
                for text in (self.competencies, self.achievements, self.interests):
                    text.clear()
                self.helps_with.set_options((), ())
                self.consent_editor.clear()
                return
            person = self.base.person(entry)
            self.person_label.setText(f"<b>{html.escape(person.full_name)}</b>"
                                      + (" <i>(новый)</i>" if person.id == 0 else ""))
            self.details_label.setText(html.escape(", ".join(p for p in (
                person.category_label, CONTOUR_LABELS[entry.contour] + " контур",
                self.base.form_name(entry), person.place) if p)))
            self.competencies.setPlainText(entry.competencies)
            self.achievements.setPlainText(entry.achievements)
            self.interests.setPlainText(entry.interests)
            self.helps_with.set_options(self._options_for(entry), entry.helps_with)
            self.age_min.setValue(entry.desired_age_min or 0)
            self.age_max.setValue(entry.desired_age_max or 0)
            hours = entry.time_hours_per_month
            self.hours.setValue(-1 if hours is None else round(hours))
            self.capacity.setValue(entry.capacity)
            self.consent_editor.load(self.base.consent(entry.person),
                                     minor=person.is_minor(self._today),
                                     parent_name=person.parent_name, today=self._today)
        finally:
            self._loading = False
        self._update_buttons()
        self._update_flag()

    def _edited(self) -> None:
        entry = self.current_entry()
        if self._loading or entry is None or self._row is None:
            return
        hours = self.hours.value()
        self.base.update(self._row, replace(
            entry, competencies=self.competencies.toPlainText().strip(),
            achievements=self.achievements.toPlainText().strip(),
            interests=self.interests.toPlainText().strip(),
            helps_with=self.helps_with.checked(),
            desired_age_min=self.age_min.value() or None,
            desired_age_max=self.age_max.value() or None,
            time_hours_per_month=None if hours < 0 else float(hours),
            capacity=self.capacity.value()))

    def apply_requests_to_selected(self) -> None:
        current = self.current_entry()
        if current is None:
            return
        ticked = self.helps_with.checked()
        offered = {r.id for r in self._options_for(current)}
        for row in selected_source_rows(self.view):
            entry = self.base.entry(row)
            if {r.id for r in self._options_for(entry)} == offered:
                self.base.update(row, replace(entry, helps_with=tuple(
                    dict.fromkeys((*entry.helps_with, *ticked)))))

    def apply_consent_to_selected(self) -> None:
        """The consent in the editor to the current mentor and every selected one (each
        minor's signed by his own parent on record)."""
        current = self.current_entry()
        if current is None:
            return
        refs = {self.base.entry(row).person for row in selected_source_rows(self.view)}
        refs.add(current.person)
        parents = {e.person: self.base.person(e).parent_name for e in self.base.entries()
                   if e.person in refs}
        give_consent(self.base, self.consent_editor.consent(), current.person, parents)
        self._update_flag()

    def import_consents(self) -> None:
        """Consents from a class teacher's list, for the mentors of the base it names (people
        typed in on the previous page are not in the database yet and are not matched)."""
        people = {e.person: self.base.person(e) for e in self.base.entries()
                  if isinstance(e.person, int)}
        if take_consent_file(self, self.base, people, self._today,
                             self.consent_editor.default_date()):
            self._load()

    def _update_flag(self) -> None:
        entry = self.current_entry()
        needs = entry is not None and self.base.needs_parent_consent(entry)
        self.consent_editor.set_flag("Несовершеннолетний наставник: нужно согласие родителя "
                                     "или законного представителя." if needs else "")

    def problems(self) -> list[str]:
        return [*self.base.profile_problems(), *self.base.consent_problems()]


def _text_editor(placeholder: str, lines: int = 2) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines
                          + 2 * editor.frameWidth() + 8)
    return editor
