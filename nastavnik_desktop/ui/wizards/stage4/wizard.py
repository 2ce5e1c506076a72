"""The stage 4 wizard and its summary page: every change checked at once, all saved with one
`save_stage4`.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import Stage4Data, Stage4Preview
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.models.candidates_model import CandidatesModel
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.stage4.decision import DecisionPage
from nastavnik_desktop.ui.wizards.stage4.page import REFUSED_TITLE, Stage4Page
from nastavnik_desktop.ui.wizards.stage4.selection import InterviewPage, ScoresPage
from nastavnik_desktop.ui.wizards.stage4.training import TrainingPage

WIZARD_TITLE = "Этап 4. Отбор и обучение наставников"
WIZARD_SIZE = (1100, 700)


class SummaryPage(Stage4Page):
    def __init__(self, model: CandidatesModel) -> None:
        super().__init__(model, "Итог",
                         "Проверьте, что будет сохранено. После «Готово» изменения запишутся "
                         "разом; допущенные наставники станут доступны для подбора пар.")
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.error = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, Stage4Wizard)
        try:
            preview = wizard.preview()
        except NastavnikError as exc:
            self.error = exc.message
            self.summary.clear()
        else:
            self.error = ""
            self.summary.setHtml(summary_html(preview))
        super().initializePage()

    def problems(self) -> list[str]:
        return [f"Сохранить нельзя: {self.error}"] if self.error else []

    def text(self) -> str:
        return self.summary.toPlainText()


def summary_html(preview: Stage4Preview) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(MENTOR_STATUS_LABELS[status])}</td>"
        f"<td align='right'>{preview.counts_before[status]}</td>"
        f"<td align='right'><b>{preview.counts_after[status]}</b></td></tr>"
        for status in preview.counts_after)
    items = "".join(
        f"<li>{'✔' if item.done else '✘'} {esc(item.text)}"
        + (f" — {esc(item.detail)}" if item.detail else "")
        + (" <i>(отметка куратора)</i>" if item.manual else "") + "</li>"
        for item in preview.card.items)
    missing = [item.text for item in preview.card.items if not item.done]
    changed = count_phrase(preview.changed, "наставника", "наставников", "наставников")
    return (
        (f"<p>Будут изменены данные {changed}.</p>" if preview.changed
         else "<p>Данные наставников не менялись.</p>")
        + "<h3>Кандидаты по статусам</h3>"
        "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse: collapse'>"
        "<tr><th align='left'>Статус</th><th>Сейчас</th><th>После сохранения</th></tr>"
        f"{rows}</table>"
        "<h3>Этап 4 в дорожной карте</h3>"
        f"<ul>{items}</ul>"
        + (f"<p><b>Ещё не сделано:</b> {esc('; '.join(m[:1].lower() + m[1:] for m in missing))}"
           ".</p>" if missing else "<p><b>Все пункты этапа выполнены.</b></p>"))


class Stage4Wizard(StageWizard):
    """`today` bounds the dates (tests pass a fixed day). After «Готово» `saved` says how
    many mentor records changed."""

    close_question = "Закрыть мастер? Оценки, собеседования и решения не будут сохранены."

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(900, 600))
        self._db = db
        self._programme_id = programme_id
        self.today = today or dt.date.today()
        self.saved: int | None = None
        self.load_pages(lambda: stage4_service.load_stage4(db, programme_id), self._build)

    def _build(self, data: Stage4Data) -> None:
        self._interviews_ticked = data.interviews_ticked
        self.model = CandidatesModel(data, self.today, self)

        self.scores_page = ScoresPage(self.model)
        self.interview_page = InterviewPage(self.model, data.interviews_ticked, self.today)
        self.training_page = TrainingPage(self.model, self.today)
        self.decision_page = DecisionPage(self.model)
        self.summary_page = SummaryPage(self.model)
        for page in (self.scores_page, self.interview_page, self.training_page,
                     self.decision_page, self.summary_page):
            self.addPage(page)
        self.offer_finish_before_summary()
        self.model.refused.connect(self._show_refusal)

    def _show_refusal(self, message: str) -> None:
        messages.show_error(self, message, title=REFUSED_TITLE)

    def interviews_done(self) -> bool | None:
        """The roadmap tick if the curator changed it, else None (left as stored)."""
        ticked = self.interview_page.tick.isChecked()
        return ticked if ticked != self._interviews_ticked else None

    def has_changes(self) -> bool:
        return bool(self.model.changes()) or self.interviews_done() is not None

    def preview(self) -> Stage4Preview:
        return stage4_service.preview_stage4(self._db, self._programme_id,
                                             self.model.changes(),
                                             interviews_done=self.interviews_done(),
                                             today=self.today)

    def has_entered(self) -> bool:
        return self.loaded and self.has_changes()

    def save(self) -> None:
        self.saved = stage4_service.save_stage4(
            self._db, self._programme_id, self.model.changes(),
            interviews_done=self.interviews_done(), today=self.today)
