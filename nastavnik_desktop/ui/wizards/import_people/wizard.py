"""The import wizard: reads and checks the file in a worker, then loads it in one
`commit_import`.

Opened by `run_import_wizard`, it starts with the file dialog: the chosen file is read at once,
and when the program understood it by itself (one sheet, the columns the list needs found) the
wizard goes on to the check page, where «Загрузить» is pressed; a page that needs the curator
stops it. After a successful load the wizard closes and the outcome is shown where the curator
is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QMainWindow, QWidget, QWizard

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import (
    ColumnChoice,
    Duplicates,
    ImportKind,
    ImportPreview,
    ImportResult,
    commit_import,
    list_sheets,
    prepare_import,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.import_people.check import CheckPage, DuplicatesPage, LoadPage
from nastavnik_desktop.ui.wizards.import_people.columns import ColumnsPage
from nastavnik_desktop.ui.wizards.import_people.common import CHECK_CANCELLED, ImportPage
from nastavnik_desktop.ui.wizards.import_people.source import FilePage, SheetPage, ask_for_table

WIZARD_TITLE = "Загрузка людей из таблицы"
WIZARD_SIZE = (900, 650)

_R = TypeVar("_R")


Checked = Callable[[str], None]
"""Told when the file has been read: what is wrong with it in Russian ('' when nothing)."""


class ImportWizard(StageWizard):
    """After a successful «Загрузить» `import_result` holds what was done (None until then)
    and the wizard closes.

    Given `path`, the wizard reads that file as soon as it opens and goes on by itself as far
    as the file allows (see `go_on`); without it, the curator chooses the file on the first page.

    The file is read and checked in a worker thread (seconds for tens of thousands of rows):
    the page that asked shows the progress with «Отмена» and goes on when the check is done
    (`check_task` meanwhile).
    """

    PAGE_FILE, PAGE_SHEET, PAGE_COLUMNS, PAGE_CHECK, PAGE_DUPLICATES, PAGE_LOAD = range(6)

    def __init__(self, db: Database, kind: ImportKind = ImportKind.PUPILS,
                 parent: QWidget | None = None, *, today: dt.date | None = None,
                 path: Path | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(760, 560),
                         finish_text="&Загрузить")
        self._db = db
        self._today = today
        self._kind = kind
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.sheet: str | None = None
        self.choices: dict[int, ColumnChoice] = {}
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.task: BackgroundTask | None = None
        self.check_task: BackgroundTask | None = None
        self._start_file = path
        self.by_itself = path is not None
        """Going on past the pages the program filled in itself (for the file given at opening)."""

        self.file_page = FilePage(kind)
        self.sheet_page = SheetPage()
        self.columns_page = ColumnsPage()
        self.check_page = CheckPage()
        self.duplicates_page = DuplicatesPage()
        self.load_page = LoadPage()
        for number, page in enumerate((self.file_page, self.sheet_page, self.columns_page,
                                       self.check_page, self.duplicates_page, self.load_page)):
            self.setPage(number, page)

    # --- the steps, as the pages call them ---

    def take_start_file(self) -> Path | None:
        """The file given when the wizard was opened, once (then None)."""
        path, self._start_file = self._start_file, None
        return path

    def go_on(self) -> None:
        """The file has been read: the next page. For the file given at opening, on past the
        columns page too when it has nothing for the curator (the check page then holds
        «Загрузить»); a sheet to choose or a column to point out stops there."""
        by_itself, self.by_itself = self.by_itself, False
        self.next()
        if by_itself and self.currentId() == self.PAGE_COLUMNS and self.columns_page.recognised():
            self.next()

    def open_file(self, path: Path, kind: ImportKind, then: Checked) -> bool:
        """Take `path` for `kind`: its sheets and, with one sheet, its people are read in the
        background; `then(error)` afterwards ('' when the file can be used). False if a check
        is already running."""
        self.path, self.sheets, self.sheet = None, [], None
        self.choices, self.preview = {}, None
        db, today = self._db, self._today

        def read(progress: ProgressCallback) -> tuple[list[str], ImportPreview | None]:
            sheets = list_sheets(path)
            preview = (prepare_import(db, path, kind, today=today, progress=progress)
                       if len(sheets) == 1 else None)
            return sheets, preview

        def apply(read_back: tuple[list[str], ImportPreview | None]) -> None:
            self.path, self.sheets, self._kind = path, read_back[0], kind
            if read_back[1] is not None:
                self._take(read_back[1])

        return self._check(read, apply, then)

    def prepare(self, then: Checked) -> bool:
        """Read and check the chosen file and sheet with the chosen columns (nothing saved),
        in the background; `then(error)` afterwards. False if a check is already running."""
        assert self.path is not None
        self.preview = None
        db, path, kind, sheet = self._db, self.path, self._kind, self.sheet
        columns, today = list(self.choices.values()), self._today
        return self._check(lambda progress: prepare_import(
            db, path, kind, sheet=sheet, columns=columns, today=today, progress=progress),
            self._take, then)

    def _take(self, preview: ImportPreview) -> None:
        found = preview.found_mapping or preview.mapping
        headers = {c.index: c.header for c in found.columns}
        self.choices = {i: c for i, c in self.choices.items() if headers.get(i) == c.header}
        self.preview = preview

    def stop_check(self) -> None:
        """«Отмена» under the page: the check stops at its next thousand rows."""
        if self.check_task is not None:
            self.check_task.cancel()

    def _check(self, read: Callable[[ProgressCallback], _R], apply: Callable[[_R], None],
               then: Checked) -> bool:
        if self.check_task is not None:
            return False
        page = self.currentPage()
        checking_page = page if isinstance(page, ImportPage) else None

        def settle() -> None:
            self.check_task = None
            self.button(QWizard.WizardButton.BackButton).setEnabled(True)
            if checking_page is not None:
                checking_page.show_checking(False)

        # The result goes through `box`, emptied when taken: a finished task lives as long as
        # the wizard and would keep every preview read (tens of thousands of people each).
        box: list[_R] = []

        def work(progress: ProgressCallback) -> None:
            box.append(read(progress))

        def read_back(_nothing: None) -> None:
            result = box.pop()
            if self.check_task is not None:  # None: the wizard was closed meanwhile
                settle()
                apply(result)
                then("")

        def refused(error: NastavnikError) -> None:
            if self.check_task is not None:
                settle()
                then(error.message)

        def cancelled() -> None:
            if self.check_task is not None:
                settle()
                then(CHECK_CANCELLED)

        def failed(error: BaseException) -> None:
            # a bug: the crash handler reports it after this
            if self.check_task is not None and not isinstance(error, NastavnikError):
                settle()
                then("Файл не удалось проверить.")

        if checking_page is not None:
            checking_page.show_checking(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.check_task = run_task(
            self, work, read_back, title=WIZARD_TITLE, label="Проверяется файл…", dialog=False,
            on_known_error=refused, on_failed=failed, on_cancelled=cancelled,
            on_progress=checking_page.show_progress if checking_page is not None else None)
        return True

    def preview_status(self) -> str:
        preview = self.preview
        assert preview is not None
        rows = count_phrase(len(preview.candidates) + len({p.row for p in preview.errors}),
                            "строка", "строки", "строк")
        where = f"На листе «{preview.sheet}»" if len(self.sheets) > 1 else "В файле"
        return f"{where} {rows} с людьми, заголовок — в строке {preview.header_row}."

    def duplicates(self) -> Duplicates:
        return self.duplicates_page.duplicates()

    def commit_work(self, progress: ProgressCallback) -> ImportResult:
        """The one save, as the worker thread runs it."""
        assert self.preview is not None
        return commit_import(self._db, self.preview, duplicates=self.duplicates(),
                             progress=progress, today=self._today)

    # --- finishing ---

    def has_entered(self) -> bool:
        return False  # nothing typed that the file does not hold: closing asks nothing

    def accept(self) -> None:
        """«Загрузить» starts the one save in a worker (so not through `save()`: the wizard
        stays open while it runs, and with what went wrong if it does not succeed)."""
        if self.task is not None or self.preview is None:
            return
        self._set_buttons_enabled(False)
        self.task = run_task(self, self.commit_work, self._on_loaded, title=WIZARD_TITLE,
                             label=f"Загружаются люди из «{self.preview.file_name}»…",
                             failure_title="Не удалось загрузить", on_failed=self._on_failed,
                             on_cancelled=self._on_cancelled, on_finished=self._on_finished)

    def reject(self) -> None:
        """While the save runs, «Отмена» and closing the window cancel it first."""
        if self.task is not None:
            self.task.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        """A check still reading the file is stopped and waited for (the thread must not
        outlive the wizard; it stops at its next thousand rows); its answer goes nowhere."""
        if self.check_task is not None:
            self.check_task.cancel()
            self.check_task.wait(60_000)
            self.check_task = None
        super().done(result)

    def _on_loaded(self, result: ImportResult) -> None:
        """Loaded: the wizard closes; the opener shows the outcome (`run_import_wizard`)."""
        self.import_result = result
        QWizard.accept(self)

    def _on_cancelled(self) -> None:
        self._show_failure("Загрузка отменена — в базе ничего не изменилось. "
                           "Нажмите «Загрузить», чтобы начать заново.")

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, NastavnikError):
            self._show_failure(f"{error.message}\nВ базе ничего не изменилось.")
        else:
            self._show_failure("Загрузка не удалась, в базе ничего не изменилось.")

    def _show_failure(self, text: str) -> None:
        page = self.currentPage()
        if isinstance(page, ImportPage):
            page.show_failure(text)

    def _on_finished(self) -> None:
        self.task = None
        self._set_buttons_enabled(True)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(enabled)


def run_import_wizard(parent: QWidget | None, db: Database,
                      kind: ImportKind = ImportKind.PUPILS, *, choose_file: bool = True) -> bool:
    """The file dialog, then the wizard over the chosen file (with `choose_file` False, the
    wizard at once, the file chosen on its first page). Nothing opens when the dialog is
    cancelled. The outcome of a load shows in the status bar of the main window under
    `parent`. True when something was saved to the base."""
    path = None
    if choose_file:
        path = ask_for_table(parent, kind)
        if path is None:
            return False
    wizard = ImportWizard(db, kind, parent, path=path)
    wizard.exec()
    result = wizard.import_result
    wizard.deleteLater()
    if result is None:
        return False
    window = parent
    while window is not None and not isinstance(window, QMainWindow):
        window = window.parentWidget()
    if window is not None:
        window.statusBar().showMessage(result.summary, 15_000)
    return any((result.created, result.updated, result.profiles_added, result.profiles_updated))
