"""«Создать программу наставничества»: the school and the school year, saved in one step."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import style

_ERROR_STYLE = "QLabel { color: #b3261e; }"


class CreateProgrammeDialog(QDialog):
    """On «Создать» calls `create_school_and_programme`; `created` then holds the programme."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.created: ProgrammeInfo | None = None
        self.setWindowTitle("Новая программа наставничества")
        self.setMinimumWidth(660)

        intro = QLabel("Программа наставничества ведётся на учебный год. Наименование "
                       "школы и ФИО директора попадут в реквизиты приказов и других "
                       "документов.")
        intro.setWordWrap(True)

        self.full_name = QPlainTextEdit()
        self.full_name.setPlaceholderText("Как в уставе: Муниципальное бюджетное "
                                          "общеобразовательное учреждение «Средняя "
                                          "общеобразовательная школа № 1»")
        self.full_name.setTabChangesFocus(True)
        lines = self.full_name.fontMetrics().lineSpacing() * 3
        self.full_name.setFixedHeight(lines + 2 * self.full_name.frameWidth() + 10)
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText("МБОУ «СОШ № 1»")
        self.director_name = QLineEdit()
        self.director_name.setPlaceholderText("Фамилия Имя Отчество")
        self.school_year = QLineEdit(
            programme_service.school_year_for(today or dt.date.today()))
        self.school_year.setPlaceholderText("2025/2026")
        self.school_year.setMaxLength(9)
        self.school_year.setMaximumWidth(120)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Полное наименование школы*:", self.full_name)
        form.addRow("Краткое наименование:", self.short_name)
        form.addRow("Директор (ФИО):", self.director_name)
        form.addRow("Учебный год*:", self.school_year)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.hide()
        self.full_name.textChanged.connect(self.error_label.hide)
        self.school_year.textEdited.connect(self.error_label.hide)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Создать")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(style.secondary("* — обязательные поля"))
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def school_full_name(self) -> str:
        """The full name on one line: line breaks typed or pasted into the field are spaces."""
        return " ".join(self.full_name.toPlainText().split())

    def error_text(self) -> str:
        """The message shown under the form ('' when none)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def accept(self) -> None:
        if not self._check_fields():
            return
        try:
            self.created = programme_service.create_school_and_programme(
                self._db, school_full_name=self.school_full_name(),
                school_short_name=self.short_name.text(),
                director_name=self.director_name.text(), school_year=self.school_year.text())
        except ValidationError as exc:
            self._show_error(exc.message)
            return
        super().accept()

    def _check_fields(self) -> bool:
        """Say which field is wrong before the service is asked (it checks again itself)."""
        if not self.school_full_name():
            self._show_error("Укажите полное наименование школы — как в уставе.",
                             self.full_name)
            return False
        try:
            programme_service.validate_school_year(self.school_year.text())
        except ValidationError as exc:
            self._show_error(exc.message, self.school_year)
            return False
        return True

    def _show_error(self, text: str, field: QLineEdit | QPlainTextEdit | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.adjustSize()  # a top-level window does not grow for wrapped text by itself
        if field is not None:
            field.setFocus()
            field.selectAll()
