"""Pages 1 and 2 of the stage 4 wizard: the scores on the eight criteria; the interview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, QModelIndex, Qt
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
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS
from nastavnik_desktop.services.people.admission import (
    PROFESSIONAL_EXPERIENCE,
    RULE_LABELS,
    TIME_RESOURCE,
    AdmissionRule,
)
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import MAX_SCORE
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.candidates_model import (
    NO_SCORE,
    CandidatesModel,
    ScoreDelegate,
    legend_name,
)
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.candidate_table import (
    FilterBar,
    candidate_table,
    select_candidates,
    selected_candidate_rows,
)
from nastavnik_desktop.ui.widgets.cohort import multi_select, selection_count
from nastavnik_desktop.ui.wizards.stage4.page import SideEditorPage, Stage4Page

FROM_DATA = frozenset({PROFESSIONAL_EXPERIENCE, TIME_RESOURCE})


class ScoresPage(Stage4Page):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Оценка по критериям", scores_subtitle(model.rule))
        self.filters = FilterBar(self.proxy, model)
        self.view = multi_select(candidate_table(
            self.proxy, model, ("name", "status", "total", "average"), criteria=True))
        self.view.setItemDelegate(ScoreDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.horizontalHeader()
        # The scores are one or two digits: their columns as narrow as their headers allow,
        # which leaves the stretched ФИО its longest names at the wizard's width.
        width = max(header.sectionSize(c) for c in model.criterion_columns()) - 10
        for column in model.criterion_columns():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(model.col("name"), QHeaderView.ResizeMode.Stretch)
        self.legend = style.secondary("Критерии: " + "; ".join(
            f"{legend_name(c.name)} — {c.name}" for c in model.criteria) + ".")
        self.empty = style.secondary("В базе наставников программы пока нет кандидатов. "
                                     "Сначала соберите базу наставников (этап 3).")
        self.empty.setVisible(model.rowCount() == 0)
        self.criterion = QComboBox()
        for criterion in model.criteria:
            self.criterion.addItem(criterion.name[:1].upper() + criterion.name[1:], criterion.id)
        self.score = QComboBox()
        for score in range(MAX_SCORE + 1):
            self.score.addItem(str(score), score)
        self.score.addItem(f"{NO_SCORE} (снять оценку)", None)
        self.score.setCurrentIndex(MAX_SCORE)
        self.score_button = QPushButton("&Поставить выделенным")
        self.score_button.clicked.connect(self.score_selected)
        self.fill_button = QPushButton("&Заполнить по данным")
        self.fill_button.setToolTip(
            "Пустые ячейки выделенных (если никто не выделен — всех в списке): "
            "«профессиональный опыт» — по стажу, «ресурс времени» — по часам в месяц из "
            "профиля наставника. Поставленные оценки не меняются; любую можно исправить.")
        self.fill_button.clicked.connect(self.fill_from_data)
        self.fill_button.setEnabled(bool(
            {c.name.lower() for c in model.criteria} & FROM_DATA))
        self.report = style.secondary()
        bulk = QGroupBox("Одна оценка для всех выделенных (Ctrl+A — выделить всех)")
        bulk_row = QHBoxLayout(bulk)
        for text, field in (("&Критерий:", self.criterion), ("&Балл:", self.score)):
            label = QLabel(text)
            label.setBuddy(field)
            bulk_row.addWidget(label)
            bulk_row.addWidget(field, 1 if field is self.criterion else 0)
        bulk_row.addWidget(self.score_button)
        bulk_row.addSpacing(16)
        bulk_row.addWidget(self.fill_button)
        self.count = selection_count(self.view)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(bulk)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.report)
        layout.addWidget(self.empty)
        layout.addWidget(self.legend)
        layout.addWidget(self.hint)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.score_button.setEnabled(self.view.selectionModel().hasSelection()
                                     and bool(self.model.criteria))

    def select_rows(self, profile_ids: Sequence[int]) -> None:
        select_candidates(self.view, self.proxy, self.model, profile_ids)

    def score_selected(self) -> None:
        """The chosen score (or «—») on the chosen criterion for every selected candidate."""
        criterion_id, score = self.criterion.currentData(), self.score.currentData()
        rows = selected_candidate_rows(self.view, self.proxy)
        refusals = self.model.change_each(
            rows, lambda row: self.model.set_score(row, criterion_id, score))
        done = len(rows) - len(refusals)
        self.report.setText(f"«{self.criterion.currentText()}»: " + (
            "оценка снята у " + count_phrase(done, "кандидата", "кандидатов", "кандидатов")
            if score is None else f"оценка {score} поставлена "
            + count_phrase(done, "кандидату", "кандидатам", "кандидатам")) + ".")
        if refusals:
            self.refuse("\n\n".join(refusals))

    def fill_from_data(self) -> None:
        """Fill the empty cells the recorded data suggests a score for (the selected
        candidates, or everyone the filter shows)."""
        rows = selected_candidate_rows(self.view, self.proxy) or [
            self.proxy.source_row(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]
        filled = 0

        def fill(row: int) -> str | None:
            nonlocal filled
            state = self.model.state(row)
            fresh = {c: v for c, v in stage4_service.scores_from_data(
                self.model.candidate(row), self.model.criteria).items() if c not in state.scores}
            if not fresh:
                return None
            refusal = self.model.change(row, scores={**state.scores, **fresh})
            filled += 0 if refusal else len(fresh)
            return refusal

        refusals = self.model.change_each(rows, fill)
        self.report.setText(
            f"Заполнено по данным: {count_phrase(filled, 'оценка', 'оценки', 'оценок')}. "
            "Уже поставленные оценки не менялись; без стажа или часов в профиле ячейка "
            "остаётся пустой." if filled else
            "Заполнять нечего: у выделенных нет ни стажа, ни часов в месяц, или эти оценки "
            "уже поставлены.")
        if refusals:
            self.refuse("\n\n".join(refusals))

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


def scores_subtitle(rule: AdmissionRule) -> str:
    need = ("По правилу школы для допуска нужны оценки по всем критериям." if
            rule is AdmissionRule.FULL else
            f"Оценки не обязательны для допуска (правило школы: {RULE_LABELS[rule]}); они "
            "нужны для статуса «отобран».")
    return (f"{need} Поставьте одну оценку всем выделенным или заполните по данным; ячейка — "
            f"двойной щелчок или цифра от 0 до {MAX_SCORE}.")


def _bulk_date(today: dt.date) -> QDateEdit:
    date = QDateEdit()
    date.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    date.setDisplayFormat(DATE_FORMAT)
    date.setCalendarPopup(True)
    date.setMinimumDate(QDate(2000, 1, 1))
    date.setMaximumDate(qdate(today))
    date.setDate(qdate(today))
    return date


class InterviewPage(SideEditorPage):
    def __init__(self, model: CandidatesModel, interviews_ticked: bool,
                 today: dt.date) -> None:
        super().__init__(model, "Собеседование",
                         "Выделите тех, с кем проведено собеседование (Ctrl+A — всех), укажите "
                         "дату и нажмите «Отметить выделенных». Заметки о каждом — справа. Без "
                         "даты собеседования кандидата нельзя отобрать.")
        self.filters = FilterBar(self.proxy, model)
        self.view = multi_select(candidate_table(self.proxy, model,
                                                 ("name", "status", "interview", "notes")))
        self.bulk_date = _bulk_date(today)
        self.bulk_note = QLineEdit()
        self.bulk_note.setPlaceholderText("необязательно: итог для всех выделенных")
        self.mark_button = QPushButton("&Отметить выделенных: собеседование проведено")
        self.mark_button.clicked.connect(self.mark_selected)
        self.unmark_button = QPushButton("Снять &отметку")
        self.unmark_button.clicked.connect(self.unmark_selected)
        bulk = QGroupBox("Для всех выделенных")
        bulk_form = QFormLayout(bulk)
        bulk_form.addRow("Дата собеседования:", self.bulk_date)
        bulk_form.addRow("Итог:", self.bulk_note)
        bulk_buttons = QHBoxLayout()
        bulk_buttons.addWidget(self.mark_button)
        bulk_buttons.addWidget(self.unmark_button)
        bulk_buttons.addStretch(1)
        bulk_form.addRow(bulk_buttons)
        self.count = selection_count(self.view)
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
        self.tick = QCheckBox("Собеседования с кандидатами проведены (пункт дорожной карты "
                              "этапа 4)")
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
        self.editor = editor

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(bulk)
        left_column.addWidget(self.filters)
        left_column.addWidget(self.view, 1)
        left_column.addWidget(self.count)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([720, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.tick)
        layout.addWidget(self.hint)

        self._showing = False
        self.held.toggled.connect(self._store)
        self.date.dateChanged.connect(self._store)
        self.notes.textChanged.connect(self._store)
        self._connect_current()
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.show_current()

    def _update_buttons(self) -> None:
        chosen = self.view.selectionModel().hasSelection()
        self.mark_button.setEnabled(chosen)
        self.unmark_button.setEnabled(chosen)

    def select_rows(self, profile_ids: Sequence[int]) -> None:
        select_candidates(self.view, self.proxy, self.model, profile_ids)

    def mark_selected(self) -> None:
        """The date (and the common note, added to each one's notes) for every selected."""
        day, note = pydate(self.bulk_date.date()), " ".join(self.bulk_note.text().split())

        def mark(row: int) -> str | None:
            notes = self.model.state(row).interview_notes
            if note and note not in notes:
                notes = f"{notes.rstrip()}\n{note}" if notes.strip() else note
            return self.model.change(row, interview_on=day, interview_notes=notes)

        self._apply(mark)

    def unmark_selected(self) -> None:
        self._apply(lambda row: self.model.change(row, interview_on=None))

    def _apply(self, change: Callable[[int], str | None]) -> None:
        refusals = self.model.change_each(selected_candidate_rows(self.view, self.proxy), change)
        if refusals:
            self.refuse("\n\n".join(refusals))

    def show_current(self) -> None:
        row = self.current_row()
        several = len(selected_candidate_rows(self.view, self.proxy)) > 1
        self.editor.setEnabled(row is not None and not several)
        if row is None or several:
            self.name.setText("Выделено несколько кандидатов: дату для всех — кнопкой «Отметить "
                              "выделенных»; заметки — выберите одного." if several
                              else "Выберите кандидата в списке")
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
