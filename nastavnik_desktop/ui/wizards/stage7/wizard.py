"""The stage 7 wizard «Завершение программы наставничества»: results → presentation and final
event → the best → who receives what → cases → summary; «Готово» is one `complete_stage7`,
then the awards order and the awards are formed in a worker, each on its own."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.stages import stage7 as stage7_service
from nastavnik_desktop.services.stages.stage7 import (
    DocumentOutcome,
    Stage7Data,
    Stage7Result,
    Stage7Start,
    awards_summary,
    event_line,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import (
    LIST_LIMIT,
    ChecklistPage,
    left_to_do,
    names_html,
    tell_what_is_left,
)
from nastavnik_desktop.ui.wizards.stage7.pages import (
    AwardsPage,
    BestPage,
    CasesPage,
    EventsPage,
    ResultsPage,
)
from nastavnik_desktop.ui.wizards.stage7.state import Stage7State

WIZARD_TITLE = "Этап 7. Завершение программы наставничества"
WIZARD_SIZE = (1180, 740)
DOCUMENTS_TITLE = "Документы этапа 7"


def _pairs(n: int) -> str:
    return count_phrase(n, "пара", "пары", "пар")


def _sentence(text: str) -> str:
    """The text ending with one full stop (a short name ends with one already)."""
    return text if text.endswith(".") else text + "."


def summary_html(state: Stage7State) -> str:
    """What «Готово» will save, in words and numbers."""
    data = state.collected()
    esc = html.escape
    empty = sum(not text.strip() for text in data.results.values())
    lines = [f"Будут завершены: {_pairs(len(data.results))} (статус «завершена»)"
             + (f"; без записанного результата — {empty}." if empty else
                "; у каждой записан результат.")]
    for event in data.events:
        title = stage7_service.EVENT_TITLES[event.kind]
        line = f"{title}: {event_line(event)}"
        if event.audience:
            line += f"; присутствовали: {event.audience}"
        lines.append(esc(_sentence(line)))
    best_pairs = [state.data.pair(pid) for pid in state.best_pairs()]
    if best_pairs:
        lines.append(_sentence("Лучшие пары и группы: " + "; ".join(
            html.escape(p.short_label) for p in best_pairs)))
    best_mentors = [state.data.mentor(pid).name for pid in state.best_mentors()]
    if best_mentors:
        lines.append(_sentence("Лучшие наставники: " + names_html(best_mentors)))
    given = awards_summary(data.awards)
    if given:
        lines.append("Награды (номера по реестру присвоятся при сохранении): "
                     + "; ".join(given) + ".")
    else:
        lines.append("Награды не выдаются.")
    if data.cases:
        lines.append(f"В сборник кейсов ({len(data.cases)}): " + "; ".join(
            f"«{html.escape(c.title)}»" for c in data.cases[:LIST_LIMIT])
            + (f" и ещё {len(data.cases) - LIST_LIMIT}" if len(data.cases) > LIST_LIMIT
               else "") + ".")
    items = "".join(f"<li>{line}</li>" for line in lines)
    after = ("<p>После сохранения будут сформированы приказ о награждении и сами награды "
             "(сертификаты, грамоты, письма); они появятся на странице «Документы».</p>"
             if data.awards else "")
    return f"<h3>После «Готово»</h3><ul>{items}</ul>{after}"


class SummaryPage(ChecklistPage):
    def __init__(self, state: Stage7State) -> None:
        super().__init__("Итог", "Проверьте, что будет сохранено. После «Готово» всё "
                         "запишется разом, этап 7 будет отмечен выполненным.")
        self.state = state
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        self.summary.setHtml(summary_html(self.state))
        super().initializePage()

    def text(self) -> str:
        return self.summary.toPlainText()


def documents_text(outcomes: Sequence[DocumentOutcome], left: Sequence[str] = (),
                   skipped: Sequence[str] = ()) -> str:
    """Which documents were formed and why one was not; the awards left out and why; what is
    left of the stage."""
    formed = [o for o in outcomes if o.formed]
    failed = [o for o in outcomes if not o.formed]
    parts = ["Этап 7 сохранён."]
    if len(formed) == 1:
        parts.append(f"Сформирован документ «{formed[0].title}». Его можно открыть и "
                     "распечатать на странице «Документы».")
    elif formed:
        parts.append("Сформированы документы: " + "; ".join(f"«{o.title}»" for o in formed)
                     + ". Их можно открыть и распечатать на странице «Документы».")
    for outcome in failed:
        parts.append(f"Не сформирован документ «{outcome.title}»: {outcome.error} "
                     "Сформируйте его позже на странице «Документы».")
    if skipped:
        shown = list(skipped[:8]) + ([f"и ещё {len(skipped) - 8}"] if len(skipped) > 8 else [])
        parts.append("Не выданы награды:\n• " + "\n• ".join(shown))
    if left:
        parts.append("Чтобы этап был выполнен полностью, осталось:\n• " + "\n• ".join(left))
    return "\n\n".join(parts)


class Stage7Wizard(StageWizard):
    """`today` is the day of Finish: the pairs end, the awards are issued (tests pass a fixed
    day); after «Готово» `saved` says what was written and `documents` what was formed."""

    close_question = ("Закрыть мастер? Итоги пар, мероприятия, выбор лучших и награды не "
                      "будут сохранены.")

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None,
                 on_documents: Callable[[], object] | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(960, 660))
        self._db = db
        self._programme_id = programme_id
        self.today = today or dt.date.today()
        self._on_documents = on_documents
        self.saved: Stage7Result | None = None
        self.documents: tuple[DocumentOutcome, ...] | None = None
        self.documents_task: BackgroundTask | None = None
        self.load_pages(lambda: stage7_service.stage7_start(db, programme_id, today=self.today),
                        self._build)

    def _build(self, data: Stage7Start) -> None:
        self.state = Stage7State(data, self.today)
        self.results_page = ResultsPage(self.state)
        self.events_page = EventsPage(self.state)
        self.best_page = BestPage(self.state)
        self.awards_page = AwardsPage(self.state)
        self.cases_page = CasesPage(self.state)
        self.summary_page = SummaryPage(self.state)
        for page in (self.results_page, self.events_page, self.best_page, self.awards_page,
                     self.cases_page, self.summary_page):
            self.addPage(page)
        self.offer_finish_from(self.best_page)  # the rest has its defaults

    def collected(self) -> Stage7Data | None:
        return self.state.collected() if self.loaded and hasattr(self, "state") else None

    def save(self) -> None:
        self.saved = stage7_service.complete_stage7(self._db, self._programme_id,
                                                    self.state.collected(), today=self.today)

    def after_save(self) -> None:
        saved = self.saved
        if saved is None:
            return
        if not saved.award_ids:
            if saved.skipped:
                left = left_to_do(saved.card) if saved.card is not None else ()
                messages.show_info(self.parentWidget(), documents_text((), left, saved.skipped),
                                   title=DOCUMENTS_TITLE)
            elif saved.card is not None:
                tell_what_is_left(self, saved.card)
            self._finished()
            return
        parent = self.parentWidget()
        db, programme_id, award_ids, day = (self._db, self._programme_id, saved.award_ids,
                                            saved.issued_on)
        self.documents_task = run_task(
            parent, lambda _progress: stage7_service.issue_stage7_documents(
                db, programme_id, award_ids, day=day),
            lambda outcomes: self._say_documents(parent, outcomes), title=DOCUMENTS_TITLE,
            label="Формируются приказ о награждении и награды…", cancellable=False,
            on_finished=self._finished)

    def _say_documents(self, parent: QWidget | None,
                       outcomes: tuple[DocumentOutcome, ...]) -> None:
        """Called when the wizard may be closed: shown over its parent."""
        self.documents = outcomes
        card = self.saved.card if self.saved is not None else None
        skipped = self.saved.skipped if self.saved is not None else ()
        text = documents_text(outcomes, left_to_do(card) if card is not None else (), skipped)
        if all(o.formed for o in outcomes):
            messages.show_info(parent, text, title=DOCUMENTS_TITLE)
        else:
            messages.show_error(parent, text, title=DOCUMENTS_TITLE)

    def _finished(self) -> None:
        if self._on_documents is not None:
            self._on_documents()


def open_stage7_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> None:
    """Run the wizard modally; `on_finished()` once the stage is saved and its documents are
    formed (or said why not)."""
    wizard = Stage7Wizard(db, programme_id, parent, on_documents=on_finished)
    try:
        wizard.exec()
    finally:
        wizard.deleteLater()
