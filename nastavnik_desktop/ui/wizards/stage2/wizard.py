"""The stage 2 wizard and how it is opened (its data is loaded in a worker first)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtWidgets import QWidget, QWizard

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.stage2 import Stage2Data, Stage2Start
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui.models.mentee_base import MenteeBase
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import SummaryPage, card_html, names_html, tell_what_is_left
from nastavnik_desktop.ui.wizards.stage2.mentees import InformingPage, MenteesPage
from nastavnik_desktop.ui.wizards.stage2.requests import RequestsPage

WIZARD_TITLE = "Этап 2. Формирование базы наставляемых"
WIZARD_SIZE = (1100, 700)
"""Wide enough for the picker and the base side by side with whole names (as stage 4)."""
LOADING_TEXT = "Загрузка… Читаются люди школы и база наставляемых."

class Stage2Wizard(StageWizard):
    """After «Готово» `card` holds stage 2 as the roadmap shows it (None until then).
    The stage's data is loaded in a worker thread while the wizard shows «Загрузка…»
    (`loaded` turns True with the pages built), or given as `start`. With `offer_import` the
    base page offers to load pupils from a table."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None, start: Stage2Start | None = None,
                 offer_import: bool = False) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE)
        self._db = db
        self._programme_id = programme_id
        self._today = today or dt.date.today()
        self._offer_import = offer_import
        self.card: StageCard | None = None
        self.reload_task: BackgroundTask | None = None
        self.load_pages(lambda: stage2_service.stage2_start(db, programme_id), self._build,
                        ready=start, text=LOADING_TEXT)

    def _build(self, start: Stage2Start) -> None:
        self.start = start
        self.setWindowTitle(f"{WIZARD_TITLE} — программа {self.start.school_year}")
        self.base = MenteeBase(self.start, self._today, self)
        self.informing_page = InformingPage(self.start.data.events, self._today)
        self.mentees_page = MenteesPage(self.start, self.base, self._today)
        self.requests_page = RequestsPage(self.start, self.base, self._today)
        self.summary_page = SummaryPage(
            "Что будет сохранено и что останется сделать. Пункты — те же, что в дорожной "
            "карте: этап будет отмечен выполненным, когда выполнены все.", self._summary)
        for page in (self.informing_page, self.mentees_page, self.requests_page,
                     self.summary_page):
            self.addPage(page)
        self.offer_finish_before_summary()
        if self._offer_import:
            self.mentees_page.offer_import(self.import_from_table)

    def collected(self) -> Stage2Data:
        mentees, consents = self.base.collected()
        return Stage2Data(events=self.informing_page.model.events(), mentees=mentees,
                          consents=consents)

    def _summary(self) -> tuple[str, StageCard]:
        data = self.collected()
        card = stage2_service.preview_stage2(self._db, self._programme_id, data,
                                             today=self._today)
        return self.summary_html(data, card), card

    def summary_html(self, data: Stage2Data, card: StageCard) -> str:
        base = self.base
        esc = html.escape
        entries = base.entries()
        people = {e.person_id for e in entries}
        by_form: dict[str, int] = {}
        for entry in entries:
            by_form[base._form(entry)] = by_form.get(base._form(entry), 0) + 1
        no_requests = list(dict.fromkeys(base.person(e).full_name for e in entries
                                         if not e.has_requests))
        parent_missing = list(dict.fromkeys(base.person(e).full_name for e in entries
                                            if base.needs_parent_consent(e)))
        events = "".join(
            f"<li>{esc(e.kind_label)}, {format_date(e.held_on)}"
            + (f": {esc(e.title)}" if e.title else "")
            + (f" — {esc(e.audience)}" if e.audience else "")
            + (f", присутствовало {e.attended_count}" if e.attended_count else "") + "</li>"
            for e in data.events) or "<li><i>не проведено</i></li>"
        forms = "".join(f"<li>{esc(name)}: {count}</li>" for name, count in by_form.items())
        rows = "".join(
            f"<tr><td>{esc(base._name(e))}</td><td>{esc(base._place(e))}</td>"
            f"<td>{esc(base._form(e))}</td><td>{esc(base._requests(e))}</td>"
            f"<td>{esc(base._consent(e))}</td></tr>" for e in entries)
        missing = ""
        if no_requests:
            missing += f"<p><b>Без запросов ({len(no_requests)}):</b> " \
                       f"{names_html(no_requests)}</p>"
        if parent_missing:
            missing += (f"<p><b>Несовершеннолетние без согласия родителя "
                        f"({len(parent_missing)}):</b> {names_html(parent_missing)}</p>")
        return (
            f"<h3>Этап {card.stage}: {esc(card.title)}</h3>{card_html(card)}{missing}"
            f"<h3>Информирование</h3><ul>{events}</ul>"
            f"<h3>База наставляемых: "
            f"{count_phrase(len(people), 'человек', 'человека', 'человек')}</h3>"
            f"<ul>{forms}</ul>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            "<tr><th>ФИО</th><th>Класс / должность</th><th>Форма</th><th>Запросы</th>"
            f"<th>Согласие</th></tr>{rows}</table>")

    def save(self) -> None:
        self.card = stage2_service.complete_stage2(self._db, self._programme_id,
                                                   self.collected(), today=self._today)

    def after_save(self) -> None:
        assert self.card is not None
        tell_what_is_left(self, self.card)

    def import_from_table(self) -> None:
        """The import wizard saves on its own (its own unit of work); what it added joins the
        base shown here, and the curator is told it stays even if this wizard is cancelled."""
        from nastavnik_desktop.services.importing.validate import ImportKind
        from nastavnik_desktop.ui.wizards.import_people import run_import_wizard

        if not run_import_wizard(self, self._db, ImportKind.MENTEES):
            return
        # the base read again in a worker (the school's people: a large school takes a while)
        self.reload_task = run_task(
            self, lambda _progress: stage2_service.stage2_start(self._db, self._programme_id),
            self._join_imported, title=WIZARD_TITLE, label="Загружается база наставляемых…",
            cancellable=False, on_finished=self._reloaded)

    def _join_imported(self, start: Stage2Start) -> None:
        untouched = not self.has_entered()
        added = self.base.merge_saved(start)
        if untouched:  # what came from the table is saved: closing throws nothing away
            self.keep_as_opened()
        self.mentees_page.added.setText(
            f"Из таблицы загружено в базу: {added}. Загруженное уже сохранено и останется "
            "в базе, даже если закрыть мастер без сохранения.")

    def _reloaded(self) -> None:
        self.reload_task = None

    def done(self, result: int) -> None:
        """Closed while the base is read again: the read is dropped (what was imported is
        saved already)."""
        if self.reload_task is not None:
            self.reload_task.abandon()
            self.reload_task = None
        super().done(result)


def open_stage2_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> None:
    """Run the wizard modally (it opens at once and loads the school's people in a worker);
    `on_finished()` once the curator finished it."""
    wizard = Stage2Wizard(db, programme_id, parent, offer_import=True)
    try:
        if wizard.exec() == QWizard.DialogCode.Accepted:
            on_finished()
    finally:
        wizard.deleteLater()
