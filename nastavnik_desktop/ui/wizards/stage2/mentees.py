"""Pages 1 and 2 of the stage 2 wizard: the informing events; the mentee base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.services.stages.stage2 import DEFAULT_AUDIENCES, InformingEvent, Stage2Start
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.events_model import EventDelegate, EventsModel
from nastavnik_desktop.ui.models.mentee_base import MenteeBase
from nastavnik_desktop.ui.widgets.base_panel import BasePanel
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker, default_form
from nastavnik_desktop.ui.widgets.tables import selected_source_rows, size_columns, table_view
from nastavnik_desktop.ui.wizards.pages import StagePage


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
            "База наставляемых", base, [24, 19, None, None, None],
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
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 520])
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
