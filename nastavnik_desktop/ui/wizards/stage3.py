"""Stage 3 «Формирование базы наставников» as a wizard over services/stages/stage3.py.

Four pages: the internal contour (pupils of older grades, teachers and staff, parents picked
from the school's base); the external contour (alumni, employees of enterprises,
entrepreneurs and public figures, students — typed in or picked); the profile of every mentor
(a table with a side editor); the result. External people typed in exist only in the wizard
until «Готово», which calls `complete_stage3` once, so «Отмена» changes nothing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import CATEGORY_LABELS, Contour, PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages.choices import PersonChoice, request_audience
from nastavnik_desktop.services.stages.stage3 import (
    EXTERNAL_CATEGORIES,
    MAX_CAPACITY,
    MAX_HOURS_PER_MONTH,
    MAX_MENTEE_AGE,
    MentorEntry,
    NewExternalPerson,
    Stage3Data,
    Stage3Start,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.mentor_base import NOT_SET, MentorBase, hours_text
from nastavnik_desktop.ui.models.rows import RowsFilter
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.base_panel import BasePanel
from nastavnik_desktop.ui.widgets.check_list import CheckList
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker, default_form, form_combo
from nastavnik_desktop.ui.widgets.tables import (
    selected_source_rows,
    size_columns,
    table_beside_editor,
    table_view,
)
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import (
    StagePage,
    SummaryPage,
    card_html,
    names_html,
    tell_what_is_left,
)

WIZARD_TITLE = "Этап 3. Формирование базы наставников"
CONTOUR_LABELS = {Contour.INTERNAL: "внутренний", Contour.EXTERNAL: "внешний"}




# --- 1. the internal contour ---------------------------------------------------------------------


def _base_panel(base: MentorBase, title: str) -> BasePanel:
    return BasePanel(title, base, [24, 14, 0, None, 0, 0, 0],
                     (MentorBase.COL_NAME, MentorBase.COL_PLACE, MentorBase.COL_FORM),
                     lambda e: e.profile_id not in base.paired,
                     "Наставников, у которых есть пары или группы, здесь убрать из базы "
                     "нельзя: сначала расформируйте их пары (раздел «Пары и группы»).")


class _ContourPage(StagePage):
    contour = Contour.INTERNAL

    def __init__(self, title: str, subtitle: str, base: MentorBase, tabs: QTabWidget,
                 pickers: list[PeoplePicker]) -> None:
        super().__init__(title, subtitle)
        self.base = base
        self.tabs = tabs
        self.pickers = pickers
        self.panel = _base_panel(base, "Наставники этого контура")
        self.panel.show_only(lambda e: e.contour is self.contour)
        self.added = style.secondary()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(tabs)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.added)
        layout.addWidget(self.hint)
        for picker in pickers:
            picker.add_requested.connect(self.add_people)
        for signal in (base.modelReset, base.rowsRemoved):
            signal.connect(self._base_changed)

    def add_people(self, people: list[PersonChoice], form_id: int | None) -> None:
        added = self.base.add([p.id for p in people], form_id, self.contour)
        text = f"Добавлено в базу наставников: {added}."
        if added < len(people):
            text += f" Уже были в базе в этой форме: {len(people) - added}."
        self.added.setText(text)

    def _base_changed(self) -> None:
        for picker in self.pickers:
            picker.refresh()
        self.panel.show_only(lambda e: e.contour is self.contour)
        self.changed()


class InternalPage(_ContourPage):
    def __init__(self, start: Stage3Start, base: MentorBase, today: dt.date) -> None:
        forms = start.forms
        pupil_forms = [f for f in forms if not f.for_teachers] or list(forms)

        def picker(people: tuple[PersonChoice, ...], teachers: bool, **kwargs: Any
                   ) -> PeoplePicker:
            return PeoplePicker(people, forms, default_form(forms, teachers=teachers),
                                base.forms_of, today=today, **kwargs)

        self.pupils = PeoplePicker(start.pupils, pupil_forms,
                                   default_form(forms, teachers=False), base.forms_of,
                                   classes=True, senior=True, today=today,
                                   detail=("Возраст", lambda p: _age(p, today)))
        self.staff = picker(start.staff, True,
                            detail=("Стаж", lambda p: "" if p.experience_years is None
                                    else str(p.experience_years)))
        self.parents = picker(start.parents, False)
        tabs = QTabWidget()
        tabs.addTab(self.pupils, f"Обучающиеся ({len(start.pupils)})")
        tabs.addTab(self.staff, f"Педагоги и сотрудники ({len(start.staff)})")
        tabs.addTab(self.parents, f"Родители ({len(start.parents)})")
        super().__init__("Внутренний контур",
                         "Обучающиеся старших классов, готовые помогать сверстникам; педагоги, "
                         "готовые делиться опытом; родители, активные в жизни школы. "
                         "Новые наставники получают статус «кандидат».",
                         base, tabs, [self.pupils, self.staff, self.parents])


def _age(person: PersonChoice, today: dt.date) -> str:
    age = person.age(today)
    return "" if age is None else str(age)


# --- 2. the external contour ---------------------------------------------------------------------


class ExternalPage(_ContourPage):
    contour = Contour.EXTERNAL

    def __init__(self, start: Stage3Start, base: MentorBase, today: dt.date) -> None:
        forms = start.forms
        external_forms = [f for f in forms if not f.for_teachers] or list(forms)
        self.existing = PeoplePicker(start.external, external_forms,
                                     _external_default(external_forms), base.forms_of,
                                     detail=("Категория", lambda p: p.category_label),
                                     detail_width=18, today=today)
        self.new_box = self._build_new_person(external_forms)
        tabs = QTabWidget()
        tabs.addTab(self.new_box, "Новый человек")
        tabs.addTab(self.existing, f"Уже в базе школы ({len(start.external)})")
        super().__init__("Внешний контур",
                         "Выпускники, сотрудники предприятий, предприниматели и общественные "
                         "деятели, студенты. Новых людей впишите слева — они будут добавлены "
                         "в базу школы вместе с мастером.", base, tabs, [self.existing])
        self.tabs.setCurrentIndex(1 if start.external else 0)

    def _build_new_person(self, forms: list[FormOption]) -> QWidget:
        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.middle_name = QLineEdit()
        self.category = QComboBox()
        for category in EXTERNAL_CATEGORIES:
            self.category.addItem(CATEGORY_LABELS[category], category)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("Предприятие, вуз, колледж, организация")
        self.position = QLineEdit()
        self.position.setPlaceholderText("Должность, курс, специальность")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+7 900 000-00-00")
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.ru")
        self.new_form = form_combo(forms, _external_default(forms))
        self.new_add_button = QPushButton("&Добавить в базу наставников →")
        self.new_add_button.setEnabled(False)
        self.new_add_button.clicked.connect(self.add_new_person)
        self.new_problems = QLabel()
        self.new_problems.setWordWrap(True)
        self.new_problems.setStyleSheet("QLabel { color: #8c1d18; }")

        box = QWidget()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (("&Фамилия*:", self.last_name), ("&Имя*:", self.first_name),
                            ("&Отчество:", self.middle_name), ("&Категория*:", self.category),
                            ("О&рганизация:", self.organisation),
                            ("&Должность:", self.position), ("&Телефон:", self.phone),
                            ("&Эл. почта:", self.email), ("Ф&орма:", self.new_form)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.new_problems)
        form.addRow(self.new_add_button)
        for field in (self.last_name, self.first_name, self.email):
            field.textChanged.connect(self._check_new_person)
        return box

    def new_person(self) -> NewExternalPerson:
        def text(field: QLineEdit) -> str:
            return " ".join(field.text().split())

        return NewExternalPerson(
            text(self.last_name), text(self.first_name), text(self.middle_name),
            PersonCategory(self.category.currentData()), text(self.organisation),
            text(self.position), text(self.phone), self.email.text().strip())

    def _check_new_person(self) -> None:
        person = self.new_person()
        typed = bool(person.last_name or person.first_name or person.email)
        problems = stage3_service.new_person_problems(person) if typed else []
        self.new_problems.setText(" ".join(problems))
        self.new_problems.setVisible(bool(problems))
        self.new_add_button.setEnabled(typed and not problems)

    def add_new_person(self) -> None:
        person = self.new_person()
        if stage3_service.new_person_problems(person):
            return
        self.base.add([person], self.new_form.currentData(), Contour.EXTERNAL)
        self.added.setText(f"В базу наставников добавлен(а): {person.full_name} "
                           "(новый человек).")
        for field in (self.last_name, self.first_name, self.middle_name, self.organisation,
                      self.position, self.phone, self.email):
            field.clear()
        self.last_name.setFocus()


def _external_default(forms: list[FormOption]) -> int | None:
    """«работодатель – ученик» for people from outside, else the first form offered."""
    preferred = [f for f in forms if f.code == "employer_pupil"] or forms
    return preferred[0].id if preferred else None


# --- 3. profiles ---------------------------------------------------------------------------------

PROFILE_FILTERS = {"all": "Все наставники", "incomplete": "Без компетенций или времени",
                   "internal": "Внутренний контур", "external": "Внешний контур"}


def _optional_spin(maximum: int, minimum: int = 0) -> QSpinBox:
    """A spin box whose lowest value reads «не указано» (stored as None)."""
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setSpecialValueText(NOT_SET)
    return spin


class ProfilesPage(StagePage):
    def __init__(self, start: Stage3Start, base: MentorBase) -> None:
        super().__init__("Профили наставников",
                         "Компетенции, достижения и интересы, с какими запросами наставник "
                         "может помочь, желаемый возраст наставляемых, ресурс времени и "
                         "скольких наставляемых он возьмёт.")
        self.base = base
        self._requests = start.requests
        self._row: int | None = None
        self._loading = False

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО, классу или месту работы")
        self.search.setClearButtonEnabled(True)
        self.filter_combo = QComboBox()
        for key, label in PROFILE_FILTERS.items():
            self.filter_combo.addItem(label, key)
        self.search.textChanged.connect(self._filter)
        self.filter_combo.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.filter_combo)
        self.proxy = RowsFilter(base, self)
        self.view = table_view(self.proxy, multi=True)
        for column in (MentorBase.COL_PLACE, MentorBase.COL_CATEGORY, MentorBase.COL_FORM):
            self.view.setColumnHidden(column, True)
        size_columns(self.view, [24, 0, 0, 0, None, 9, 14])
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
        texts = QFormLayout()
        texts.addRow("&Компетенции*:", self.competencies)
        texts.addRow("&Достижения:", self.achievements)
        texts.addRow("&Интересы:", self.interests)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 0, 6, 0)
        column.addWidget(self.person_label)
        column.addWidget(self.details_label)
        column.addLayout(texts)
        column.addLayout(numbers)
        column.addWidget(requests_box, 1)
        self.editor = content
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        for editor in (self.competencies, self.achievements, self.interests):
            editor.textChanged.connect(self._edited)
        for spin in (self.age_min, self.age_max, self.hours, self.capacity):
            spin.valueChanged.connect(self._edited)
        self.helps_with.changed.connect(self._edited)
        return scroll

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
        finally:
            self._loading = False
        self._update_buttons()

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

    def problems(self) -> list[str]:
        return self.base.profile_problems()


def _text_editor(placeholder: str, lines: int = 2) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines
                          + 2 * editor.frameWidth() + 8)
    return editor


# --- the wizard ----------------------------------------------------------------------------------


class Stage3Wizard(StageWizard):
    """After «Готово» `card` holds stage 3 as the roadmap shows it (None until then).
    `start` is the stage's data as loaded (`open_stage3_wizard` loads it in a worker thread);
    without it the wizard loads it itself."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None, start: Stage3Start | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent)
        self._db = db
        self._programme_id = programme_id
        self._today = today or dt.date.today()
        self.card: StageCard | None = None
        self.start = start or stage3_service.stage3_start(db, programme_id)
        self.setWindowTitle(f"{WIZARD_TITLE} — программа {self.start.school_year}")

        self.base = MentorBase(self.start, self)
        self.internal_page = InternalPage(self.start, self.base, self._today)
        self.external_page = ExternalPage(self.start, self.base, self._today)
        self.profiles_page = ProfilesPage(self.start, self.base)
        self.summary_page = SummaryPage(
            "Что будет сохранено и что останется сделать. Пункты — те же, что в дорожной "
            "карте: этап будет отмечен выполненным, когда выполнены все.", self._summary)
        for page in (self.internal_page, self.external_page, self.profiles_page,
                     self.summary_page):
            self.addPage(page)

    def collected(self) -> Stage3Data:
        return Stage3Data(tuple(self.base.entries()))

    def _summary(self) -> tuple[str, StageCard]:
        data = self.collected()
        card = stage3_service.preview_stage3(self._db, self._programme_id, data,
                                             today=self._today)
        return self.summary_html(card), card

    def summary_html(self, card: StageCard) -> str:
        esc = html.escape
        base = self.base
        entries = base.entries()
        counts: dict[tuple[Contour, str], set[Any]] = {}
        for entry in entries:
            key = (entry.contour, base.person(entry).category_label)
            counts.setdefault(key, set()).add(entry.person)
        by_contour = ""
        for contour in Contour:
            lines = "".join(f"<li>{esc(category)}: {len(people)}</li>"
                            for (c, category), people in sorted(counts.items(),
                                                                key=lambda kv: kv[0][1])
                            if c is contour)
            total = len({e.person for e in entries if e.contour is contour})
            by_contour += (f"<p><b>{CONTOUR_LABELS[contour].capitalize()} контур: "
                           f"{count_phrase(total, 'человек', 'человека', 'человек')}</b></p>"
                           f"<ul>{lines}</ul>")
        incomplete = list(dict.fromkeys(base.person(e).full_name for e in entries
                                        if not e.described))
        new_people = [base.person(e).full_name for e in entries
                      if isinstance(e.person, NewExternalPerson)]
        missing = (f"<p><b>Без компетенций или ресурса времени ({len(incomplete)}):</b> "
                   f"{names_html(incomplete)}</p>") if incomplete else ""
        added = (f"<p><b>Будут добавлены в базу школы ({len(new_people)}):</b> "
                 f"{names_html(new_people)}</p>") if new_people else ""
        rows = "".join(
            f"<tr><td>{esc(base.person(e).full_name)}</td>"
            f"<td>{esc(CONTOUR_LABELS[e.contour])}</td>"
            f"<td>{esc(base.person(e).category_label)}</td><td>{esc(base.form_name(e))}</td>"
            f"<td>{esc(e.competencies or NOT_SET)}</td><td>{esc(hours_text(e))}</td>"
            f"<td>{e.capacity}</td></tr>" for e in entries)
        people = len({e.person for e in entries})
        return (f"<h3>Этап {card.stage}: {esc(card.title)}</h3>{card_html(card)}{missing}"
                f"<h3>База наставников: "
                f"{count_phrase(people, 'человек', 'человека', 'человек')}</h3>"
                f"{by_contour}{added}"
                "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
                "<tr><th>ФИО</th><th>Контур</th><th>Категория</th><th>Форма</th>"
                "<th>Компетенции</th><th>Время</th><th>Наставляемых</th></tr>"
                f"{rows}</table>")

    def save(self) -> None:
        self.card = stage3_service.complete_stage3(self._db, self._programme_id,
                                                   self.collected(), today=self._today)

    def after_save(self) -> None:
        assert self.card is not None
        tell_what_is_left(self, self.card)


def open_stage3_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> BackgroundTask:
    """Load the stage's data in a worker thread (the school's people: seconds for a large
    school), then run the wizard modally; `on_finished()` once the curator finished it."""

    def show(start: Stage3Start) -> None:
        wizard = Stage3Wizard(db, programme_id, parent, start=start)
        if wizard.exec() == QWizard.DialogCode.Accepted:
            on_finished()

    return run_task(parent, lambda _progress: stage3_service.stage3_start(db, programme_id),
                    show, title=WIZARD_TITLE, label="Загружаются люди школы и база "
                    "наставников…", failure_title="Мастер не открыт", cancellable=False)
