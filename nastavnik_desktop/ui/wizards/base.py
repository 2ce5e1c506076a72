"""The frame every wizard shares: Russian buttons, its size, «Готово» as one service call, and
a question before closing throws away what was entered.

A wizard subclasses `StageWizard`, adds its pages and implements `save()` — the one service
call of «Готово». An expected error (`NastavnikError`) raised there is shown in Russian and
keeps the wizard open with everything entered; a bug goes on to the crash handler.

A wizard whose start data takes a read of the school (`stageN_start(db, …)`) builds its pages in
`load_pages(load, build)`: the wizard opens at once on a page saying «Загрузка…» (no «Далее»)
while `load()` runs in a worker thread, then `build(data)` adds the real pages on the UI thread
and the wizard starts on the first of them (`loaded` turns True). A refused load is said in
Russian and closes the wizard; closing it while it loads drops the load (the worker ends on its
own, nothing is built).

Closing — «Отмена», Escape, the window's close box — goes through `reject()`, which asks first
when something was entered on any page (`has_entered`): a wizard that implements `collected()`
(what «Готово» would save) is compared with what it held when it opened; one that does not asks
once past its first page, or says itself what counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

CLOSE_QUESTION = "Закрыть мастер? Введённые данные не будут сохранены."
LOADING_TEXT = "Загрузка…"
LOAD_FAILURE_TITLE = "Мастер не открыт"

_NOT_OPENED = object()
_T = TypeVar("_T")


class LoadingPage(QWizardPage):
    """What a wizard shows while its data loads: «Загрузка…» and no way on."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.label = QLabel(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, 1)

    def isComplete(self) -> bool:
        return False


class StageWizard(QWizard):
    """A wizard with the common look; `title` names it in its window and its questions."""

    failure_title = "Не удалось сохранить"
    close_question = CLOSE_QUESTION

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 size: tuple[int, int] = (1000, 700),
                 minimum: tuple[int, int] = (900, 620),
                 finish_text: str = "&Готово") -> None:
        super().__init__(parent)
        self.title = title
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< &Назад"),
                             (QWizard.WizardButton.NextButton, "&Далее >"),
                             (QWizard.WizardButton.FinishButton, finish_text),
                             (QWizard.WizardButton.CancelButton, "Отмена")):
            self.setButtonText(button, text)
        self.resize(*size)
        self.setMinimumSize(*minimum)
        self._opened_with: object = _NOT_OPENED
        self._loaded = True
        self.loading_page: LoadingPage | None = None
        self.load_task: BackgroundTask | None = None

    @property
    def loaded(self) -> bool:
        """Whether the pages are built (False while the start data loads in a worker)."""
        return self._loaded

    def load_pages(self, load: Callable[[], _T], build: Callable[[_T], object], *,
                   ready: _T | None = None, text: str = LOADING_TEXT) -> None:
        """Build the pages with `build(data)`, `data` being `ready` or else `load()` run in a
        worker thread while the wizard shows `text` (see the module's docstring). `load` is a
        Qt-free service call; `build` runs on the UI thread."""
        if ready is not None:
            build(ready)
            return
        self._loaded = False
        self.loading_page = LoadingPage(self.title, text)
        self.setOption(QWizard.WizardOption.HaveNextButtonOnLastPage, True)
        self.addPage(self.loading_page)
        self.load_task = run_task(
            self, lambda _progress: load(), lambda data: self._build_loaded(build, data),
            title=self.title, label=text, dialog=False,
            on_failed=lambda _error: self._close_unloaded(),
            on_known_error=self._say_not_opened)

    def _build_loaded(self, build: Callable[[_T], object], data: _T) -> None:
        self.load_task = None
        loading, self.loading_page = self.loading_page, None
        assert loading is not None
        self.removePage(self.pageIds()[0])  # the only page: the ids of the real ones are as
        loading.deleteLater()               # if there had been no loading page
        self.setOption(QWizard.WizardOption.HaveNextButtonOnLastPage, False)
        build(data)
        self._loaded = True
        if self.pageIds():
            self.restart()

    def _say_not_opened(self, error: NastavnikError) -> None:
        messages.show_known_error(self.parentWidget(), error, title=LOAD_FAILURE_TITLE)

    def _close_unloaded(self) -> None:
        self.load_task = None
        self.done(QDialog.DialogCode.Rejected.value)

    def done(self, result: int) -> None:
        """Closing while the data loads drops the load: nothing is built."""
        if self.load_task is not None:
            self.load_task.abandon()
            self.load_task = None
        super().done(result)

    def collected(self) -> object:
        """What «Готово» would save, as the pages hold it now (None: the wizard does not say,
        and closing asks once past the first page)."""
        return None

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if self._loaded and self._opened_with is _NOT_OPENED:
            self.keep_as_opened()

    def keep_as_opened(self) -> None:
        """What the pages hold now counts as nothing entered (say, after something was saved
        on its own while the wizard is open)."""
        self._opened_with = self.collected()

    def offer_finish_before_summary(self) -> None:
        """«Готово» on the page before the last one too: the last page (the summary) only
        shows what will be saved, so a curator who has entered everything need not open it
        («Далее» still leads there)."""
        ids = self.pageIds()
        if len(ids) > 1:
            self.offer_finish_from(self.page(ids[-2]))

    def offer_finish_from(self, first: QWizardPage) -> None:
        """«Готово» on `first` and every page after it: what follows holds nothing the
        curator must enter (defaults, optional data, the summary)."""
        ids = self.pageIds()
        start = next(n for n, page_id in enumerate(ids) if self.page(page_id) is first)
        for page_id in ids[start:]:
            self.page(page_id).setFinalPage(True)

    def save(self) -> None:
        """The one service call of «Готово»; raises `NastavnikError` when it is refused."""
        raise NotImplementedError

    def after_save(self) -> None:
        """What to tell the curator once saved, before the wizard closes (nothing by default)."""

    def has_entered(self) -> bool:
        """Whether closing now would throw something away: what the pages hold differs from
        what the wizard opened with; for a wizard without `collected()`, once past the first
        page."""
        if not self._loaded:
            return False
        if self._opened_with is None or self._opened_with is _NOT_OPENED:
            return self.currentId() > 0
        return self.collected() != self._opened_with

    def accept(self) -> None:
        """«Готово»: one save; on an expected error say why and keep everything entered."""
        if not self._loaded:
            return
        if messages.attempt(self, self.save, title=self.failure_title):
            self.after_save()
            super().accept()

    def reject(self) -> None:
        """Ask before throwing away what was entered on any page."""
        if self.isVisible() and self._loaded and self.has_entered() and not messages.confirm(
                self, self.close_question, title=self.title, accept_text="Закрыть",
                reject_text="Продолжить"):
            return
        super().reject()
