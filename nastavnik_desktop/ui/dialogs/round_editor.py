"""«Назначить опрос» and «Изменить опрос»: a questionnaire put to the programme's participants
between two dates (issue 13, point 1). One service call on OK (`create_round` / `edit_round`);
a refusal is shown and the dialog stays open with what was typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.questionnaires import QuestionnaireInfo, RoundInfo
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate

DEFAULT_DAYS = 14
"""A new round runs two weeks from today unless the curator says otherwise."""

TITLE = "Опрос"


def default_title(questionnaire: QuestionnaireInfo, opens_on: dt.date) -> str:
    """As the service names a round left untitled: «<анкета> (<начало>)»."""
    return f"{questionnaire.title} ({format_date(opens_on)})"


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class RoundEditor(QDialog):
    """A new round of the programme (`found` None), or the title and dates of one."""

    def __init__(self, db: Database, programme_id: int, today: dt.date, *,
                 found: RoundInfo | None = None, questionnaire_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.programme_id, self.found = db, programme_id, found
        self.round_id: int | None = found.id if found else None
        self.setWindowTitle("Изменить опрос" if found else "Назначить опрос")
        self.choices: list[QuestionnaireInfo] = []
        self.questionnaire = QComboBox()
        self.questionnaire.setMinimumContentsLength(40)
        self.about = style.secondary()
        self.title = QLineEdit()
        self.title.setMaxLength(300)
        self._title_typed = False
        self.opens = _date_edit(found.opens_on if found else today)
        self.has_end = QCheckBox("до")
        self.closes = _date_edit(found.closes_on if found and found.closes_on else
                                  (found.opens_on if found else today)
                                  + dt.timedelta(days=DEFAULT_DAYS))
        if found is not None and found.closes_on is None:
            self.has_end.setChecked(False)
            self.closes.setEnabled(False)
        else:
            self.has_end.setChecked(True)
        self.has_end.toggled.connect(self.closes.setEnabled)

        form = QFormLayout()
        if found is None:
            q.ensure_seeded(db)
            self.choices = [i for i in q.questionnaires(db, programme_id=programme_id)
                            if not i.hidden and i.questions]
            for info in self.choices:
                self.questionnaire.addItem(info.caption, info.id)
            chosen = next((n for n, i in enumerate(self.choices) if i.id == questionnaire_id), 0)
            self.questionnaire.setCurrentIndex(chosen)
            form.addRow("Анкета:", self.questionnaire)
        else:
            form.addRow("Анкета:", QLabel(found.template_title))
            self.about.setText(f"{found.phase_label.capitalize()} анкета, отвечают "
                               f"{found.audience_label}.")
        form.addRow("", self.about)
        form.addRow("Название:", self.title)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("с"))
        dates.addWidget(self.opens)
        dates.addWidget(self.has_end)
        dates.addWidget(self.closes)
        dates.addStretch(1)
        form.addRow("Сроки:", dates)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        _box, self.accept_button = style.dialog_buttons(self, "Сохранить" if found
                                                        else "Назначить")
        layout.addWidget(_box)

        if found is not None:
            self.title.setText(found.title)
            self._title_typed = True
        self.questionnaire.currentIndexChanged.connect(self._propose)
        self.opens.dateChanged.connect(self._propose)
        self.title.textEdited.connect(self._typed)
        self._propose()
        if found is None and not self.choices:
            self.about.setText("Нет анкет с вопросами: составьте анкету на вкладке «Анкеты».")
            self.accept_button.setEnabled(False)
        self.resize(680, self.sizeHint().height())

    def chosen(self) -> QuestionnaireInfo | None:
        index = self.questionnaire.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def _typed(self, text: str) -> None:
        self._title_typed = bool(text.strip())

    def _propose(self) -> None:
        """The title follows the questionnaire and the start until the curator types one."""
        info = self.chosen()
        if info is None:
            return
        self.about.setText(f"{info.phase_label.capitalize()} анкета, отвечают "
                           f"{info.audience_label}"
                           + (f" (форма «{info.form_name}»)" if info.form_name else "") + ".")
        if not self._title_typed:
            self.title.setText(default_title(info, pydate(self.opens.date())))

    def accept(self) -> None:
        opens = pydate(self.opens.date())
        closes = pydate(self.closes.date()) if self.has_end.isChecked() else None
        title = self.title.text()
        if self.found is not None:
            found = self.found
            if not messages.attempt(self, lambda: q.edit_round(
                    self.db, found.id, title=title, opens_on=opens, closes_on=closes),
                    title=TITLE):
                return
        else:
            info = self.chosen()
            if info is None:
                return
            created = messages.guarded(self, lambda: q.create_round(
                self.db, self.programme_id, info.id, opens_on=opens, closes_on=closes,
                title=title), title=TITLE)
            if created is None:
                return
            self.round_id = created
        super().accept()
