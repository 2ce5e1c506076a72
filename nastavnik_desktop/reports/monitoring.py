"""The monitoring report of a programme, A4 portrait: both stages of the methodology on one date.

It opens with the school, the title, the school year and the reporting date; section 1 is the
quality of the process (the 70 % KPI both ways with its method and breakdowns, the rounds of
questionnaires, satisfaction of mentors and mentees, meeting attendance, the SWOT as a 2×2
table); section 2 the influence on the participants (each parameter at entry and at exit, for
mentees and for mentors, per form); then the curator's conclusions and the signatures of the
curator and the director. Charts are vector drawings (`reports.charts`).

The builder takes `MonitoringReportData`, plain and picklable (`reports.process` lays a big
school's report out in a child process); `services/monitoring/report_data.py` fills it from the
same services the screen and the CLI's JSON show, and the statistics workbook
(`reports/monitoring_workbook.py`) is written from the same object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from nastavnik_desktop.reports import charts
from nastavnik_desktop.reports.document import LIST_DASH, BlockContext
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.plan import PairPaper
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import (
    CELL_PADDING_H,
    CELL_PADDING_V,
    GRID_WIDTH,
    Align,
    GroupRow,
    Row,
)
from nastavnik_desktop.reports.typography import paragraph_text

REPORT_TITLE = "Отчёт о мониторинге программы наставничества"
PROCESS_TITLE = "1. Мониторинг и оценка качества процесса реализации программы"
INFLUENCE_TITLE = "2. Мониторинг и оценка влияния программы на всех участников"
CONCLUSIONS_TITLE = "3. Выводы"
REPORT_LAYOUT = PageLayout(font_size=12.0, table_font_size=10.0, margin_left_mm=25.0)
TEXT_WIDTH_MM = REPORT_LAYOUT.frame_width / mm
"""The width of the text on the report's page (A4 less the margins): tables fill it."""
NO_DATA = "нет данных"
WHOLE_PROGRAMME = "В целом по программе"
SWOT_HEADINGS = ("Сильные стороны (S)", "Слабые стороны (W)", "Возможности (O)",
                 "Угрозы (T)")


def percent_text(percent: float | None) -> str:
    """«64,3 %», or «нет данных» — as the screen and the CLI print it."""
    return NO_DATA if percent is None else f"{charts.number_text(percent)} %"


def label_text(text: str) -> str:
    """A label as it heads a table row: «ученик – ученик» → «Ученик – ученик»."""
    return text[:1].upper() + text[1:]


def mean_text(value: float | None) -> str:
    return "—" if value is None else charts.number_text(value)


def change_text(value: float | None) -> str:
    """«+1,5», «−0,5», «0,0»: the sign shows which way it went."""
    if value is None:
        return "—"
    text = charts.number_text(abs(value))
    return f"+{text}" if value > 0.05 else f"−{text}" if value < -0.05 else charts.number_text(0)


@dataclass(frozen=True)
class KpiShare:
    """The KPI one way: `involved` of `population` (percent None when nobody to count)."""

    title: str
    involved: int
    population: int
    percent: float | None
    method: str


@dataclass(frozen=True)
class CountLine:
    """A line of a breakdown: involved (as mentors, as mentees) and, where it has one, the
    population and the share."""

    label: str
    involved: int
    mentors: int
    mentees: int
    population: int | None = None
    percent: float | None = None


@dataclass(frozen=True)
class Breakdown:
    title: str
    lines: tuple[CountLine, ...]


@dataclass(frozen=True)
class FormCount:
    label: str
    pairs: int
    involved: int
    mentors: int
    mentees: int


@dataclass(frozen=True)
class RoundLine:
    title: str
    phase: str
    audience: str
    opens_on: dt.date
    closes_on: dt.date | None
    answered: int
    expected: int

    @property
    def percent(self) -> float | None:
        return None if not self.expected else 100 * self.answered / self.expected


