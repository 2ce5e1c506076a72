"""Asking for the number and the date of a document about to be formed."""

from __future__ import annotations

import datetime as dt
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
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setWindowTitle(choice.title)
        self.number_edit = QLineEdit(number)
        self.number_edit.setObjectName("document_number")
        self.number_edit.setPlaceholderText("например, 12-о")
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setObjectName("document_date")
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("issue_error")
        self.error_label.setStyleSheet("QLabel { color: #b3261e; }")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

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
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def number(self) -> str | None:
        return " ".join(self.number_edit.text().split()) if self.choice.numbered else None

    def day(self) -> dt.date:
        value = self.date_edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def accept(self) -> None:
        if self.choice.numbered and not self.number():
            self.error_label.setText("Укажите номер приказа: он печатается в реквизитах.")
            self.error_label.show()
            self.number_edit.setFocus()
            return
        super().accept()
