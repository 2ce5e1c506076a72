"""The statistics table of the monitoring report as .xlsx: the figures of the PDF, for the
municipality's summary and the curator's own calculations.

Written from the same `MonitoringReportData` as the PDF (`reports.monitoring`). Counts are
numbers, means are numbers, shares are fractions shown as percent («64,0 %» in Excel); a figure
that cannot be computed is an empty cell, never the text «нет данных» in a number column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nastavnik_desktop.reports.monitoring import (
    SWOT_HEADINGS,
    Breakdown,
    MonitoringReportData,
)
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.workbook import (
    PERCENT_FORMAT,
    TableSheet,
    XlsxValue,
    write_workbook,
)

COUNT = None
MEAN_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0.0"


def fraction(percent: float | None) -> float | None:
    """A share for a percent-formatted cell: 64.0 → 0.64."""
    return None if percent is None else percent / 100


def _kpi_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Показатель", title="Доля вовлечённых в наставничество",
        subtitle_lines=(subtitle, f"Целевое значение — не менее {data.target_percent:g} %"),
        headers=("Показатель", "Вовлечено", "Всего", "Доля", "Отчётная дата", "Методика"),
        rows=[(s.title, s.involved, s.population, fraction(s.percent), data.on, s.method)
              for s in (data.pupils, data.pupils_and_staff)],
        widths_mm=(60.0, 22.0, 22.0, 20.0, 25.0, 160.0),
        number_formats=(None, COUNT, COUNT, PERCENT_FORMAT))


def _breakdown_rows(breakdowns: Sequence[Breakdown]) -> list[Sequence[XlsxValue]]:
    return [(b.title, line.label, None, line.involved, line.mentors, line.mentees,
             line.population, fraction(line.percent))
            for b in breakdowns for line in b.lines]


def _breakdowns_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    forms: list[Sequence[XlsxValue]] = [
        ("По формам наставничества", f.label, f.pairs, f.involved, f.mentors, f.mentees, None,
         None) for f in data.by_form]
    organisations: list[Sequence[XlsxValue]] = [
        ("Организации, предоставившие наставников", name, None, mentors, mentors, None, None,
         None) for name, mentors in data.organisations]
    return TableSheet(
        name="Разрезы", title="Вовлечённость в наставничество по разрезам",
        subtitle_lines=(subtitle,),
        headers=("Разрез", "Группа", "Пар и групп", "Вовлечено", "Наставники",
                 "Наставляемые", "Всего в школе", "Доля"),
        rows=[*forms, *_breakdown_rows([*data.breakdowns, data.by_class]), *organisations],
        widths_mm=(55.0, 75.0, 18.0, 20.0, 22.0, 24.0, 22.0, 18.0),
        number_formats=(None, None, COUNT, COUNT, COUNT, COUNT, COUNT, PERCENT_FORMAT))


def _growth_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Рост", title="Параметры на входе и на выходе (средние по шкале 1–10)",
        subtitle_lines=(subtitle,),
        headers=("Участники", "Форма наставничества", "Параметр", "На входе", "На выходе",
                 "Изменение", "Ответили на входе", "Ответили на выходе"),
        rows=[(g.role, _form(g.form), g.parameter, g.entry, g.exit, g.change, g.entry_count,
               g.exit_count) for g in data.growth],
        widths_mm=(30.0, 55.0, 60.0, 20.0, 20.0, 22.0, 22.0, 22.0),
        number_formats=(None, None, None, MEAN_FORMAT, MEAN_FORMAT, CHANGE_FORMAT, COUNT,
                        COUNT))


def _form(form: str) -> str:
    return form or "все формы"


def _satisfaction_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Удовлетворённость", title="Удовлетворённость участников (шкала 1–10)",
        subtitle_lines=(subtitle, "Удовлетворены — участники со средней оценкой 7 и выше"),
        headers=("Участники", "Форма наставничества", "Ответили", "Средняя оценка",
                 "Удовлетворены"),
        rows=[(s.group, _form(s.form), s.respondents, s.mean, fraction(s.share_high))
              for s in data.satisfaction],
        widths_mm=(35.0, 55.0, 22.0, 25.0, 30.0),
        number_formats=(None, None, COUNT, MEAN_FORMAT, PERCENT_FORMAT))


def _yes_no_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Да-нет", title="Ответы «да» на вопросы анкет", subtitle_lines=(subtitle,),
        headers=("Участники", "Форма наставничества", "Вопрос", "Анкета", "«Да»", "Ответили",
                 "Доля «да»"),
        rows=[(y.group, _form(y.form), y.label, y.phase, y.yes, y.answered,
               fraction(y.percent)) for y in data.yes_no],
        widths_mm=(35.0, 55.0, 60.0, 22.0, 15.0, 20.0, 20.0),
        number_formats=(None, None, None, None, COUNT, COUNT, PERCENT_FORMAT))


def _attendance_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Посещаемость", title="Посещаемость встреч",
        subtitle_lines=(subtitle, "Посещаемость — доля отметок «был» в журналах проведённых "
                                  "встреч"),
        headers=("Форма наставничества", "Проведено встреч", "Отметок посещения",
                 "Посещаемость"),
        rows=[(a.form, a.meetings, a.marks, fraction(a.percent)) for a in data.attendance],
        widths_mm=(70.0, 25.0, 25.0, 25.0),
        number_formats=(None, COUNT, COUNT, PERCENT_FORMAT))


def _rounds_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    return TableSheet(
        name="Опросы", title="Опросы участников", subtitle_lines=(subtitle,),
        headers=("Опрос", "Вид", "Кто отвечает", "Начало", "Окончание", "Ответили",
                 "Ожидалось", "Доля"),
        rows=[(r.title, r.phase, r.audience, r.opens_on, r.closes_on, r.answered, r.expected,
               fraction(r.percent)) for r in data.rounds],
        widths_mm=(80.0, 25.0, 35.0, 22.0, 22.0, 20.0, 20.0, 18.0),
        number_formats=(None, None, None, None, None, COUNT, COUNT, PERCENT_FORMAT))


def _swot_sheet(data: MonitoringReportData, subtitle: str) -> TableSheet:
    rows = [(block.title or "Программа в целом", heading, text)
            for block in data.swot
            for heading, texts in zip(SWOT_HEADINGS, block.quadrants, strict=True)
            for text in texts]
    return TableSheet(name="SWOT", title="SWOT-анализ программы", subtitle_lines=(subtitle,),
                      headers=("Раздел", "Квадрант", "Содержание"), rows=rows,
                      widths_mm=(45.0, 40.0, 140.0))


def monitoring_workbook(data: MonitoringReportData, path: Path) -> Path:
    """The statistics table of `data` written to `path`, a sheet per part of the report."""
    subtitle = (f"{data.organisation}, {data.school_year} учебный год, по состоянию на "
                f"{format_date(data.on)}")
    return write_workbook([
        _kpi_sheet(data, subtitle), _breakdowns_sheet(data, subtitle),
        _growth_sheet(data, subtitle), _satisfaction_sheet(data, subtitle),
        _yes_no_sheet(data, subtitle), _attendance_sheet(data, subtitle),
        _rounds_sheet(data, subtitle), _swot_sheet(data, subtitle)], path)
