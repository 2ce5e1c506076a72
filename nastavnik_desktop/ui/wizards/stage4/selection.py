"""Pages 1 and 2 of the stage 4 wizard: the scores on the eight criteria; the interview."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import MAX_SCORE
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.candidates_model import CandidatesModel, ScoreDelegate, legend_name
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.candidate_table import FilterBar, candidate_table
from nastavnik_desktop.ui.wizards.stage4.page import SideEditorPage, Stage4Page


class ScoresPage(Stage4Page):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Оценка по критериям",
                         f"Оцените каждого кандидата по критериям отбора от 0 до {MAX_SCORE} "
                         "баллов: двойной щелчок или ввод цифры в ячейке. «—» — не оценено. "
                         "Полное название критерия — в подсказке к заголовку столбца.")
        self.filters = FilterBar(self.proxy, model)
        self.view = candidate_table(self.proxy, model, ("name", "status", "total", "average"),
                           criteria=True)
        self.view.setItemDelegate(ScoreDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.view.horizontalHeader()
        width = max(header.sectionSize(c) for c in model.criterion_columns())
        for column in model.criterion_columns():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(model.col("name"), QHeaderView.ResizeMode.Stretch)
        self.legend = style.secondary("Критерии: " + "; ".join(
            f"{legend_name(c.name)} — {c.name}" for c in model.criteria) + ".")
        self.empty = style.secondary("В базе наставников программы пока нет кандидатов. "
                                     "Сначала соберите базу наставников (этап 3).")
        self.empty.setVisible(model.rowCount() == 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.legend)
        layout.addWidget(self.hint)

    def score_index(self, profile_id: int, criterion_id: int) -> QModelIndex:
        """The cell of the view (its proxy) for a candidate and a criterion."""
        source = self.model.index(self.model.row_of(profile_id),
                                  self.model.col(f"criterion:{criterion_id}"))
        return self.proxy.mapFromSource(source)

    def problems(self) -> list[str]:
        ids = [c.id for c in self.model.criteria]
        partial = [self.model.candidate(r).full_name for r in range(self.model.rowCount())
                   if self.model.state(r).scores
                   and stage4_service.unscored(self.model.state(r), ids)]
        if partial:
            return ["Оценены не по всем критериям: " + ", ".join(partial[:5])
                    + (f" и ещё {len(partial) - 5}" if len(partial) > 5 else "")
                    + ". Их можно дооценить позже."]
        return []

    def isComplete(self) -> bool:
        return True


class InterviewPage(SideEditorPage):
    def __init__(self, model: CandidatesModel, interviews_ticked: bool,
                 today: dt.date) -> None:
        super().__init__(model, "Собеседование",
                         "Выберите кандидата в списке и запишите дату собеседования и "
                         "впечатления. Без даты собеседования кандидата нельзя отобрать.")
        self.filters = FilterBar(self.proxy, model)
        self.view = candidate_table(self.proxy, model, ("name", "status", "interview", "notes"))
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setFont(style.scaled_font(self.name.font(), 1.1, bold=True))
        self.details = style.secondary()
        self.held = QCheckBox("Собеседование &проведено")
        self.date = QDateEdit()
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate(2000, 1, 1))
        self.date.setMaximumDate(qdate(today))
        self.date.setDate(qdate(today))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Мотивация, сильные стороны, ресурс времени, "
                                      "пожелания к наставляемым…")
        self.notes.setTabChangesFocus(True)
        self.tick = QCheckBox("Собеседования с кандидатами проведены\n"
                              "(пункт дорожной карты этапа 4)")
        self.tick.setChecked(interviews_ticked)

        editor = QWidget()
        form = QFormLayout()
        form.addRow(self.held)
        date_label = QLabel("&Дата:")
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.date)
        column = QVBoxLayout(editor)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.name)
        column.addWidget(self.details)
        column.addLayout(form)
        notes_label = QLabel("&Заметки по собеседованию:")
        notes_label.setBuddy(self.notes)
        column.addWidget(notes_label)
        column.addWidget(self.notes, 1)
        column.addWidget(self.tick)
        self.editor = editor

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.filters)
        left_column.addWidget(self.view, 1)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([720, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)

        self._showing = False
        self.held.toggled.connect(self._store)
        self.date.dateChanged.connect(self._store)
        self.notes.textChanged.connect(self._store)
        self._connect_current()
        self.show_current()

    def show_current(self) -> None:
        row = self.current_row()
        self.editor.setEnabled(row is not None)
        if row is None:
            self.name.setText("Выберите кандидата в списке")
            self.details.clear()
            return
        candidate, state = self.model.candidate(row), self.model.state(row)
        self._showing = True
        try:
            self.name.setText(candidate.full_name)
            self.details.setText(", ".join(p for p in (
                candidate.place, candidate.form_name,
                f"статус «{MENTOR_STATUS_LABELS[state.status]}»") if p))
            self.held.setChecked(state.interview_on is not None)
            self.date.setEnabled(state.interview_on is not None)
            if state.interview_on is not None:
                self.date.setDate(qdate(state.interview_on))
            if self.notes.toPlainText() != state.interview_notes:
                self.notes.setPlainText(state.interview_notes)
        finally:
            self._showing = False

    def _store(self) -> None:
        row = self.current_row()
        if self._showing or row is None:
            return
        self.date.setEnabled(self.held.isChecked())
        day = pydate(self.date.date()) if self.held.isChecked() else None
        if self.model.change(row, interview_on=day,
                             interview_notes=self.notes.toPlainText()) is not None:
            self.show_current()
