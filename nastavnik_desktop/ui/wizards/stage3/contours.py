"""Pages 1 and 2 of the stage 3 wizard: the internal and the external contour of the mentor
base.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import CATEGORY_LABELS, Contour, PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.services.stages.stage3 import (
    EXTERNAL_CATEGORIES,
    NewExternalPerson,
    Stage3Start,
)
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.mentor_base import MentorBase
from nastavnik_desktop.ui.widgets.base_panel import BasePanel
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker, default_form, form_combo
from nastavnik_desktop.ui.wizards.pages import StagePage

CONTOUR_LABELS = {Contour.INTERNAL: "внутренний", Contour.EXTERNAL: "внешний"}

def _base_panel(base: MentorBase, title: str) -> BasePanel:
    return BasePanel(title, base, [24, 22, 0, None, 0, 0, 0],
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
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 520])
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
        self.staff = picker(start.staff, True, experienced_filter=True,
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
