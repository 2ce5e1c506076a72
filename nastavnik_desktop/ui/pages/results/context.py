"""The contract between the «Итоги и награды» page and its tabs, and the one way they print.

Each tab is a `ResultsTab` built with a `ResultsContext`; the page calls `reload()` when the tab
is shown. `print_document` forms a document of the programme in a worker (laid out in a child
process when long) and opens the print preview, as the «Документы» page does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class ResultsContext:
    db: Database
    programme_id: int
    today: Callable[[], dt.date] = _today
    """The day the curator works on (tests pass a fixed one)."""
    on_change: Callable[[], None] = field(default=lambda: None)

    def changed(self) -> None:
        self.on_change()


class ResultsTab(QWidget):
    """A tab of the «Итоги и награды» page."""

    title = ""

    def __init__(self, context: ResultsContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: BackgroundTask | None = None
        """The work under way (tests wait for it)."""
        self.preview: PrintPreviewDialog | None = None
        """The print preview opened last (tests close it)."""

    def reload(self) -> None:
        """Show the programme's data again."""

    def print_document(self, kind: str, *, award_ids: Sequence[int] | None = None,
                       programme_id: int | None = None,
                       after: Callable[[IssuedDocumentInfo], object] | None = None) -> None:
        """Form the document `kind` of the programme (another year's: `programme_id`) in a
        worker, record it, open its preview; then `after`."""
        if self.task is not None:
            return
        db, day = self.context.db, self.context.today()
        programme_id = self.context.programme_id if programme_id is None else programme_id
        out = messages.guarded(self, lambda: documents.default_output_path(
            db, programme_id, kind, issued_on=day))
        if out is None:
            return
        ids = None if award_ids is None else list(award_ids)

        def done(result: IssuedDocumentInfo) -> None:
            if after is not None:
                after(result)
            self.show_preview(Path(result.file_path), result.title)

        self.task = run_task(
            self, lambda progress: documents.issue_document(
                db, programme_id, kind, out, issued_on=day, award_ids=ids,
                separate_process=True, progress=progress),
            done, title="Итоги и награды", label="Формируется документ…",
            failure_title="Документ не сформирован", on_finished=self._task_finished)

    def run(self, work: Callable[[], object], on_done: Callable[[object], object], *,
            label: str, failure_title: str = "Ошибка") -> None:
        """A write that may take a while, in a worker."""
        if self.task is not None:
            return
        self.task = run_task(self, lambda _progress: work(), on_done, title="Итоги и награды",
                             label=label, failure_title=failure_title, cancellable=False,
                             on_finished=self._task_finished)

    def show_preview(self, path: Path, title: str) -> PrintPreviewDialog:
        dialog = PrintPreviewDialog(path, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self.preview = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: PrintPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def _task_finished(self) -> None:
        self.task = None
