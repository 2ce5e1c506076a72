"""Stage 2 «Формирование базы наставляемых» as a wizard over services/stages/stage2.py.

Four pages: the informing events; picking pupils and young specialists into the mentee base;
requests and consents of everyone in the base (a table with a side editor, and changes applied
to all selected rows at once — a base has hundreds of people); the result, read with the
stages' own rules from what «Готово» will save. Nothing is written before «Готово», which calls
`complete_stage2` once.

The picker of people, the base panel and the row models it shares with the stage 3 wizard live
in ui/widgets and ui/models.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, RequestAudience
from nastavnik_desktop.services.people import ConsentInfo
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.choices import PersonChoice, request_audience
from nastavnik_desktop.services.stages.stage2 import (
    DEFAULT_AUDIENCES,
    InformingEvent,
    MenteeEntry,
    Stage2Data,
    Stage2Start,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.events_model import EventDelegate, EventsModel
from nastavnik_desktop.ui.models.mentee_base import MenteeBase
from nastavnik_desktop.ui.models.rows import RowsFilter
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.base_panel import BasePanel
from nastavnik_desktop.ui.widgets.check_list import CheckList
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker, default_form
from nastavnik_desktop.ui.widgets.tables import (
    selected_source_rows,
    size_columns,
    table_beside_editor,
    table_view,
)
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import (
    HINT_STYLE,
    StagePage,
    SummaryPage,
    card_html,
    names_html,
    tell_what_is_left,
)

WIZARD_TITLE = "Этап 2. Формирование базы наставляемых"
WIZARD_SIZE = (1000, 700)


GIVERS: dict[ConsentGiver, str] = {
    ConsentGiver.SELF: "сам(а)",
    ConsentGiver.PARENT: "родитель",
    ConsentGiver.GUARDIAN: "законный представитель",
}


# --- the base of the pages -----------------------------------------------------------------


# --- a table of simple rows ----------------------------------------------------------------------


# --- picking people ------------------------------------------------------------------------------


# --- the mentee base, shared by the pages ------------------------------------------------------


# --- 1. informing ------------------------------------------------------------------------------


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
            flags.append(f"Согласие от {format_date(consent.given_on)} отозвано "
                         f"{format_date(consent.revoked_on)}.")
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


# --- the wizard ----------------------------------------------------------------------------------


class Stage2Wizard(StageWizard):
    """After «Готово» `card` holds stage 2 as the roadmap shows it (None until then).
    `start` is the stage's data as loaded (`open_stage2_wizard` loads it in a worker thread);
    without it the wizard loads it itself."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None, start: Stage2Start | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent)
        self._db = db
        self._programme_id = programme_id
        self._today = today or dt.date.today()
        self.card: StageCard | None = None
        self.start = start or stage2_service.stage2_start(db, programme_id)
        self.setWindowTitle(f"{WIZARD_TITLE} — программа {self.start.school_year}")

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
            f"<li>{esc(e.kind_label)}, {format_date(e.held_on)}"
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

    def save(self) -> None:
        self.card = stage2_service.complete_stage2(self._db, self._programme_id,
                                                   self.collected(), today=self._today)

    def after_save(self) -> None:
        assert self.card is not None
        tell_what_is_left(self, self.card)

    def import_from_table(self) -> None:
        """The import wizard saves on its own (its own unit of work); what it added joins the
        base shown here, and the curator is told it stays even if this wizard is cancelled."""
        from nastavnik_desktop.services.importing.validate import ImportKind
        from nastavnik_desktop.ui.wizards.import_people import run_import_wizard

        if not run_import_wizard(self, self._db, ImportKind.MENTEES):
            return
        start = messages.guarded(
            self, lambda: stage2_service.stage2_start(self._db, self._programme_id))
        if start is None:
            return
        added = self.base.merge_saved(start)
        self.mentees_page.added.setText(
            f"Из таблицы загружено в базу: {added}. Загруженное уже сохранено и останется "
            "в базе, даже если закрыть мастер без сохранения.")


def open_stage2_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> BackgroundTask:
    """Load the stage's data in a worker thread (the school's people: seconds for a large
    school), then run the wizard modally; `on_finished()` once the curator finished it."""

    def show(start: Stage2Start) -> None:
        wizard = Stage2Wizard(db, programme_id, parent, start=start)
        wizard.mentees_page.offer_import(wizard.import_from_table)
        if wizard.exec() == QWizard.DialogCode.Accepted:
            on_finished()

    return run_task(parent, lambda _progress: stage2_service.stage2_start(db, programme_id),
                    show, title=WIZARD_TITLE, label="Загружаются люди школы и база "
                    "наставляемых…", failure_title="Мастер не открыт", cancellable=False)
