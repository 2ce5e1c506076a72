"""The stage 1 wizard and its summary page: everything is saved with one call on «Готово»."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.legal_documents import LEGAL_DOCUMENT_TITLES, NOT_ISSUED
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.services.stages.stage1 import StaffChoice, Stage1Data, Stage1Start
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui.models.team_model import Candidate
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import ChecklistPage
from nastavnik_desktop.ui.wizards.stage1.documents import DocumentsPage
from nastavnik_desktop.ui.wizards.stage1.plans import FormsPage, GoalsPage, text_lines
from nastavnik_desktop.ui.wizards.stage1.school import SchoolPage
from nastavnik_desktop.ui.wizards.stage1.team import TeamPage

WIZARD_TITLE = "Этап 1. Подготовка условий для запуска программы"
WIZARD_SIZE = (900, 650)

StaffImport = Callable[[QWidget], bool]
"""Runs the import wizard for a staff list over the given parent; True when people were
saved. `ui/stage_wizards.py` passes it in: wizards do not open each other."""

class SummaryPage(ChecklistPage):
    def __init__(self) -> None:
        super().__init__("Итог",
                         "Проверьте, что будет сохранено. После «Готово» программа получит "
                         "дорожную карту по методологии, а этап 1 будет отмечен выполненным.")
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, Stage1Wizard)
        self.summary.setHtml(wizard.summary_html())
        super().initializePage()

    def text(self) -> str:
        return self.summary.toPlainText()


class Stage1Wizard(StageWizard):
    """After «Готово» `programme` holds the programme that was set up (None until then).
    `today` bounds the dates of documents and starts the roadmap of a programme opened during
    the school year (tests pass a fixed day). With `import_staff` the team page offers to load
    the staff list from a table first."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None, import_staff: StaffImport | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(760, 560))
        self._db = db
        self._import_staff = import_staff
        self.programme: ProgrammeInfo | None = None
        self._today = today or dt.date.today()
        self.load_pages(lambda: stage1_service.stage1_start(db), self._build)

    def _build(self, start: Stage1Start) -> None:
        data = start.data
        self._team_ids = list(start.team_ids)
        self.school_page = SchoolPage(data)
        self.team_page = TeamPage(data, self._candidates(start.staff))
        if self._import_staff is not None:
            self.team_page.offer_import(self.import_staff_list)
        self.forms_page = FormsPage(data, start.forms)
        self.goals_page = GoalsPage(data)
        self.documents_page = DocumentsPage(data, self._today)
        self.summary_page = SummaryPage()
        for page in (self.school_page, self.team_page, self.forms_page, self.goals_page,
                     self.documents_page, self.summary_page):
            self.addPage(page)
        # the goal comes from the methodology and the documents are optional: «Готово» once
        # the forms are chosen
        self.offer_finish_from(self.forms_page)

    @staticmethod
    def _candidates(staff: tuple[StaffChoice, ...]) -> tuple[Candidate, ...]:
        return tuple(Candidate(c.id, c.full_name, c.position) for c in staff)

    def staff(self) -> tuple[Candidate, ...]:
        """The school's staff in the base, and the team chosen earlier."""
        return self._candidates(stage1_service.staff_choices(self._db, also=self._team_ids))

    def import_staff_list(self) -> tuple[Candidate, ...] | None:
        """The import of a staff list (its own unit of work: what it loads stays in the base
        whatever happens to this wizard); the staff afterwards, None when nothing was loaded."""
        if self._import_staff is None or not self._import_staff(self):
            return None
        return self.staff()

    def collected(self) -> Stage1Data:
        """What the pages hold now, as the service takes it."""
        school, team = self.school_page, self.team_page
        goal, tasks, results = self.goals_page.texts()
        return Stage1Data(
            school_full_name=school.school_full_name(),
            school_short_name=school.short_name.text().strip(),
            address=school.address.text().strip(),
            municipality=school.municipality.text().strip(),
            founder=" ".join(school.founder.text().split()),
            settlement=" ".join(school.settlement.text().split()),
            director_name=" ".join(school.director_name.text().split()),
            director_position=school.director_position.text().strip(),
            school_year=team.school_year.text().strip(),
            curator_id=team.curator(), team=team.members(),
            form_ids=self.forms_page.form_ids(),
            role_model_ids=self.forms_page.role_model_ids(),
            goal=goal, tasks=tasks, expected_results=results,
            documents=self.documents_page.documents())

    def summary_html(self) -> str:
        data = self.collected()
        esc = html.escape
        school = data.school_full_name
        if data.school_short_name:
            school += f" ({data.school_short_name})"
        director = ": ".join(p for p in (data.director_position, data.director_name) if p)
        team_rows = self.team_page.team.rows()
        team = "".join(f"<li>{esc(r.person.full_name)} — {esc(r.role)}"
                       f"{' <i>(будет добавлен в базу)</i>' if r.person.is_new else ''}</li>"
                       for r in team_rows)
        forms = "".join(
            f"<li>{esc(form)}"
            + (f": {esc('; '.join(models))}" if models else "") + "</li>"
            for form, models in self.forms_page.chosen_names())
        documents = []
        recorded = {d.kind: d for d in data.documents}
        for kind, title in LEGAL_DOCUMENT_TITLES.items():
            doc = recorded.get(kind)
            if doc is None:
                documents.append(f"<li>{esc(title)} — <i>{NOT_ISSUED[kind]}</i></li>")
                continue
            parts = [f"{f'№ {esc(doc.number)}' if doc.number else 'без номера'} "
                     f"от {format_date(doc.issued_on)}"]
            if doc.source_path:
                parts.append(f"файл «{esc(doc.source_path.name)}»")
            documents.append(f"<li>{esc(title)} — {', '.join(parts)}</li>")
        tasks, results = text_lines(data.tasks), text_lines(data.expected_results)
        return (
            "<h3>Школа</h3><p>"
            + (f"{esc(data.founder)}<br>" if data.founder else "")
            + f"{esc(school)}"
            + (f"<br>{esc(data.address)}" if data.address else "")
            + (f"<br>{esc(data.settlement)}" if data.settlement else "")
            + (f"<br>{esc(data.municipality)}" if data.municipality else "")
            + f"<br>{esc(director)}</p>"
            f"<h3>Программа наставничества на {esc(data.school_year)} учебный год</h3>"
            f"<p><b>Команда</b> ({count_phrase(len(team_rows), 'человек', 'человека', 'человек')}"
            f"):</p><ul>{team}</ul>"
            f"<p><b>Формы наставничества:</b></p><ul>{forms}</ul>"
            f"<p><b>Цель:</b> {esc(data.goal)}</p>"
            f"<p><b>Задачи:</b> {count_phrase(len(tasks), 'пункт', 'пункта', 'пунктов')}; "
            f"<b>ожидаемые результаты:</b> "
            f"{count_phrase(len(results), 'пункт', 'пункта', 'пунктов')}.</p>"
            f"<h3>Документы</h3><ul>{''.join(documents)}</ul>")

    def save(self) -> None:
        self.programme = stage1_service.complete_stage1(self._db, self.collected(),
                                                        today=self._today)
