"""Page 3 of the stage 4 wizard: «Школа наставников»."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from nastavnik_desktop.ui.models.candidates_model import CandidatesModel
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.candidate_table import (
    FilterBar,
    candidate_table,
    select_candidates,
    selected_candidate_rows,
)
from nastavnik_desktop.ui.widgets.cohort import multi_select, selection_count
from nastavnik_desktop.ui.wizards.stage4.page import Stage4Page

DEFAULT_TRAINING_HOURS = 8.0

class TrainingPage(Stage4Page):
    def __init__(self, model: CandidatesModel, today: dt.date) -> None:
        super().__init__(model, "Школа наставников",
                         "Укажите дату и продолжительность занятия, выделите в списке тех, "
                         "кто прошёл обучение (Ctrl или Shift — несколько, Ctrl+A — всех), и "
                         "нажмите «Отметить выделенных».")
        self.date = QDateEdit()
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate(2000, 1, 1))
        self.date.setMaximumDate(qdate(today))
        states = model.states()
        recorded = [s.training_on for s in states if s.training_on is not None]
        self.date.setDate(qdate(max(recorded) if recorded else today))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, 200.0)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setSuffix(" ч")
        hours = [s.training_hours for s in states if s.training_hours]
        self.hours.setValue(max(hours, key=hours.count) if hours else DEFAULT_TRAINING_HOURS)

        session_box = QGroupBox("Занятие «Школы наставников»")
        session_row = QHBoxLayout(session_box)
        for text, field in (("&Дата:", self.date), ("&Продолжительность:", self.hours)):
            label = QLabel(text)
            label.setBuddy(field)
            session_row.addWidget(label)
            session_row.addWidget(field)
            session_row.addSpacing(16)
        session_row.addStretch(1)

        self.filters = FilterBar(self.proxy, model)
        self.view = candidate_table(self.proxy, model, ("name", "place", "form", "status",
                                               "training_on", "hours", "completed"),
                           widths={"place": 28})
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(
            model.col("name"), QHeaderView.ResizeMode.Stretch)
        multi_select(self.view)
        self.mark_button = QPushButton("&Отметить выделенных: обучение пройдено")
        self.mark_button.clicked.connect(self.mark_selected)
        self.unmark_button = QPushButton("&Снять отметку")
        self.unmark_button.clicked.connect(self.unmark_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.unmark_button)
        buttons.addStretch(1)
        buttons.addWidget(selection_count(self.view))

        layout = QVBoxLayout(self)
        layout.addWidget(session_box)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.view.selectionModel().hasSelection()
        self.mark_button.setEnabled(chosen)
        self.unmark_button.setEnabled(chosen)

    def select_rows(self, profile_ids: Sequence[int]) -> None:
        select_candidates(self.view, self.proxy, self.model, profile_ids)

    def mark_selected(self) -> None:
        day, hours = pydate(self.date.date()), self.hours.value()
        self._apply(lambda row: self.model.change(
            row, training_on=day, training_hours=hours, training_completed=True))

    def unmark_selected(self) -> None:
        self._apply(lambda row: self.model.change(
            row, training_on=None, training_hours=None, training_completed=False))

    def _apply(self, change: Callable[[int], str | None]) -> None:
        refusals = self.model.change_each(selected_candidate_rows(self.view, self.proxy), change)
        if refusals:
            self.refuse("\n\n".join(refusals))
