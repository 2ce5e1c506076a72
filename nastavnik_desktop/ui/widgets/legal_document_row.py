"""One legal document of stage 1: number, date and the file of the scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from nastavnik_desktop.services.legal_documents import LEGAL_DOCUMENT_TITLES, LegalDocument
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.qdates import DATE_FORMAT
from nastavnik_desktop.ui.widgets.elided_label import ElidedLabel

ATTACHMENT_FILTER = ("Документы и сканы (*.pdf *.doc *.docx *.odt *.rtf *.jpg *.jpeg *.png "
                     "*.tif *.tiff);;Все файлы (*)")


class DocumentRow(QGroupBox):
    """One legal document: number, date (never in the future) and an optional file."""

    source_changed = Signal()

    def __init__(self, kind: str, existing: LegalDocument | None, today: dt.date) -> None:
        super().__init__(LEGAL_DOCUMENT_TITLES[kind])
        self.kind = kind
        self.source: Path | None = None
        self.number = QLineEdit(existing.number if existing else "")
        self.number.setPlaceholderText("не издан")
        self.number.setMaximumWidth(130)
        self.issued_on = QDateEdit()
        self.issued_on.setDisplayFormat(DATE_FORMAT)
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setMinimumDate(QDate(2000, 1, 1))
        self.issued_on.setMaximumDate(QDate(today.year, today.month, today.day))
        issued = existing.issued_on if existing and existing.issued_on else today
        self.issued_on.setDate(QDate(issued.year, issued.month, issued.day))
        self.file_label = ElidedLabel()
        self.file_label.setObjectName("file")
        self.choose_button = QPushButton("Файл…")
        self.choose_button.setToolTip("Приложить скан или файл документа")
        self.clear_button = QPushButton("Убрать")
        self.clear_button.setToolTip("Не прикладывать файл")
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button.clicked.connect(lambda: self.set_source(None))
        self.number.textChanged.connect(self._update_date)

        number_label = QLabel("№")
        number_label.setBuddy(self.number)
        row = QHBoxLayout(self)
        row.addWidget(number_label)
        row.addWidget(self.number)
        row.addSpacing(8)
        row.addWidget(QLabel("от"))
        row.addWidget(self.issued_on)
        row.addSpacing(16)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.set_source(None)

    def choose_file(self) -> None:
        start = str(self.source.parent) if self.source else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, f"Файл документа «{self.title()}»", start, ATTACHMENT_FILTER)
        if name:
            self.set_source(Path(name))

    def set_source(self, path: Path | None) -> None:
        self.source = path
        self.file_label.set_full_text(path.name if path else "файл не приложен")
        self.file_label.setToolTip(str(path) if path else "")
        if path is None:
            style.mute(self.file_label)
        else:
            self.file_label.setPalette(self.palette())
        self.clear_button.setEnabled(path is not None)
        self._update_date()
        self.source_changed.emit()

    def _update_date(self) -> None:
        """The date means something only for a document that has been issued."""
        self.issued_on.setEnabled(bool(self.number.text().strip()) or self.source is not None)

    def document(self) -> LegalDocument | None:
        """The document to record, or None when it has no number and no file yet."""
        number = self.number.text().strip()
        if not number and self.source is None:
            return None
        day = self.issued_on.date()
        return LegalDocument(self.kind, number, dt.date(day.year(), day.month(), day.day()),
                             self.source)