@dataclass(frozen=True)
class SatisfactionLine:
    """Satisfaction of mentors or mentees (`group`) in the whole programme (`form` "") or in
    one form: the mean of their satisfaction items on 1–10 and the share of respondents at 7
    or more."""

    group: str
    respondents: int
    mean: float | None
    share_high: float | None
    form: str = ""


@dataclass(frozen=True)
class YesLine:
    """A yes/no item: the share of «да» among those of `group` who answered it."""

    group: str
    phase: str
    label: str
    yes: int
    answered: int
    percent: float | None
    form: str = ""


@dataclass(frozen=True)
class AttendanceLine:
    """Meetings held by the date (of a form, or all: `form` «Всего по программе») and the
    share of the mentees' attendance marks that say «был»."""

    form: str
    meetings: int
    marks: int
    percent: float | None


@dataclass(frozen=True)
class GrowthLine:
    """A parameter measured at entry and at exit (means on 1–10, of `entry_count` and
    `exit_count` respondents) for one role, in the whole programme (`form` "") or one form."""

    role: str
    form: str
    parameter: str
    entry: float | None
    exit: float | None
    entry_count: int = 0
    exit_count: int = 0

    @property
    def change(self) -> float | None:
        return None if self.entry is None or self.exit is None else self.exit - self.entry

    @property
    def answered(self) -> bool:
        return self.entry is not None or self.exit is not None


@dataclass(frozen=True)
class FormGrowthLine:
    """A form: its pairs, and the mean of its people's paired items at entry and at exit."""

    form: str
    pairs: int
    entry: float | None
    exit: float | None

    @property
    def change(self) -> float | None:
        return None if self.entry is None or self.exit is None else self.exit - self.entry


@dataclass(frozen=True)
class SwotBlock:
    """The four lists of the SWOT of the programme (title "") or of one form."""

    title: str
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    opportunities: tuple[str, ...]
    threats: tuple[str, ...]

    @property
    def quadrants(self) -> tuple[tuple[str, ...], ...]:
        return (self.strengths, self.weaknesses, self.opportunities, self.threats)


