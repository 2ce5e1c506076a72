"""What the two tabs of «Итоги и награды» share: a list of one school year at a time (the year
chosen in `year`, the empty text, the count under the table), and the one way they print.

Each tab is a `ResultsTab` over the page's `tabbed.PageContext`. `print_document` forms a
document of the programme in a worker (laid out in a child process when long) and opens the
print preview, as the «Документы» page does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLayout, QTableView, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.services.programme import ProgrammeYear
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog, open_preview
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

ResultsContext = PageContext


class ResultsTab(PageTab):
    """A tab of the «Итоги и награды» page: a table of one school year's items."""

    COUNT_FORMS: tuple[str, str, str] = ("", "", "")
    """The item counted in the year's list («награда», «награды», «наград»)."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.task: BackgroundTask | None = None
        """The work under way (tests wait for it)."""
        self.preview: PrintPreviewDialog | None = None
        """The print preview opened last (tests close it)."""
        self._list: QTableView | None = None
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.reload([]))
        self.count = style.secondary()
        self.empty = style.secondary()
        self.empty.setWordWrap(True)

    def reload(self, select: Sequence[int] | None = None, *,
               programme_id: int | None = None) -> None:
        """Read the list again keeping `select` chosen; `programme_id` shows another year."""

    def lay_out(self, intro: str, buttons: QLayout, filters: QLayout, table: QTableView) -> None:
        """The tab from top to bottom: what it is, the actions, the search, the table (or the
        empty text at the top, not floating in the middle of the page) and the count."""
        self._list = table
        layout = QVBoxLayout(self)
        layout.addWidget(style.secondary(intro))
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.count)

    # --- the school year -------------------------------------------------------------------

    @property
    def shown_programme_id(self) -> int:
        """The programme (school year) shown: the current one by default."""
        data = self.year.currentData()
        return data if isinstance(data, int) else self.context.programme_id

    def choose_year(self, read_years: Callable[[Database, int], list[ProgrammeYear]],
                    programme_id: int | None) -> bool:
        """Fill the year list and choose `programme_id`, else the year shown — on the first
        reading the current one, unless it has nothing yet and an earlier year has. False
        when the years could not be read (the curator was told)."""
        db, current = self.context.db, self.context.programme_id
        years = messages.guarded(self, lambda: read_years(db, current))
        if years is None:
            return False
        wanted = self.shown_programme_id if programme_id is None else programme_id
        if programme_id is None and self.year.count() == 0:
            wanted = first_shown(years, current)
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            label = f"{year.school_year} учебный год"
            if year.programme_id != current:
                label += f" ({count_phrase(year.count, *self.COUNT_FORMS)})"
            self.year.addItem(label, year.programme_id)
        self.year.setCurrentIndex(max(0, self.year.findData(wanted)))
        self.year.setVisible(len(years) > 1)
        self.year.blockSignals(False)
        return True

    def show_total(self, total: int, count_text: str) -> None:
        """The table and the count when the year has items, the empty text when not."""
        self.count.setText(count_text)
        self.empty.setVisible(total == 0)
        self.count.setVisible(total > 0)
        if self._list is not None:
            self._list.setVisible(total > 0)

    # --- work in a worker and printing -----------------------------------------------------

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
        return open_preview(self, path, title, self)

    def _task_finished(self) -> None:
        self.task = None


def first_shown(years: Sequence[ProgrammeYear], current: int) -> int:
    """On the first reading: the current year, unless it has nothing yet and an earlier year
    has (a new school year opens on last year's list, not on an empty one)."""
    mine = next((y for y in years if y.programme_id == current), None)
    if mine is not None and mine.count == 0:
        earlier = next((y for y in years if y.count), None)
        if earlier is not None:
            return earlier.programme_id
    return current

