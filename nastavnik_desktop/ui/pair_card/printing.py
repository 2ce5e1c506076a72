"""The pair card's paper: «План развития (PDF)…» and «Журнал встреч (PDF)…».

Each action forms the document of the pair through `services.documents.issue_document` (so it
lands in the documents folder and in the register like every other document), in a worker
thread, and opens it in the print preview. The card puts the actions where it likes (a menu,
a tool button): `print_actions(parent, db, pair_id)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services import pair_paper
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog, open_preview
from nastavnik_desktop.ui.models.documents_model import display_title
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

ACTION_TEXTS = {"plan": "План развития (PDF)…", "journal": "Журнал встреч (PDF)…"}
ACTION_TIPS = {
    "plan": "Индивидуальный план развития: цели, сильные стороны и точки роста, задачи, "
            "подписи — для печати и архива",
    "journal": "Журнал проведённых встреч: дата, тема, содержание, результат, задание — "
               "для печати и архива",
}


class PairPrinting(QObject):
    """Forms the pair's documents one at a time and shows the last one formed."""

    document_issued = Signal(object)
    """Emitted with the IssuedDocumentInfo once a document is formed and recorded."""

    def __init__(self, parent: QWidget, db: Database, pair_id: int, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._widget = parent
        self._db = db
        self._pair_id = pair_id
        self._today = today
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        """The preview opened last (tests close it)."""
        self.actions: list[QAction] = []
        for kind in ("plan", "journal"):
            action = QAction(ACTION_TEXTS[kind], parent)
            action.setObjectName(f"print_{kind}")
            action.setToolTip(ACTION_TIPS[kind])
            action.triggered.connect(lambda _checked=False, k=kind: self.form(k))
            self.actions.append(action)

    def form(self, kind: str) -> BackgroundTask | None:
        """Form the plan or the journal in a worker; the preview opens when it is ready.
        None when nothing was started (one is under way, or the pair is gone)."""
        if self.task is not None:
            return None
        db, pair_id, day = self._db, self._pair_id, self._today()
        programme_id = messages.guarded(self._widget,
                                        lambda: pair_paper.pair_programme(db, pair_id))
        if programme_id is None:
            return None
        out = messages.guarded(self._widget, lambda: documents_service.default_output_path(
            db, programme_id, kind, issued_on=day, pair_id=pair_id))
        if out is None:
            return None
        self.task = run_task(
            self._widget, lambda progress: documents_service.issue_document(
                db, programme_id, kind, out, issued_on=day, pair_id=pair_id,
                separate_process=True, progress=progress),
            self._on_issued, title="Документы", label="Формируется документ…",
            failure_title="Документ не сформирован", on_finished=self._on_finished)
        return self.task

    def _on_issued(self, result: IssuedDocumentInfo) -> None:
        open_preview(self, Path(result.file_path), display_title(result), self._widget)
        self.document_issued.emit(result)

    def _on_finished(self) -> None:
        self.task = None


def print_actions(parent: QWidget, db: Database, pair_id: int, *,
                  today: Callable[[], dt.date] = dt.date.today) -> list[QAction]:
    """«План развития (PDF)…» and «Журнал встреч (PDF)…» of the pair, owned by `parent`
    (its `PairPrinting` child holds the task under way and the preview)."""
    return PairPrinting(parent, db, pair_id, today=today).actions
