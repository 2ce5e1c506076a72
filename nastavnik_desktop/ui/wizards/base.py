"""The frame every wizard shares: Russian buttons, its size, «Готово» as one service call, and
a question before closing throws away what was entered.

A wizard subclasses `StageWizard`, adds its pages and implements `save()` — the one service
call of «Готово». An expected error (`NastavnikError`) raised there is shown in Russian and
keeps the wizard open with everything entered; a bug goes on to the crash handler.

Closing — «Отмена», Escape, the window's close box — goes through `reject()`, which asks first
when something was entered on any page (`has_entered`): a wizard that implements `collected()`
(what «Готово» would save) is compared with what it held when it opened; one that does not asks
once past its first page, or says itself what counts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from nastavnik_desktop.ui import messages

CLOSE_QUESTION = "Закрыть мастер? Введённые данные не будут сохранены."


_NOT_OPENED = object()


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

    def collected(self) -> object:
        """What «Готово» would save, as the pages hold it now (None: the wizard does not say,
        and closing asks once past the first page)."""
        return None

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if self._opened_with is _NOT_OPENED:
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
        if self._opened_with is None or self._opened_with is _NOT_OPENED:
            return self.currentId() > 0
        return self.collected() != self._opened_with

    def accept(self) -> None:
        """«Готово»: one save; on an expected error say why and keep everything entered."""
        if messages.attempt(self, self.save, title=self.failure_title):
            self.after_save()
            super().accept()

    def reject(self) -> None:
        """Ask before throwing away what was entered on any page."""
        if self.isVisible() and self.has_entered() and not messages.confirm(
                self, self.close_question, title=self.title, accept_text="Закрыть",
                reject_text="Продолжить"):
            return
        super().reject()
