"""Everything the monitoring report shows, gathered in one place from the monitoring services.

The figures are those of the screen and of the CLI's `monitoring --json` for the same date:
the KPI and its breakdowns from `kpi.kpi`, the rounds with answered / expected from
`questionnaires.rounds`, growth, satisfaction and attendance from `growth`, the SWOT and the
curator's conclusions from `swot`. Nothing is counted here; it is only worded for paper and
put into `reports.monitoring.MonitoringReportData`, from which both the PDF and the statistics
workbook are written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import QUESTIONNAIRE_PHASE_LABELS
from nastavnik_desktop.data.models import MentoringForm, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.monitoring import (
    REPORT_TITLE,
    AttendanceLine,
    Breakdown,
    CountLine,
    FormCount,
    FormGrowthLine,
    GrowthLine,
    KpiShare,
    MonitoringReportData,
    RoundLine,
    SatisfactionLine,
    SwotBlock,
    YesLine,
    monitoring_document,
)
from nastavnik_desktop.reports.monitoring_workbook import monitoring_workbook
from nastavnik_desktop.reports.names import initials_first
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.reports.requisites import Organisation, Signer
from nastavnik_desktop.services.monitoring import swot as swot_service
from nastavnik_desktop.services.monitoring.gaps import GapTexts
from nastavnik_desktop.services.monitoring.growth import (
    AUDIENCE_TITLES,
    FormSummary,
    Growth,
    form_summary,
    growth,
)
from nastavnik_desktop.services.monitoring.kpi import TARGET_PERCENT, KpiFigure, Line, kpi
from nastavnik_desktop.services.monitoring.swot import QUADRANTS
from nastavnik_desktop.services.paper_data import school_organisation
from nastavnik_desktop.services.questionnaires.rounds import rounds

PUPILS_TITLE = "Обучающиеся"
PUPILS_AND_STAFF_TITLE = "Обучающиеся и педагогические работники"


def report_title(on: dt.date) -> str:
    """The title the report is registered under: «Отчёт о мониторинге … на 20.05.2026»."""
    return f"{REPORT_TITLE} на {on:%d.%m.%Y}"


def workbook_title(on: dt.date) -> str:
    """The title the statistics table is registered under."""
    return f"Таблица статистики мониторинга программы наставничества на {on:%d.%m.%Y}"


def _lines(rows: tuple[Line, ...]) -> tuple[CountLine, ...]:
    return tuple(CountLine(r.label, r.involved, r.mentors, r.mentees, r.population, r.percent)
                 for r in rows)


def _share(title: str, figure: KpiFigure) -> KpiShare:
    value = figure.share
    return KpiShare(title, value.involved, value.population, value.percent, figure.method)


@dataclass(frozen=True)
class _Heading:
    organisation: Organisation
    school_year: str
    curator: str
    director: str
    director_position: str
    forms: dict[int, str]
    """The names of the forms of mentoring by id."""


def _heading(db: Database, programme_id: int) -> _Heading:
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        school, curator = programme.school, programme.curator
        return _Heading(
            school_organisation(school), programme.school_year,
            # under a signature: «О. Н. Савина», as every document signs
            "" if curator is None else initials_first(curator.last_name, curator.first_name,
                                                      curator.middle_name),
            Signer.from_full_name("", school.director_name).signature_name
            if school.director_name.strip() else "",
            school.director_position or "Директор",
            {form_id: name for form_id, name in session.execute(
                select(MentoringForm.id, MentoringForm.name))})


def monitoring_report_data(db: Database, programme_id: int, *,
                           on: dt.date) -> MonitoringReportData:
    """The report of the programme on the reporting date `on`: the rounds opened by then."""
    heading = _heading(db, programme_id)
    figures = kpi(db, programme_id, on=on)
    round_lines = tuple(
        RoundLine(r.title, r.phase_label, r.audience_label, r.opens_on, r.closes_on,
                  r.answered, r.expected)
        for r in sorted(rounds(db, programme_id), key=lambda r: (r.opens_on, r.id))
        if r.opens_on <= on)
    grown = growth(db, programme_id, on=on)
    forms = form_summary(figures, grown)
    return MonitoringReportData(
        organisation=heading.organisation, school_year=heading.school_year, on=on,
        target_percent=TARGET_PERCENT,
        pupils=_share(PUPILS_TITLE, figures.pupils),
        pupils_and_staff=_share(PUPILS_AND_STAFF_TITLE, figures.pupils_and_staff),
        by_form=tuple(FormCount(f.label, f.pairs, f.involved, f.mentors, f.mentees)
                      for f in forms),
        breakdowns=(Breakdown("По ролям", _lines(figures.by_role)),
                    Breakdown("По категориям", _lines(figures.by_category)),
                    Breakdown("По возрасту (обучающиеся)", _lines(figures.by_age)),
                    Breakdown("Молодые специалисты", _lines((figures.young_specialists,)))),
        by_class=Breakdown("По классам", _lines(figures.by_class)),
        organisations=tuple((o.name, o.mentors) for o in figures.mentor_organisations),
        rounds=round_lines,
        **_growth_parts(grown, forms, heading.forms),
        swot=_swot_blocks(db, programme_id, heading.forms),
        conclusions=swot_service.conclusions(db, programme_id),
        curator=heading.curator, director=heading.director,
        director_position=heading.director_position)


# Why the changes are missing, worded for paper.
_PAPER_GAPS = GapTexts(
    no_rounds=("Входные и итоговые опросы участников к отчётной дате не проводились: рост "
               "участников не оценивался."),
    no_entry_round="Входной опрос не проводился: изменение рассчитать не с чем.",
    no_entry_answers="Ответов на входные анкеты нет.",
    no_exit_round=("Итоговый опрос к отчётной дате не проводился: приведены ожидания "
                   "участников на входе."),
    no_exit_answers="Ответов на итоговые анкеты нет.",
    interim=("Итоговый опрос к отчётной дате не проводился: оценки «на выходе» и изменение "
             "приведены по промежуточному опросу."))


def _growth_parts(figures: Growth, summary: tuple[FormSummary, ...],
                  forms: dict[int, str]) -> dict[str, Any]:
    """The satisfaction, «да» shares, attendance and growth of `figures` as the report's
    lines (the whole programme first, then each form; the forms as the CLI's `by_form`)."""

    def form(form_id: int | None) -> str:
        return "" if form_id is None else forms.get(form_id, "")

    attendance = [AttendanceLine(f.label, f.attendance.meetings, f.attendance.marks,
                                 f.attendance.percent)
                  for f in summary if f.attendance.meetings]
    total = figures.attendance
    if total.meetings:
        attendance.append(AttendanceLine("Всего по программе", total.meetings, total.marks,
                                         total.percent))
    return {
        "satisfaction": tuple(
            SatisfactionLine(AUDIENCE_TITLES[s.audience], s.respondents, s.mean,
                             s.share_7_plus, form(s.form_id))
            for s in figures.satisfaction),
        "yes_no": tuple(
            YesLine(AUDIENCE_TITLES[y.audience], QUESTIONNAIRE_PHASE_LABELS[y.phase], y.label,
                    y.yes, y.answered, y.percent, form(y.form_id))
            for y in figures.yes_no),
        "attendance": tuple(attendance),
        "growth": tuple(
            GrowthLine(AUDIENCE_TITLES[p.audience], form(p.form_id), p.label, p.entry.value,
                       p.exit.value, p.entry.respondents, p.exit.respondents)
            for p in figures.parameters),
        "form_growth": tuple(FormGrowthLine(f.label, f.pairs, f.entry.value, f.exit.value)
                             for f in summary),
        "growth_note": figures.note_in(_PAPER_GAPS),
    }


def _swot_blocks(db: Database, programme_id: int,
                 forms: dict[int, str]) -> tuple[SwotBlock, ...]:
    """The SWOT of the programme, then those of its forms that have one."""
    blocks = []
    for form_id in (None, *swot_service.forms_with_swot(db, programme_id)):
        found = swot_service.swot(db, programme_id, form_id)
        texts = [tuple(item.text for item in found.quadrant(q)) for q in QUADRANTS]
        title = "" if form_id is None else f"Форма наставничества «{forms.get(form_id, '')}»"
        blocks.append(SwotBlock(title, *texts))
    return tuple(blocks)


def monitoring_recipe(db: Database, programme_id: int, *, on: dt.date) -> PdfRecipe:
    """The report as a recipe for `reports.process` (laid out here or in a child process)."""
    data = monitoring_report_data(db, programme_id, on=on)
    return PdfRecipe(monitoring_document, (data,), rows=data.rows)


def export_monitoring_workbook(db: Database, programme_id: int, path: Path, *,
                               on: dt.date) -> Path:
    """The statistics table of the report as .xlsx (the same figures as the PDF)."""
    return monitoring_workbook(monitoring_report_data(db, programme_id, on=on), Path(path))
