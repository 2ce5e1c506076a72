"""The stage 3 wizard and how it is opened (its data is loaded in a worker first)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Contour
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages.stage3 import NewExternalPerson, Stage3Data, Stage3Start
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui.models.mentor_base import NOT_SET, MentorBase, hours_text
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import SummaryPage, card_html, names_html, tell_what_is_left
from nastavnik_desktop.ui.wizards.stage3.contours import CONTOUR_LABELS, ExternalPage, InternalPage
from nastavnik_desktop.ui.wizards.stage3.profiles import ProfilesPage

WIZARD_TITLE = "Этап 3. Формирование базы наставников"
WIZARD_SIZE = (1100, 700)
"""Wide enough for the picker and the base side by side with whole names (as stage 4)."""
LOADING_TEXT = "Загрузка… Читаются люди школы и база наставников."

class Stage3Wizard(StageWizard):
    """After «Готово» `card` holds stage 3 as the roadmap shows it (None until then).
    The stage's data is loaded in a worker thread while the wizard shows «Загрузка…»
    (`loaded` turns True with the pages built), or given as `start`."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None, start: Stage3Start | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE)
        self._db = db
        self._programme_id = programme_id
        self._today = today or dt.date.today()
        self.card: StageCard | None = None
        self.load_pages(lambda: stage3_service.stage3_start(db, programme_id), self._build,
                        ready=start, text=LOADING_TEXT)

    def _build(self, start: Stage3Start) -> None:
        self.start = start
        self.setWindowTitle(f"{WIZARD_TITLE} — программа {self.start.school_year}")
        self.base = MentorBase(self.start, self._today, self)
        self.internal_page = InternalPage(self.start, self.base, self._today)
        self.external_page = ExternalPage(self.start, self.base, self._today)
        self.profiles_page = ProfilesPage(self.start, self.base, self._today)
        self.summary_page = SummaryPage(
            "Что будет сохранено и что останется сделать. Пункты — те же, что в дорожной "
            "карте: этап будет отмечен выполненным, когда выполнены все.", self._summary)
        for page in (self.internal_page, self.external_page, self.profiles_page,
                     self.summary_page):
            self.addPage(page)
        self.offer_finish_before_summary()

    def collected(self) -> Stage3Data:
        return Stage3Data(tuple(self.base.entries()), self.base.collected_consents())

    def _summary(self) -> tuple[str, StageCard]:
        data = self.collected()
        card = stage3_service.preview_stage3(self._db, self._programme_id, data,
                                             today=self._today)
        return self.summary_html(card), card

    def summary_html(self, card: StageCard) -> str:
        esc = html.escape
        base = self.base
        entries = base.entries()
        counts: dict[tuple[Contour, str], set[Any]] = {}
        for entry in entries:
            key = (entry.contour, base.person(entry).category_label)
            counts.setdefault(key, set()).add(entry.person)
        by_contour = ""
        for contour in Contour:
            lines = "".join(f"<li>{esc(category)}: {len(people)}</li>"
                            for (c, category), people in sorted(counts.items(),
                                                                key=lambda kv: kv[0][1])
                            if c is contour)
            total = len({e.person for e in entries if e.contour is contour})
            by_contour += (f"<p><b>{CONTOUR_LABELS[contour].capitalize()} контур: "
                           f"{count_phrase(total, 'человек', 'человека', 'человек')}</b></p>"
                           f"<ul>{lines}</ul>")
        incomplete = list(dict.fromkeys(base.person(e).full_name for e in entries
                                        if not e.described))
        new_people = [base.person(e).full_name for e in entries
                      if isinstance(e.person, NewExternalPerson)]
        no_consent = list(dict.fromkeys(base.person(e).full_name for e in entries
                                        if not base.has_consent(e)))
        missing = (f"<p><b>Без компетенций или ресурса времени ({len(incomplete)}):</b> "
                   f"{names_html(incomplete)}</p>") if incomplete else ""
        if no_consent:
            missing += (f"<p><b>Без согласия на обработку персональных данных "
                        f"({len(no_consent)}):</b> {names_html(no_consent)}</p>")
        added = (f"<p><b>Будут добавлены в базу школы ({len(new_people)}):</b> "
                 f"{names_html(new_people)}</p>") if new_people else ""
        rows = "".join(
            f"<tr><td>{esc(base.person(e).full_name)}</td>"
            f"<td>{esc(CONTOUR_LABELS[e.contour])}</td>"
            f"<td>{esc(base.person(e).category_label)}</td><td>{esc(base.form_name(e))}</td>"
            f"<td>{esc(e.competencies or NOT_SET)}</td><td>{esc(hours_text(e))}</td>"
            f"<td>{e.capacity}</td></tr>" for e in entries)
        people = len({e.person for e in entries})
        return (f"<h3>Этап {card.stage}: {esc(card.title)}</h3>{card_html(card)}{missing}"
                f"<h3>База наставников: "
                f"{count_phrase(people, 'человек', 'человека', 'человек')}</h3>"
                f"{by_contour}{added}"
                "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
                "<tr><th>ФИО</th><th>Контур</th><th>Категория</th><th>Форма</th>"
                "<th>Компетенции</th><th>Время</th><th>Наставляемых</th></tr>"
                f"{rows}</table>")

    def save(self) -> None:
        self.card = stage3_service.complete_stage3(self._db, self._programme_id,
                                                   self.collected(), today=self._today)

    def after_save(self) -> None:
        assert self.card is not None
        tell_what_is_left(self, self.card)


def open_stage3_wizard(parent: QWidget, db: Database, programme_id: int,
                       on_finished: Callable[[], object]) -> None:
    """Run the wizard modally (it opens at once and loads the school's people in a worker);
    `on_finished()` once the curator finished it."""
    wizard = Stage3Wizard(db, programme_id, parent)
    try:
        if wizard.exec() == QWizard.DialogCode.Accepted:
            on_finished()
    finally:
        wizard.deleteLater()