@dataclass(frozen=True)
class MonitoringReportData:
    """Everything the report shows, as the services computed it on the date `on`."""

    organisation: str | Organisation
    school_year: str
    on: dt.date
    target_percent: float
    pupils: KpiShare
    pupils_and_staff: KpiShare
    by_form: tuple[FormCount, ...]
    breakdowns: tuple[Breakdown, ...]
    """By role, by category, by age group, young specialists."""
    by_class: Breakdown
    organisations: tuple[tuple[str, int], ...]
    rounds: tuple[RoundLine, ...] = ()
    satisfaction: tuple[SatisfactionLine, ...] = ()
    yes_no: tuple[YesLine, ...] = ()
    attendance: tuple[AttendanceLine, ...] = ()
    growth: tuple[GrowthLine, ...] = ()
    form_growth: tuple[FormGrowthLine, ...] = ()
    growth_note: str = ""
    """Why changes are missing (no entry or exit answers yet), "" when both sides have them."""
    swot: tuple[SwotBlock, ...] = ()
    conclusions: str = ""
    curator: str = ""
    """The curator's full name ("" leaves the line to write by hand)."""
    director: str = ""
    director_position: str = "Директор"

    @property
    def rows(self) -> int:
        """How many table rows the report has (a large one is laid out in a child process)."""
        return (len(self.by_form) + sum(len(b.lines) for b in self.breakdowns)
                + len(self.by_class.lines) + len(self.rounds) + len(self.growth))

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles of the growth lines in their order (mentees first, as the data gave)."""
        return tuple(dict.fromkeys(line.role for line in self.growth))


KPI_HEADERS = ("Показатель", "Вовлечено", "Всего", "Доля")
BREAKDOWN_HEADERS = ("Группа", "Вовлечено", "из них наставники", "из них наставляемые",
                     "Всего в школе", "Доля")
BREAKDOWN_WIDTHS_MM = (63.0, 22.0, 22.0, 24.0, 22.0, 22.0)
FORM_HEADERS = ("Форма наставничества", "Пар и групп", "Наставников", "Наставляемых",
                "Всего участников")
ROUND_HEADERS = ("Опрос", "Вид", "Кто отвечает", "Сроки", "Ответили", "Ожидалось", "Доля")
SATISFACTION_HEADERS = ("Участники", "Ответили", "Средняя оценка (1–10)",
                        "Удовлетворены (7 и выше)")
YES_HEADERS = ("Участники", "Вопрос", "Анкета", "«Да»", "Ответили", "Доля «да»")
ATTENDANCE_HEADERS = ("Форма наставничества", "Проведено встреч", "Отметок посещения",
                      "Посещаемость")
CENTER: Align = "center"


def kpi_rows(data: MonitoringReportData) -> list[Row]:
    return [(share.title, share.involved, share.population, percent_text(share.percent))
            for share in (data.pupils, data.pupils_and_staff)]


def breakdown_rows(breakdowns: Sequence[Breakdown]) -> list[Row]:
    rows: list[Row] = []
    for breakdown in breakdowns:
        if len(breakdowns) > 1:
            rows.append(GroupRow(breakdown.title))
        rows += [(label_text(line.label), line.involved, line.mentors, line.mentees,
                  "—" if line.population is None else line.population,
                  "—" if line.population is None else percent_text(line.percent))
                 for line in breakdown.lines]
    return rows


def _dates(line: RoundLine) -> str:
    start = format_date(line.opens_on)
    return f"{start} – {format_date(line.closes_on)}" if line.closes_on else f"с {start}"


def monitoring_document(data: MonitoringReportData, *,
                        layout: PageLayout | None = None) -> MonitoringReport:
    """The report of `data`, A4 portrait."""
    doc = MonitoringReport(REPORT_TITLE, data.organisation,
                           subtitle=f"{data.school_year} учебный год", as_of=data.on,
                           layout=layout or REPORT_LAYOUT)
    doc.add_heading(PROCESS_TITLE)
    _add_involvement(doc, data)
    _add_questionnaires(doc, data)
    _add_swot(doc, data)
    doc.add_heading(INFLUENCE_TITLE)
    _add_growth(doc, data)
    doc.add_heading(CONCLUSIONS_TITLE)
    paragraphs = [p.strip() for p in data.conclusions.splitlines() if p.strip()]
    for paragraph in paragraphs or ["Выводы куратором не записаны."]:
        doc.add_paragraph(paragraph)
    doc.add_signature_lines([("Куратор программы наставничества", data.curator),
                             (data.director_position or "Директор", data.director)],
                            date_line=f"Дата: {format_date(data.on)}")
    return doc


def _add_involvement(doc: MonitoringReport, data: MonitoringReportData) -> None:
    on = format_date(data.on)
    target = charts.number_text(data.target_percent, 0)
    doc.add_subheading(f"1.1. Вовлечённость в наставничество на {on}")
    doc.add_paragraph(
        f"Целевое значение показателя — не менее {target} % обучающихся и педагогических "
        f"работников, вовлечённых в различные формы наставничества. Показатель рассчитан на "
        f"отчётную дату {on} двумя способами.")
    doc.add_table(KPI_HEADERS, kpi_rows(data), col_widths_mm=(95.0, 25.0, 25.0, 30.0),
                  align=("left", CENTER, CENTER, CENTER))
    for number, share in enumerate((data.pupils, data.pupils_and_staff), start=1):
        doc.add_paragraph(f"Методика {number}. {share.method}")
    if data.pupils.percent is not None or data.pupils_and_staff.percent is not None:
        doc.add_chart(lambda width: charts.kpi_chart(
            width, [(data.pupils.title, data.pupils.percent),
                    (data.pupils_and_staff.title, data.pupils_and_staff.percent)],
            target=data.target_percent, title="Доля вовлечённых в наставничество, %",
            no_data=NO_DATA))

    if data.by_form:
        doc.add_table_title("Участники по формам наставничества")
        doc.add_table(FORM_HEADERS, [(label_text(f.label), f.pairs, f.mentors, f.mentees,
                                      f.involved) for f in data.by_form],
                      col_widths_mm=(67.0, 27.0, 27.0, 27.0, 27.0),
                      align=("left", CENTER, CENTER, CENTER, CENTER))
        doc.add_chart(lambda width: charts.horizontal_bars(
            width, [label_text(f.label) for f in data.by_form],
            [charts.BarSeries("наставники", tuple(float(f.mentors) for f in data.by_form)),
             charts.BarSeries("наставляемые", tuple(float(f.mentees) for f in data.by_form))],
            title="Участники по формам наставничества, человек"))
    else:
        doc.add_paragraph(f"На {on} пар и групп в работе нет.")

    doc.add_table_title("Вовлечённость по ролям, категориям и возрасту")
    doc.add_table(BREAKDOWN_HEADERS, breakdown_rows(data.breakdowns),
                  col_widths_mm=BREAKDOWN_WIDTHS_MM,
                  align=("left", CENTER, CENTER, CENTER, CENTER, CENTER))
    if data.by_class.lines:
        doc.add_table_title("Вовлечённость обучающихся по классам")
        doc.add_table(BREAKDOWN_HEADERS, breakdown_rows([data.by_class]),
                      col_widths_mm=BREAKDOWN_WIDTHS_MM,
                      align=("left", CENTER, CENTER, CENTER, CENTER, CENTER))
    if data.organisations:
        doc.add_table_title("Организации и предприятия, предоставившие наставников")
        doc.add_table(("Организация", "Наставников"), list(data.organisations),
                      col_widths_mm=(140.0, 35.0), align=("left", CENTER))
    else:
        doc.add_paragraph("Наставников из других организаций на эту дату нет.")


def _by_form(lines: Sequence[Any], row: Callable[[Any], Row]) -> list[Row]:
    """Rows of the whole programme (form "") first, then a group row for each form."""
    forms = list(dict.fromkeys(line.form for line in lines if line.form))
    rows: list[Row] = [GroupRow(WHOLE_PROGRAMME)] if forms else []
    rows += [row(line) for line in lines if not line.form]
    for form in forms:
        rows.append(GroupRow(label_text(form)))
        rows += [row(line) for line in lines if line.form == form]
    return rows


def _add_questionnaires(doc: MonitoringReport, data: MonitoringReportData) -> None:
    doc.add_subheading("1.2. Анкетирование участников")
    if data.rounds:
        doc.add_table(ROUND_HEADERS, [(r.title, r.phase, r.audience, _dates(r), r.answered,
                                       r.expected, percent_text(r.percent))
                                      for r in data.rounds],
                      col_widths_mm=(52.0, 22.0, 27.0, 26.0, 16.0, 16.0, 16.0),
                      align=("left", "left", "left", CENTER, CENTER, CENTER, CENTER))
    else:
        doc.add_paragraph("Опросы участников в программе не проводились.", indent=False)
    doc.add_subheading("1.3. Удовлетворённость участников")
    answered = [s for s in data.satisfaction if s.respondents or not s.form]
    if any(s.respondents for s in answered):
        doc.add_paragraph("Удовлетворённость — средняя оценка участника по вопросам итоговой "
                          "анкеты о работе в паре (шкала от 1 до 10); удовлетворены — "
                          "участники со средней оценкой 7 и выше.")
        doc.add_table(SATISFACTION_HEADERS, _by_form(answered, lambda s: (
            label_text(s.group), s.respondents, mean_text(s.mean), percent_text(s.share_high))),
                      col_widths_mm=(85.0, 25.0, 32.0, 33.0),
                      align=("left", CENTER, CENTER, CENTER))
    else:
        doc.add_paragraph("Ответов на вопросы итоговых анкет об удовлетворённости нет.",
                          indent=False)
    overall = [y for y in data.yes_no if not y.form]
    if overall:
        doc.add_table_title("Ответы «да» на вопросы анкет")
        doc.add_table(YES_HEADERS, [(label_text(y.group), y.label, y.phase, y.yes, y.answered,
                                     percent_text(y.percent)) for y in overall],
                      col_widths_mm=(30.0, 60.0, 24.0, 18.0, 22.0, 21.0),
                      align=("left", "left", "left", CENTER, CENTER, CENTER))
    doc.add_subheading("1.4. Посещаемость встреч")
    if data.attendance:
        doc.add_paragraph("Посещаемость — доля отметок «был» в журналах проведённых встреч "
                          "(отметки наставляемых).")
        doc.add_table(ATTENDANCE_HEADERS, [(label_text(a.form), a.meetings, a.marks,
                                            percent_text(a.percent))
                                           for a in data.attendance],
                      col_widths_mm=(85.0, 30.0, 30.0, 30.0),
                      align=("left", CENTER, CENTER, CENTER))
    else:
        doc.add_paragraph("Проведённых встреч в журналах пар и групп нет.", indent=False)


def _add_swot(doc: MonitoringReport, data: MonitoringReportData) -> None:
    doc.add_subheading("1.5. SWOT-анализ программы")
    blocks = [b for b in data.swot if any(b.quadrants)]
    if not blocks:
        doc.add_paragraph("SWOT-анализ куратором не заполнен.", indent=False)
    for block in blocks:
        if block.title:
            doc.add_table_title(block.title)
        doc.add_swot(block)


@dataclass(frozen=True)
class _Sides:
    """Which sides have answers: a column of dashes (no exit questionnaire yet) is left out."""

    entry: bool
    exit: bool

    def headers(self) -> tuple[str, ...]:
        return (*(("На входе",) if self.entry else ()), *(("На выходе",) if self.exit else ()),
                *(("Изменение",) if self.entry and self.exit else ()))

    def cells(self, entry: float | None, leaving: float | None) -> tuple[str, ...]:
        change = None if entry is None or leaving is None else leaving - entry
        return (*((mean_text(entry),) if self.entry else ()),
                *((mean_text(leaving),) if self.exit else ()),
                *((change_text(change),) if self.entry and self.exit else ()))

    def series(self, lines: Sequence[GrowthLine]) -> list[charts.BarSeries]:
        return [*([charts.BarSeries("на входе", tuple(line.entry for line in lines))]
                  if self.entry else []),
                *([charts.BarSeries("на выходе", tuple(line.exit for line in lines))]
                  if self.exit else [])]


def _add_growth(doc: MonitoringReport, data: MonitoringReportData) -> None:
    if data.growth_note:
        doc.add_paragraph(data.growth_note)
    sides = _Sides(any(line.entry is not None for line in data.growth),
                   any(line.exit is not None for line in data.growth))
    if not sides.entry and not sides.exit:
        return
    doc.add_paragraph("Средние значения параметров по шкале от 1 до 10 (1 — самый низший "
                      "балл, 10 — самый высокий): на входе — ожидания участников по входным "
                      "анкетам, на выходе — оценка по итоговым анкетам"
                      + (", и их изменение." if sides.entry and sides.exit else "."))
    columns = len(sides.headers())
    if data.form_growth:
        doc.add_table_title("Средний балл парных вопросов по формам наставничества")
        doc.add_table(("Форма наставничества", "Пар и групп", *sides.headers()),
                      [(label_text(f.form), f.pairs, *sides.cells(f.entry, f.exit))
                       for f in data.form_growth],
                      col_widths_mm=(TEXT_WIDTH_MM - 25.0 * (columns + 1), 25.0,
                                     *[25.0] * columns),
                      align=("left", *[CENTER] * (columns + 1)))
    for number, role in enumerate(data.roles, start=1):
        lines = [line for line in data.growth if line.role == role]
        shown = {line.form for line in lines if line.answered}
        doc.add_subheading(f"2.{number}. {label_text(role)}")
        if not shown:
            doc.add_paragraph("Ответов на входные и итоговые анкеты нет.", indent=False)
            continue
        doc.add_table(("Параметр", *sides.headers()), _by_form(
            [line for line in lines if line.form in shown or not line.form],
            lambda line: (line.parameter, *sides.cells(line.entry, line.exit))),
                      col_widths_mm=(TEXT_WIDTH_MM - 25.0 * columns, *[25.0] * columns),
                      align=("left", *[CENTER] * columns))
        doc.add_chart(_growth_chart(role, [line for line in lines if not line.form], sides))


def _growth_chart(role: str, lines: Sequence[GrowthLine], sides: _Sides) -> charts.ChartFactory:
    """Entry and exit of each parameter of `role` in the whole programme."""
    shown = " и ".join(name for name, has in (("на входе", sides.entry),
                                              ("на выходе", sides.exit)) if has)

    def draw(width: float) -> Drawing:
        return charts.horizontal_bars(
            width, [line.parameter for line in lines], sides.series(lines),
            title=f"{label_text(role)}: параметры {shown}",
            value_max=10, value_step=2, decimals=1)

    return draw


class MonitoringReport(PairPaper):
    """The report: subheadings, table titles, charts and the SWOT grid besides a list's
    content."""

    def add_table(self, headers: Sequence[str], rows: Sequence[Row], *,
                  col_widths_mm: Sequence[float] | None = None,
                  align: Sequence[Align] | None = None, repeat_header: bool = True) -> None:
        """A table as in every document, whose title or heading above it does not stay
        alone at the foot of a page: the space before the table keeps with the table."""
        super().add_table(headers, rows, col_widths_mm=col_widths_mm, align=align,
                          repeat_header=repeat_header)
        make = self._current.blocks.pop().make

        def kept(ctx: BlockContext) -> list[Flowable]:
            made = make(ctx)
            made[0].keepWithNext = 1
            return made

        self._add(kept)

    def add_subheading(self, text: str) -> None:
        """A bold heading at the left margin, kept with what follows."""

        def make(ctx: BlockContext) -> list[Flowable]:
            style = ctx.styles.body_no_indent.clone(
                "subheading", fontName=ctx.styles.heading.fontName,
                spaceBefore=ctx.styles.body.leading / 2, spaceAfter=ctx.styles.body.leading / 4,
                keepWithNext=1)
            return [Paragraph(paragraph_text(text), style)]

        self._add(make)

    def add_table_title(self, text: str) -> None:
        """The name of the table after it, centred, kept with it."""

        def make(ctx: BlockContext) -> list[Flowable]:
            style = ctx.styles.requisite_center.clone(
                "table_title", spaceBefore=ctx.styles.body.leading / 2, keepWithNext=1)
            return [Paragraph(paragraph_text(text), style)]

        self._add(make)

    def add_chart(self, draw: charts.ChartFactory) -> None:
        """A chart as wide as the text, with room above and below."""

        def make(ctx: BlockContext) -> list[Flowable]:
            half = ctx.styles.body.leading / 2
            return [Spacer(0, half), draw(ctx.layout.frame_width), Spacer(0, half)]

        self._add(make)

    def add_swot(self, block: SwotBlock) -> None:
        """The four quadrants as a 2×2 grid: strengths and weaknesses above, opportunities
        and threats below, each a list of its items."""

        def make(ctx: BlockContext) -> list[Flowable]:
            st = ctx.styles
            head, cell = st.table_header, st.table_cell

            def items(texts: tuple[str, ...]) -> Paragraph:
                text = "\n".join(f"{LIST_DASH} {t}" for t in texts) or "—"
                return Paragraph(paragraph_text(text), cell)

            s, w, o, t = block.quadrants
            rows = [[Paragraph(paragraph_text(SWOT_HEADINGS[0]), head),
                     Paragraph(paragraph_text(SWOT_HEADINGS[1]), head)],
                    [items(s), items(w)],
                    [Paragraph(paragraph_text(SWOT_HEADINGS[2]), head),
                     Paragraph(paragraph_text(SWOT_HEADINGS[3]), head)],
                    [items(o), items(t)]]
            half = ctx.layout.frame_width / 2
            table = Table(rows, colWidths=[half, half], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
                ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("BACKGROUND", (0, 2), (-1, 2), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_V),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_V + 1)]))
            before = Spacer(0, st.body.leading / 2)
            before.keepWithNext = 1  # the heading above stays with the grid
            return [before, table, Spacer(0, st.body.leading / 2)]

        self._add(make)
