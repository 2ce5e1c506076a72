"""The wizard that loads answers from an online form's export (Google Forms, Yandex Forms) or a
filled xlsx template into a round (issue 13, point 2): the file (read in the background) →
its columns ↔ the questions → whose answers each row is → what will be saved; «Загрузить»
saves all the rows in one `importing.commit_import`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget, QWizard

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.questionnaires import rounds
from nastavnik_desktop.services.questionnaires.answers import SaveSummary
from nastavnik_desktop.services.questionnaires.importing import commit_import
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.tasks import run_task
from nastavnik_desktop.ui.wizards.answers_import.pages import (
    ColumnsPage,
    FilePage,
    ImportState,
    PeoplePage,
    SummaryPage,
)
from nastavnik_desktop.ui.wizards.base import StageWizard

WIZARD_TITLE = "Загрузка ответов из онлайн-формы"
NO_ROUNDS = ("В программе ещё не назначено ни одного опроса. Назначьте опрос по анкете, затем "
             "загрузите ответы.")


class AnswersImportWizard(StageWizard):
    """After «Загрузить» `saved` holds what was done."""

    PAGE_FILE, PAGE_COLUMNS, PAGE_PEOPLE, PAGE_SUMMARY = range(4)

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=(980, 680), minimum=(820, 560),
                         finish_text="&Загрузить")
        self.state = state
        self.db = db
        self.saved: SaveSummary | None = None
        self.file_page = FilePage(state)
        self.columns_page = ColumnsPage(state)
        self.people_page = PeoplePage(state)
        self.summary_page = SummaryPage(state)
        for number, page in enumerate((self.file_page, self.columns_page, self.people_page,
                                       self.summary_page)):
            self.setPage(number, page)

    def accept(self) -> None:
        """«Загрузить»: all the rows in one transaction, in the background (thousands of
        forms); the wizard closes when they are saved, and stays with everything chosen when
        the save is refused."""
        plan, db = self.state.plan, self.db
        if plan is None or self.state.task is not None:
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.state.task = run_task(
            self, lambda _progress: commit_import(db, plan), self._saved, title=WIZARD_TITLE,
            label="Сохраняются ответы…", cancellable=False, failure_title=self.failure_title,
            on_finished=self._save_ended)

    def _saved(self, saved: SaveSummary) -> None:
        self.saved = saved
        self.after_save()
        QWizard.accept(self)

    def _save_ended(self) -> None:
        self.state.task = None
        self.button(QWizard.WizardButton.FinishButton).setEnabled(
            self.summary_page.isComplete())

    def after_save(self) -> None:
        saved = self.saved
        assert saved is not None
        messages.show_info(self, f"Ответы загружены: новых анкет {saved.added}, заменено "
                                 f"{saved.replaced}, без изменений {saved.unchanged}.",
                           title=WIZARD_TITLE)

    def done(self, result: int) -> None:
        if self.state.task is not None:
            self.state.task.abandon()
            self.state.task = None
        super().done(result)


def answers_import_wizard(parent: QWidget | None, db: Database, programme_id: int, *,
                          round_id: int | None, today: dt.date) -> AnswersImportWizard | None:
    """The wizard for the programme's rounds (`round_id` chosen, else the latest); None, having
    said so, when the programme has no round."""
    found = rounds(db, programme_id)
    if not found:
        messages.show_info(parent, NO_ROUNDS, title=WIZARD_TITLE)
        return None
    chosen = next((r.id for r in found if r.id == round_id), found[0].id)
    return AnswersImportWizard(db, ImportState(db, found, chosen, today), parent)


def run_answers_import(parent: QWidget | None, db: Database, programme_id: int, *,
                       round_id: int | None, today: dt.date) -> bool:
    """Run the import wizard (modal) for a round; whether answers were saved."""
    wizard = answers_import_wizard(parent, db, programme_id, round_id=round_id, today=today)
    if wizard is None:
        return False
    wizard.exec()
    return wizard.saved is not None
