"""Asking for the number and the date of a document about to be formed.

For an order the dialog offers the number it will take (the programme's order of that kind, or
the next free number of the year: `services.numbering`); the curator may type another, and a
number another document of the school has that year is refused here with its name, before
anything is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.reports.stage1 import RoadmapLayout
from nastavnik_desktop.ui import style

NumberCheck = Callable[[str, dt.date], "str | None"]
"""Why a typed number cannot be taken on a date (None: it can)."""
NumberProposal = Callable[[dt.date], str]
"""The number to offer for an order dated so."""


@dataclass(frozen=True)
class DocumentChoice:
    """A document the page can form: a command link's texts and what to pass the service."""

    key: str
    kind: str
    title: str
    description: str
    layout: RoadmapLayout = "events"
    numbered: bool = False
    date_label: str = "Дата документа:"
    """What the date is: a report's date is the day its figures are counted on."""


class IssueDialog(QDialog):
    """The number (for an order) and the date of the document about to be formed."""

    def __init__(self, choice: DocumentChoice, *, number: str, day: dt.date,
                 parent: QWidget | None = None, check: NumberCheck | None = None,
                 propose: NumberProposal | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self._check = check
        self._propose = propose
        self._proposed = number
        self.setWindowTitle(choice.title)
        self.error_label = QLabel()
        self.error_label.setObjectName("issue_error")
        self.error_label.setStyleSheet(f"QLabel {{ color: {style.WARNING_COLOUR}; }}")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.number_edit = QLineEdit(number)
        self.number_edit.setObjectName("document_number")
        self.number_edit.setPlaceholderText("например, 12-о")
        self.number_edit.textEdited.connect(lambda _text: self.error_label.hide())
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setObjectName("document_date")
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.dateChanged.connect(lambda _date: self._date_changed())

        form = QFormLayout()
        if choice.numbered:
            form.addRow("Номер приказа:", self.number_edit)
            form.addRow("Дата приказа:", self.date_edit)
        else:
            self.number_edit.hide()
            form.addRow(choice.date_label, self.date_edit)
        buttons, self.ok_button = style.dialog_buttons(self, "Сформировать")

        layout = QVBoxLayout(self)
        heading = style.heading(choice.title, factor=1.15)
        layout.addWidget(heading)
        layout.addWidget(style.secondary(choice.description))
        layout.addSpacing(6)
        layout.addLayout(form)
        if choice.numbered:
            hint = style.secondary(
                "Предложен следующий свободный номер (или номер уже изданного приказа этого "
                "вида — тогда он напечатается снова, с его датой). Номер, занятый в этом "
                "году другим документом, не примется.")
            hint.setObjectName("number_hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def number(self) -> str | None:
        return " ".join(self.number_edit.text().split()) if self.choice.numbered else None

    def day(self) -> dt.date:
        value = self.date_edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def accept(self) -> None:
        if self.choice.numbered:
            number = self.number() or ""
            problem = ("Укажите номер приказа: он печатается в реквизитах." if not number
                       else self._check(number, self.day()) if self._check else None)
            if problem:
                self.error_label.setText(problem)
                self.error_label.show()
                self.number_edit.setFocus()
                self.number_edit.selectAll()
                return
        super().accept()

    def _date_changed(self) -> None:
        """Another year has other free numbers: offer the new one unless the curator typed
        his own."""
        if self._propose is None or not self.choice.numbered:
            return
        if self.number() == " ".join(self._proposed.split()):
            self._proposed = self._propose(self.day())
            self.number_edit.setText(self._proposed)
        self.error_label.hide()
