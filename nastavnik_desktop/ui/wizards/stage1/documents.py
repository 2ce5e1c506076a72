"""Page 5 of the stage 1 wizard: the legal documents."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QVBoxLayout

from nastavnik_desktop.services.legal_documents import LEGAL_DOCUMENT_TITLES, LegalDocument
from nastavnik_desktop.services.stages.stage1 import Stage1Data
from nastavnik_desktop.ui.widgets.legal_document_row import DocumentRow
from nastavnik_desktop.ui.wizards.pages import ChecklistPage


class DocumentsPage(ChecklistPage):
    def __init__(self, data: Stage1Data, today: dt.date) -> None:
        super().__init__("Нормативные документы",
                         "Номера и даты документов этапа. Если документ ещё не издан, оставьте "
                         "номер пустым — его можно внести позже. Приложенные файлы копируются "
                         "в папку документов рядом с базой данных.")
        existing = {d.kind: d for d in data.documents}
        self.rows = {kind: DocumentRow(kind, existing.get(kind), today)
                     for kind in LEGAL_DOCUMENT_TITLES}
        layout = QVBoxLayout(self)
        for row in self.rows.values():
            layout.addWidget(row)
            row.number.textChanged.connect(self.changed)
            row.source_changed.connect(self.changed)
        layout.addStretch(1)
        layout.addWidget(self.hint)

    def documents(self) -> tuple[LegalDocument, ...]:
        return tuple(d for row in self.rows.values() if (d := row.document()) is not None)

    def problems(self) -> list[str]:
        return [f"Файл «{row.source}» для документа «{row.title()}» не найден: выберите "
                "его заново или уберите." for row in self.rows.values()
                if row.source is not None and not row.source.is_file()]

    def validatePage(self) -> bool:
        """Files can vanish while the page is open (a USB stick pulled out)."""
        self.changed()
        return self.isComplete()
