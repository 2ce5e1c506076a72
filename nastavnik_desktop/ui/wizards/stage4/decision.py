"""Page 4 of the stage 4 wizard: the decision on every candidate."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS, MentorStatus
from nastavnik_desktop.services.people.admission import RULE_LABELS, AdmissionRule, basis_text
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import Candidate, CandidateState
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.candidates_model import CandidatesModel, number_text
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.widgets.candidate_table import (
    FilterBar,
    candidate_table,
    selected_candidate_rows,
)
from nastavnik_desktop.ui.widgets.cohort import multi_select, selection_count
from nastavnik_desktop.ui.wizards.stage4.page import SideEditorPage


def decision_subtitle(rule: AdmissionRule) -> str:
    return (f"Допуск к работе по правилу школы: {RULE_LABELS[rule]}. Выделите кандидатов "
            "(Ctrl+A — всех), проверьте дату и основание и нажмите «Допустить выбранных». "
            "Статус одного кандидата — справа; отклонённому укажите причину. Рекомендация по "
            "баллам — только подсказка.")


class DecisionPage(SideEditorPage):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Решение", decision_subtitle(model.rule))
        self.filters = FilterBar(self.proxy, model)
        self.view = candidate_table(self.proxy, model, ("name", "status", "interview",
                                                        "completed", "suggestion"))
        self.admitted_on = QDateEdit()
        self.admitted_on.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.admitted_on.setDisplayFormat(DATE_FORMAT)
        self.admitted_on.setCalendarPopup(True)
        self.admitted_on.setMinimumDate(QDate(2000, 1, 1))
        self.admitted_on.setMaximumDate(qdate(model.today))
        self.admitted_on.setDate(qdate(model.today))
        self.basis = QLineEdit(basis_text(model.rule))
        self.basis.setToolTip("Например, номер и дата протокола заседания или приказа; "
                              "записывается вместе с допуском.")
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
        multi_select(self.view)
        self.count = selection_count(self.view)
        self.admit_all_button = QPushButton("Допустить &выбранных")
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
        left_column.addWidget(self.count)
        admission = QGroupBox("Допуск к работе")
        admission_form = QFormLayout(admission)
        for text, field in (("&Дата допуска:", self.admitted_on), ("&Основание:", self.basis)):
            label = QLabel(text)
            label.setBuddy(field)
            admission_form.addRow(label, field)
        self.report = style.secondary()
        buttons = QHBoxLayout()
        buttons.addWidget(self.admit_all_button)
        buttons.addWidget(self.report, 1)
        admission_form.addRow(buttons)
        left_column.addWidget(admission)
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
        several = len(selected_candidate_rows(self.view, self.proxy)) > 1
        self.editor.setEnabled(row is not None and not several)
        self._showing = True
        try:
            if row is None or several:
                self.name.setText("Выделено несколько кандидатов: допустите их кнопкой "
                                  "«Допустить выбранных»; статус одного — выберите одного."
                                  if several else "Выберите кандидата в списке")
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
        day, basis = self.admission()
        refusal = self.model.change(row, status=status, admitted_on=day, admission_basis=basis)
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

    def admission(self) -> tuple[dt.date, str]:
        """The date and the basis an admission made on this page records."""
        return pydate(self.admitted_on.date()), " ".join(self.basis.text().split())

    def admit_all_trained(self) -> None:
        """«Допустить выбранных»: every selected candidate (when none is selected, everyone
        the school's rule allows to admit) becomes «допущен» in one step."""
        title = "Допустить выбранных"
        rows = selected_candidate_rows(self.view, self.proxy)
        if not rows:
            rows = [r for r in range(self.model.rowCount())
                    if self.model.state(r).status not in (MentorStatus.ADMITTED,
                                                          MentorStatus.REJECTED)
                    and not stage4_service.missing_for(MentorStatus.ADMITTED,
                                                       self.model.state(r),
                                                       self.model.criteria, self.model.rule)]
        rows = [r for r in rows if self.model.state(r).status is not MentorStatus.ADMITTED]
        if not rows:
            messages.show_info(self, "Некого допускать: выделите кандидатов в списке.",
                               title=title)
            return
        day, basis = self.admission()
        refusals = self.model.change_each(rows, lambda r: self.model.change(
            r, status=MentorStatus.ADMITTED, admitted_on=day, admission_basis=basis))
        admitted = len(rows) - len(refusals)
        mentors = count_phrase(admitted, "наставник", "наставника", "наставников")
        text = f"Допущено к работе: {mentors}."
        if admitted:
            text += f" Дата допуска {format_date(day)}" + (f", основание: {basis}."
                                                            if basis else ".")
        if refusals:
            text += "\n\nНе допущены:\n" + "\n".join(refusals)
        self.report.setText(text.split("\n\n")[0])
        if refusals:  # the admitted are said under the button; the refused need reading
            messages.show_info(self, text, title=title)

    def problems(self) -> list[str]:
        missing = [self.model.candidate(r).full_name for r in range(self.model.rowCount())
                   if self.model.state(r).status is MentorStatus.REJECTED
                   and not self.model.state(r).rejection_reason.strip()]
        if missing:
            return ["Укажите причину отклонения: " + ", ".join(missing) + "."]
        return []
