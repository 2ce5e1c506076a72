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

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.monitoring import (
    REPORT_TITLE,
    Breakdown,
    CountLine,
    FormCount,
    KpiShare,
    MonitoringReportData,
    RoundLine,
    monitoring_document,
)
from nastavnik_desktop.reports.monitoring_workbook import monitoring_workbook
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.services.monitoring.kpi import TARGET_PERCENT, KpiFigure, Line, kpi
from nastavnik_desktop.services.questionnaires.rounds import rounds
from nastavnik_desktop.text import full_name

PUPILS_TITLE = "Обучающиеся"
PUPILS_AND_STAFF_TITLE = "Обучающиеся и педагогические работники"


def report_title(on: dt.date) -> str:
    """The title the report is registered under: «Отчёт о мониторинге … на 20.05.2026»."""
    return f"{REPORT_TITLE} на {on:%d.%m.%Y}"


def _lines(rows: tuple[Line, ...]) -> tuple[CountLine, ...]:
    return tuple(CountLine(r.label, r.involved, r.mentors, r.mentees, r.population, r.percent)
                 for r in rows)


def _share(title: str, figure: KpiFigure) -> KpiShare:
    value = figure.share
    return KpiShare(title, value.involved, value.population, value.percent, figure.method)


@dataclass(frozen=True)
class _Heading:
    organisation: str
    school_year: str
    curator: str
    director: str
    director_position: str


def _heading(db: Database, programme_id: int) -> _Heading:
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        school, curator = programme.school, programme.curator
        return _Heading(
            school.full_name, programme.school_year,
            "" if curator is None else full_name(curator.last_name, curator.first_name,
                                                 curator.middle_name),
            school.director_name, school.director_position or "Директор")


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
    return MonitoringReportData(
        organisation=heading.organisation, school_year=heading.school_year, on=on,
        target_percent=TARGET_PERCENT,
        pupils=_share(PUPILS_TITLE, figures.pupils),
        pupils_and_staff=_share(PUPILS_AND_STAFF_TITLE, figures.pupils_and_staff),
        by_form=tuple(FormCount(f.label, f.pairs, f.involved, f.mentors, f.mentees)
                      for f in figures.by_form),
        breakdowns=(Breakdown("По ролям", _lines(figures.by_role)),
                    Breakdown("По категориям", _lines(figures.by_category)),
                    Breakdown("По возрасту (обучающиеся)", _lines(figures.by_age)),
                    Breakdown("Молодые специалисты", _lines((figures.young_specialists,)))),
        by_class=Breakdown("По классам", _lines(figures.by_class)),
        organisations=tuple((o.name, o.mentors) for o in figures.mentor_organisations),
        rounds=round_lines,
        curator=heading.curator, director=heading.director,
        director_position=heading.director_position)


def monitoring_recipe(db: Database, programme_id: int, *, on: dt.date) -> PdfRecipe:
    """The report as a recipe for `reports.process` (laid out here or in a child process)."""
    data = monitoring_report_data(db, programme_id, on=on)
    return PdfRecipe(monitoring_document, (data,), rows=data.rows)


def export_monitoring_workbook(db: Database, programme_id: int, path: Path, *,
                               on: dt.date) -> Path:
    """The statistics table of the report as .xlsx (the same figures as the PDF)."""
    return monitoring_workbook(monitoring_report_data(db, programme_id, on=on), Path(path))
