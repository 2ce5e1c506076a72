"""Page 3 of the stage 2 wizard: the requests and consents of everyone in the base (a table
with a side editor; a change applies to every selected row).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import RequestAudience
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.choices import PersonChoice, request_audience
from nastavnik_desktop.services.stages.stage2 import MenteeEntry, Stage2Start
from nastavnik_desktop.text import alphabetical_key, count_phrase, format_date
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.mentee_base import MenteeBase
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

        self.search, self.filter_combo, filters = search_filter_row(
            "Поиск по ФИО или классу", FILTERS, self._filter)

        self.proxy = RowsFilter(base, self)
        self.view = table_view(self.proxy, multi=True)
        self.view.setColumnHidden(MenteeBase.COL_FORM, True)
        size_columns(self.view, [24, 16, 0, None, 17])
        keep_column_fitted(self.view, MenteeBase.COL_NAME, least=24, most=40)
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

        self.consent_editor = ConsentEditor(self._today)
        # A consent entered goes to every selected row at once, as the button gives it.
        self.consent_editor.edited.connect(self.apply_consent_to_selected)
        self.consent_editor.apply_requested.connect(self.apply_consent_to_selected)
        self.consent_editor.import_requested.connect(self.import_consents)

        self.editor = QWidget()
        column = QVBoxLayout(self.editor)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.person_label)
        column.addWidget(self.details_label)
        column.addWidget(requests_box, 1)
        column.addWidget(self.consent_editor)
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
        text = "Добавить отмеченные запросы выделенным"
        self.apply_requests_button.setText(f"{text} ({count})" if count > 1 else text)
        self.apply_requests_button.setEnabled(count > 1 and self._row is not None)
        self.consent_editor.set_selected(count, self._row is not None)

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
                self.consent_editor.clear()
                return
            person = self.base.person(entry)
            self.person_label.setText(f"<b>{html.escape(person.full_name)}</b>")
            self.details_label.setText(_details(person, self._today))
            options = self._requests[request_audience(person.category)]
            self.requests.set_options(options, entry.request_ids)
            self.note.setText(entry.requests_note)
            self.consent_editor.load(self.base.consent(person.id),
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
        self.base.update(self._row, replace(entry, request_ids=self.requests.checked(),
                                            requests_note=self.note.text().strip()))

    def _update_flag(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        person = self.base.person(entry)
        consent = self.base.consent(person.id)
        flags = []
        if consent is not None and not consent.in_force and consent.revoked_on:
            flags.append(f"Согласие от {format_date(consent.given_on)} отозвано "
                         f"{format_date(consent.revoked_on)}.")
        if self.base.needs_parent_consent(entry):
            flags.append("Несовершеннолетний: нужно согласие родителя или законного "
                         "представителя.")
        self.consent_editor.set_flag(" ".join(flags))

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
        """The consent in the editor to the current row and every selected one: the typed
        signer is the current person's; the others are signed by their own parents on record
        (or by «родитель (законный представитель)» unnamed)."""
        current = self.current_entry()
        if current is None:
            return
        people = {self.base.entry(row).person_id for row in self.selected_rows()}
        people.add(current.person_id)
        give_consent(self.base, self.consent_editor.consent(), current.person_id,
                     {p: self.base.people[p].parent_name for p in people})
        self._update_flag()

    def import_consents(self) -> None:
        """Consents from a class teacher's list, for the people of the base it names."""
        people = {e.person_id: self.base.people[e.person_id] for e in self.base.entries()}
        if take_consent_file(self, self.base, people, self._today,
                             self.consent_editor.default_date()):
            self._load()

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
