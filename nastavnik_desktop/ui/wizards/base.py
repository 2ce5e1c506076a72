"""The frame every wizard shares: Russian buttons, its size, «Готово» as one service call, and
a question before closing throws away what was entered.

A wizard subclasses `StageWizard`, adds its pages and implements `save()` — the one service
call of «Готово». An expected error (`NastavnikError`) raised there is shown in Russian and
keeps the wizard open with everything entered; a bug goes on to the crash handler.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard

from nastavnik_desktop.ui import messages

CLOSE_QUESTION = "Закрыть мастер? Введённые данные не будут сохранены."


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

    def save(self) -> None:
        """The one service call of «Готово»; raises `NastavnikError` when it is refused."""
        raise NotImplementedError

    def after_save(self) -> None:
        """What to tell the curator once saved, before the wizard closes (nothing by default)."""

    def has_entered(self) -> bool:
        """Whether closing now would throw something away: by default, once past the first
        page."""
        return self.currentId() > 0

    def accept(self) -> None:
        """«Готово»: one save; on an expected error say why and keep everything entered."""
        if messages.attempt(self, self.save, title=self.failure_title):
            self.after_save()
            super().accept()

    def reject(self) -> None:
        """Ask before throwing away the work of several pages."""
        if self.isVisible() and self.has_entered() and not messages.confirm(
                self, self.close_question, title=self.title, accept_text="Закрыть",
                reject_text="Продолжить"):
            return
        super().reject()
