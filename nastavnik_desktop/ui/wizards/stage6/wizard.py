"""The stage 6 wizard «Организация работы наставнических пар/групп»: pairs → analysis and
plan → materials → first meetings → summary; «Готово» is one `finish_stage6`."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget, QWizard

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import materials as materials_service
from nastavnik_desktop.services.stages import stage6 as stage6_service
from nastavnik_desktop.services.stages.stage6 import Stage6Choices, Stage6Data, Stage6Result
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import ChecklistPage, card_html, tell_what_is_left
from nastavnik_desktop.ui.wizards.stage6.pairs_page import PairsPage, PlanPage
from nastavnik_desktop.ui.wizards.stage6.state import Stage6State
from nastavnik_desktop.ui.wizards.stage6.work_pages import MaterialsPage, MeetingsPage

WIZARD_TITLE = "Этап 6. Организация работы наставнических пар и групп"
WIZARD_SIZE = (1100, 720)
COUNTING = "Подсчитывается, что будет сохранено…"


def _pairs(n: int) -> str:
    return count_phrase(n, "пара", "пары", "пар")


def summary_html(result: Stage6Result, choices: Stage6Choices) -> str:
    """What Finish will do, in numbers, and the stage's checklist afterwards."""
    lines = []
    if result.plans_filled:
        lines.append(f"Планы развития по шаблонам: {_pairs(result.plans_filled)} "
                     f"({count_phrase(result.tasks, 'задача', 'задачи', 'задач')}).")
    if result.plans_skipped:
        lines.append(f"Пропущено {_pairs(result.plans_skipped)} с уже составленным планом.")
    if result.strengths:
        lines.append("Сильные стороны и точки роста: "
                     + count_phrase(result.strengths, "наставляемый", "наставляемых",
                                    "наставляемых") + ".")
    if choices.material_ids and choices.mentor_ids:
        given = count_phrase(len(choices.material_ids), "материал", "материала", "материалов")
        whom = count_phrase(len(choices.mentor_ids), "наставнику", "наставникам", "наставникам")
        lines.append(f"Материалы: {given} — {whom} (новых отметок о выдаче: {result.handouts}).")
    if result.meetings and result.first_day and result.last_day:
        meetings = count_phrase(result.meetings, "встреча", "встречи", "встреч")
        first, last = format_date(result.first_day), format_date(result.last_day)
        lines.append(f"Запланировано {meetings} в журналах пар с {first} по {last}; "
                     f"срок первых встреч в дорожной карте — {last}.")
    if result.meetings_skipped:
        lines.append(f"У {count_phrase(result.meetings_skipped, 'пары', 'пар', 'пар')} "
                     "встреча-знакомство уже была в журнале — их встречи не менялись.")
    if not lines:
        lines.append("Ничего не выбрано: сохранять нечего.")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    card = result.card
    checklist = (f"<h3>Этап 6 в дорожной карте</h3>{card_html(card)}" if card else "")
    return f"<h3>После «Готово»</h3><ul>{items}</ul>{checklist}"


class SummaryPage(ChecklistPage):
    """What «Готово» will do, counted in a worker by the same writes rolled back (hundreds of
    pairs take a second); a refusal is shown here and keeps «Готово» disabled."""

    def __init__(self, preview: Callable[[Stage6Choices], Stage6Result],
                 choices: Callable[[], Stage6Choices]) -> None:
        super().__init__("Итог", "Проверьте, что будет сохранено. После «Готово» всё "
                         "запишется разом; планы, материалы и встречи будут видны в "
                         "карточках пар.")
        self._preview, self._choices = preview, choices
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.task: BackgroundTask | None = None
        self.ready = False
        self._error = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        self.drop_task()
        self.ready, self._error = False, ""
        self.summary.setHtml(f"<p>{COUNTING}</p>")
        choices = self._choices()
        self.task = run_task(self, lambda _progress: self._preview(choices),
                             lambda result: self._show(result, choices), title=WIZARD_TITLE,
                             label=COUNTING, dialog=False, on_known_error=self._refused,
                             on_finished=self._finished)
        super().initializePage()

    def drop_task(self) -> None:
        if self.task is not None:
            self.task.abandon()
            self.task = None

    def _show(self, result: Stage6Result, choices: Stage6Choices) -> None:
        self.summary.setHtml(summary_html(result, choices))
        self.ready = True

    def _refused(self, error: NastavnikError) -> None:
        self.summary.clear()
        self._error = error.message

    def _finished(self) -> None:
        self.task = None
        self.changed()

    def problems(self) -> list[str]:
        return [f"Сохранить нельзя: {self._error}"] if self._error else []

    def isComplete(self) -> bool:
        return self.ready and not self._error

    def text(self) -> str:
        return self.summary.toPlainText()


class Stage6Wizard(StageWizard):
    """`today` is the day of the handouts and the plans' deadlines (tests pass a fixed day);
    after «Готово» `saved` says what was written."""

    close_question = "Закрыть мастер? Выбранные планы, материалы и встречи не будут сохранены."
    failure_title = "Не удалось сохранить"

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(920, 640))
        self._db = db
        self._programme_id = programme_id
        self.today = today or dt.date.today()
        self.saved: Stage6Result | None = None
        self.load_pages(lambda: stage6_service.load_stage6(db, programme_id), self._build)

    def _build(self, data: Stage6Data) -> None:
        self.state = Stage6State(data, self.today)
        self.pairs_page = PairsPage(self.state)
        self.plan_page = PlanPage(self.state)
        self.materials_page = MaterialsPage(self.state, self.open_materials)
        self.meetings_page = MeetingsPage(self.state)
        self.summary_page = SummaryPage(self.preview, self.collected)
        for page in (self.pairs_page, self.plan_page, self.materials_page, self.meetings_page,
                     self.summary_page):
            self.addPage(page)
        self.offer_finish_before_summary()

    def open_materials(self, reload: Callable[..., object]) -> QDialog:
        """The programme's materials window over the wizard; the list is read again when it
        closes."""
        from nastavnik_desktop.ui.dialogs.materials import open_materials_dialog

        dialog = open_materials_dialog(self, self._db, self._programme_id, today=self.today)
        dialog.finished.connect(lambda _code: reload(
            materials_service.materials(self._db, self._programme_id)))
        return dialog

    def collected(self) -> Stage6Choices:
        return self.state.choices()

    def preview(self, choices: Stage6Choices) -> Stage6Result:
        """What Finish would do with `choices` (run in a worker: a read rolled back)."""
        return stage6_service.preview_stage6(self._db, self._programme_id, choices,
                                             today=self.today)

    def save(self) -> None:
        self.saved = stage6_service.finish_stage6(self._db, self._programme_id,
                                                   self.collected(), today=self.today)

    def done(self, result: int) -> None:
        """Closed while the summary is counted: the count is dropped."""
        if self.loaded:
            self.summary_page.drop_task()
        super().done(result)

    def after_save(self) -> None:
        if self.saved is not None and self.saved.card is not None:
            tell_what_is_left(self, self.saved.card)


def open_stage6_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> None:
    """Run the wizard modally; `on_finished()` once the curator finished it."""
    wizard = Stage6Wizard(db, programme_id, parent)
    try:
        if wizard.exec() == QWizard.DialogCode.Accepted:
            on_finished()
    finally:
        wizard.deleteLater()
