"""Stage 4 «Отбор и обучение наставников» as a wizard over services/stages/stage4.py.

One table model holds every candidate of the mentor base with what the curator changes; each
page shows the columns it needs through its own filter: the scores on the eight criteria, the
interview, the «Школа наставников», the decision. Every edit is checked at once by the
service's rule (`check_change`), so a refused step is said in Russian and nothing moves; «Готово»
saves all changes with one `save_stage4` call, «Отмена» leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

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
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS, MentorStatus
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import (
    MAX_SCORE,
    Candidate,
    CandidateState,
    Stage4Preview,
)
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.candidates_model import (
    CandidateFilter,
    CandidatesModel,
    ScoreDelegate,
    legend_name,
    number_text,
)
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.candidate_table import (
    FilterBar,
    candidate_table,
    selected_candidate_rows,
)
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import HINT_STYLE

WIZARD_TITLE = "Этап 4. Отбор и обучение наставников"
WIZARD_SIZE = (1100, 700)
DEFAULT_TRAINING_HOURS = 8.0
REFUSED_TITLE = "Изменение не принято"


class _Stage4Page(QWizardPage):
    """A page with the candidates: lists what blocks «Далее» under the table."""

    def __init__(self, model: CandidatesModel, title: str, subtitle: str) -> None:
        super().__init__()
        self.model = model
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.proxy = CandidateFilter(model, self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        model.edited.connect(self.changed)

    def problems(self) -> list[str]:
        return []

    def isComplete(self) -> bool:
        return not self.problems()

    def changed(self) -> None:
        problems = self.problems()
        self.hint.setText("\n".join(problems))
        self.hint.setVisible(bool(problems))
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self.proxy.invalidate()
        self.changed()

    def refuse(self, message: str) -> None:
        messages.show_error(self, message, title=REFUSED_TITLE)


class _SideEditorPage(_Stage4Page):
    """A table on the left, an editor of the current candidate on the right."""

    view: QTableView
    filters: FilterBar

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return self.proxy.source_row(index) if index.isValid() else None

    def select_candidate(self, profile_id: int) -> None:
        """Make the candidate current (clearing the filters if they hide him)."""
        source = self.model.index(self.model.row_of(profile_id), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filters.search.clear()
            self.filters.form.setCurrentIndex(0)
            self.filters.select_status(None)
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _connect_current(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        self.model.dataChanged.connect(lambda *_: self.show_current())

    def show_current(self) -> None:
        raise NotImplementedError


# --- 1. scores --------------------------------------------------------------------------------


class ScoresPage(_Stage4Page):
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


# --- 2. interview -----------------------------------------------------------------------------


class InterviewPage(_SideEditorPage):
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


# --- 3. «Школа наставников» -------------------------------------------------------------------


class TrainingPage(_Stage4Page):
    def __init__(self, model: CandidatesModel, today: dt.date) -> None:
        super().__init__(model, "Школа наставников",
                         "Укажите дату и продолжительность занятия, выделите в списке тех, "
                         "кто прошёл обучение (Ctrl или Shift — несколько), и нажмите "
                         "«Отметить выделенных».")
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
        self.filters.select_status(MentorStatus.SELECTED)
        self.view = candidate_table(self.proxy, model, ("name", "place", "form", "status",
                                               "training_on", "hours", "completed"),
                           widths={"place": 28})
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(
            model.col("name"), QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.mark_button = QPushButton("&Отметить выделенных: обучение пройдено")
        self.mark_button.clicked.connect(self.mark_selected)
        self.unmark_button = QPushButton("&Снять отметку")
        self.unmark_button.clicked.connect(self.unmark_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.unmark_button)
        buttons.addStretch(1)

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
        """Select these candidates in the table (those the filter shows)."""
        self.view.clearSelection()
        flags = (self.view.selectionModel().SelectionFlag.Select
                 | self.view.selectionModel().SelectionFlag.Rows)
        for profile_id in profile_ids:
            index = self.proxy.mapFromSource(self.model.index(self.model.row_of(profile_id), 0))
            if index.isValid():
                self.view.selectionModel().select(index, flags)

    def mark_selected(self) -> None:
        day, hours = pydate(self.date.date()), self.hours.value()
        self._apply(lambda row: self.model.change(
            row, training_on=day, training_hours=hours, training_completed=True))

    def unmark_selected(self) -> None:
        self._apply(lambda row: self.model.change(
            row, training_on=None, training_hours=None, training_completed=False))

    def _apply(self, change: Callable[[int], str | None]) -> None:
        rows = selected_candidate_rows(self.view, self.proxy)
        self.model.blockSignals(True)  # one message for all refusals, not one per person
        try:
            refusals = [message for row in rows if (message := change(row)) is not None]
        finally:
            self.model.blockSignals(False)
        self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
            self.model.rowCount() - 1, self.model.columnCount() - 1))
        self.model.edited.emit()
        if refusals:
            self.refuse("\n\n".join(refusals))


# --- 4. decision -----------------------------------------------------------------------------


class DecisionPage(_SideEditorPage):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Решение",
                         "Для каждого кандидата выберите статус: кандидат → отобран → обучен → "
                         "допущен, или «отклонён» с причиной. Рекомендация по баллам — "
                         "только подсказка.")
        self.filters = FilterBar(self.proxy, model)
        self.view = candidate_table(self.proxy, model, ("name", "status", "average", "suggestion",
                                               "reason"), widths={"suggestion": 30})
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setFont(style.scaled_font(self.name.font(), 1.1, bold=True))
        self.details = style.secondary()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.apply_suggestion_button = QPushButton("Принять &рекомендацию")
        self.apply_suggestion_button.clicked.connect(self.apply_suggestion)
        self.status = QComboBox()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Обязательно для отклонённых: почему кандидат не "
                                       "рекомендован")
        self.reason.setTabChangesFocus(True)
        self.admit_all_button = QPushButton("Допустить всех &обученных")
        self.admit_all_button.clicked.connect(self.admit_all_trained)

        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.name)
        column.addWidget(self.details)
        suggestion_box = QGroupBox("Рекомендация")
        suggestion_column = QVBoxLayout(suggestion_box)
        suggestion_column.addWidget(self.suggestion)
        suggestion_column.addWidget(self.apply_suggestion_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(suggestion_box)
        status_label = QLabel("&Статус:")
        status_label.setBuddy(self.status)
        column.addWidget(status_label)
        column.addWidget(self.status)
        self.reason_label = QLabel("&Причина отклонения:")
        self.reason_label.setBuddy(self.reason)
        column.addWidget(self.reason_label)
        column.addWidget(self.reason, 1)
        self.editor = editor

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.filters)
        left_column.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.admit_all_button)
        buttons.addStretch(1)
        left_column.addLayout(buttons)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)

        self._showing = False
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.reason.textChanged.connect(self._store_reason)
        self._connect_current()
        self.show_current()

    def show_current(self) -> None:
        row = self.current_row()
        self.editor.setEnabled(row is not None)
        self._showing = True
        try:
            if row is None:
                self.name.setText("Выберите кандидата в списке")
                for label in (self.details, self.suggestion):
                    label.clear()
                self.status.clear()
                return
            candidate, state = self.model.candidate(row), self.model.state(row)
            self.name.setText(candidate.full_name)
            self.details.setText(self._details(candidate, state))
            suggestion = stage4_service.suggest(state, self.model.criteria)
            self.suggestion.setText(suggestion.text or "Нет: решение уже принято.")
            self.apply_suggestion_button.setEnabled(suggestion.status is not None)
            self.status.clear()
            for status in stage4_service.allowed_statuses(candidate.state.status):
                self.status.addItem(MENTOR_STATUS_LABELS[status], status.value)
            self.status.setCurrentIndex(self.status.findData(state.status.value))
            rejected = state.status is MentorStatus.REJECTED
            self.reason.setEnabled(rejected)
            self.reason_label.setEnabled(rejected)
            if self.reason.toPlainText() != state.rejection_reason:
                self.reason.setPlainText(state.rejection_reason)
        finally:
            self._showing = False

    def _details(self, candidate: Candidate, state: CandidateState) -> str:
        ids = [c.id for c in self.model.criteria]
        average = stage4_service.average_score(state, ids)
        left = len(stage4_service.unscored(state, ids))
        lines = [", ".join(p for p in (candidate.place, candidate.form_name) if p),
                 f"Средний балл: {number_text(average, whole=False) or 'нет оценок'}"
                 + (f" (не оценено: {left})" if left and state.scores else ""),
                 f"Собеседование: {format_date(state.interview_on) or 'не проведено'}",
                 "Школа наставников: " + (f"пройдена {format_date(state.training_on)}"
                                          if state.training_completed else "не пройдена")]
        if candidate.state.status is not state.status:
            lines.append(f"Было: «{MENTOR_STATUS_LABELS[candidate.state.status]}»")
        return "\n".join(lines)

    def choose_status(self, status: MentorStatus) -> str | None:
        """Give the current candidate `status`, as the combo does; the refusal or None."""
        row = self.current_row()
        if row is None:
            return None
        refusal = self.model.change(row, status=status)
        if status is MentorStatus.REJECTED and refusal is None:
            self.reason.setFocus()
        self.show_current()
        return refusal

    def _status_chosen(self) -> None:
        value = self.status.currentData()
        if self._showing or value is None:
            return
        self.choose_status(MentorStatus(value))

    def _store_reason(self) -> None:
        row = self.current_row()
        if self._showing or row is None:
            return
        self.model.change(row, rejection_reason=self.reason.toPlainText())

    def apply_suggestion(self) -> None:
        row = self.current_row()
        if row is None:
            return
        suggestion = stage4_service.suggest(self.model.state(row), self.model.criteria)
        if suggestion.status is not None:
            self.choose_status(suggestion.status)

    def admit_all_trained(self) -> None:
        rows = [r for r in range(self.model.rowCount())
                if self.model.state(r).status is MentorStatus.TRAINED]
        if not rows:
            messages.show_info(self, "Обученных наставников, ещё не допущенных к работе, "
                               "нет.", title="Допустить всех обученных")
            return
        self.model.blockSignals(True)
        try:
            refusals = [m for r in rows if (m := self.model.change(
                r, status=MentorStatus.ADMITTED)) is not None]
        finally:
            self.model.blockSignals(False)
        self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(
            self.model.rowCount() - 1, self.model.columnCount() - 1))
        self.model.edited.emit()
        admitted = len(rows) - len(refusals)
        mentors = count_phrase(admitted, "наставник", "наставника", "наставников")
        text = f"Допущено к работе: {mentors}."
        if refusals:
            text += "\n\nНе допущены:\n" + "\n".join(refusals)
        messages.show_info(self, text, title="Допустить всех обученных")

    def problems(self) -> list[str]:
        missing = [self.model.candidate(r).full_name for r in range(self.model.rowCount())
                   if self.model.state(r).status is MentorStatus.REJECTED
                   and not self.model.state(r).rejection_reason.strip()]
        if missing:
            return ["Укажите причину отклонения: " + ", ".join(missing) + "."]
        return []


# --- 5. summary ------------------------------------------------------------------------------


class SummaryPage(_Stage4Page):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Итог",
                         "Проверьте, что будет сохранено. После «Готово» изменения запишутся "
                         "разом; допущенные наставники станут доступны для подбора пар.")
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.error = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, Stage4Wizard)
        try:
            preview = wizard.preview()
        except NastavnikError as exc:
            self.error = exc.message
            self.summary.clear()
        else:
            self.error = ""
            self.summary.setHtml(summary_html(preview))
        super().initializePage()

    def problems(self) -> list[str]:
        return [f"Сохранить нельзя: {self.error}"] if self.error else []

    def text(self) -> str:
        return self.summary.toPlainText()


def summary_html(preview: Stage4Preview) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(MENTOR_STATUS_LABELS[status])}</td>"
        f"<td align='right'>{preview.counts_before[status]}</td>"
        f"<td align='right'><b>{preview.counts_after[status]}</b></td></tr>"
        for status in preview.counts_after)
    items = "".join(
        f"<li>{'✔' if item.done else '✘'} {esc(item.text)}"
        + (f" — {esc(item.detail)}" if item.detail else "")
        + (" <i>(отметка куратора)</i>" if item.manual else "") + "</li>"
        for item in preview.card.items)
    missing = [item.text for item in preview.card.items if not item.done]
    changed = count_phrase(preview.changed, "наставника", "наставников", "наставников")
    return (
        (f"<p>Будут изменены данные {changed}.</p>" if preview.changed
         else "<p>Данные наставников не менялись.</p>")
        + "<h3>Кандидаты по статусам</h3>"
        "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse: collapse'>"
        "<tr><th align='left'>Статус</th><th>Сейчас</th><th>После сохранения</th></tr>"
        f"{rows}</table>"
        "<h3>Этап 4 в дорожной карте</h3>"
        f"<ul>{items}</ul>"
        + (f"<p><b>Ещё не сделано:</b> {esc('; '.join(m[:1].lower() + m[1:] for m in missing))}"
           ".</p>" if missing else "<p><b>Все пункты этапа выполнены.</b></p>"))


# --- the wizard ------------------------------------------------------------------------------


class Stage4Wizard(StageWizard):
    """`today` bounds the dates (tests pass a fixed day). After «Готово» `saved` says how
    many mentor records changed."""

    close_question = "Закрыть мастер? Оценки, собеседования и решения не будут сохранены."

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(900, 600))
        self._db = db
        self._programme_id = programme_id
        self.today = today or dt.date.today()
        self.saved: int | None = None
        data = stage4_service.load_stage4(db, programme_id)
        self._interviews_ticked = data.interviews_ticked
        self.model = CandidatesModel(data, self.today, self)

        self.scores_page = ScoresPage(self.model)
        self.interview_page = InterviewPage(self.model, data.interviews_ticked, self.today)
        self.training_page = TrainingPage(self.model, self.today)
        self.decision_page = DecisionPage(self.model)
        self.summary_page = SummaryPage(self.model)
        for page in (self.scores_page, self.interview_page, self.training_page,
                     self.decision_page, self.summary_page):
            self.addPage(page)
        self.model.refused.connect(self._show_refusal)

    def _show_refusal(self, message: str) -> None:
        messages.show_error(self, message, title=REFUSED_TITLE)

    def interviews_done(self) -> bool | None:
        """The roadmap tick if the curator changed it, else None (left as stored)."""
        ticked = self.interview_page.tick.isChecked()
        return ticked if ticked != self._interviews_ticked else None

    def has_changes(self) -> bool:
        return bool(self.model.changes()) or self.interviews_done() is not None

    def preview(self) -> Stage4Preview:
        return stage4_service.preview_stage4(self._db, self._programme_id,
                                             self.model.changes(),
                                             interviews_done=self.interviews_done(),
                                             today=self.today)

    def has_entered(self) -> bool:
        return self.has_changes()

    def save(self) -> None:
        self.saved = stage4_service.save_stage4(
            self._db, self._programme_id, self.model.changes(),
            interviews_done=self.interviews_done(), today=self.today)
