"""The individual development plan (ИПР) of a pair or group, A4 portrait.

It opens with the school and the title, names the mentor and the mentees with their class or
position, the form and the role model; then for each mentee the strengths, the points of
growth and the goals; then the table of common tasks; and ends with the signatures of the
mentor, the mentee(s) and the curator, with a line for the date. Builders take plain data
(frozen, picklable: `reports.process`) and know nothing of the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from nastavnik_desktop.reports.document import LIST_DASH, BlockContext
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.requisites import Organisation, Signer
from nastavnik_desktop.reports.tables import GRID_WIDTH, SIGNATURE_LINE_MM, Align, Row
from nastavnik_desktop.reports.typography import paragraph_text

PAIR_PLAN_TITLE = "Индивидуальный план развития наставляемого"
GROUP_PLAN_TITLE = "План развития наставнической группы"
PORTRAIT_LAYOUT = PageLayout(font_size=12.0, table_font_size=10.0, margin_left_mm=25.0)

TASK_HEADERS = ("№ п/п", "Направление", "Содержание", "Действие", "Срок",
                "Ожидаемый результат", "Отметка о выполнении")
TASK_WIDTHS_MM = (10.0, 26.0, 40.0, 30.0, 20.0, 30.0, 19.0)
TASK_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "center", "left", "center")
DATE_LINE = "«____» ______________ 20____ г."


@dataclass(frozen=True)
class PairPerson:
    """A person of the pair as printed: the full name and the class or position."""

    full_name: str
    place: str = ""

    @property
    def line(self) -> str:
        return f"{self.full_name} ({self.place})" if self.place else self.full_name


@dataclass(frozen=True)
class PairHeading:
    """Who the pair is: what heads the plan and the journal."""

    organisation: str | Organisation
    school_year: str
    mentor: PairPerson
    mentees: tuple[PairPerson, ...]
    form: str
    role_model: str
    formed_on: dt.date | None
    title: str = ""
    """A group's name, if it has one."""
    curator: str = ""
    """The curator's full name (for the signature), "" when none is appointed."""

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1


@dataclass(frozen=True)
class MenteePlan:
    mentee: PairPerson
    strengths: str
    growth_points: str
    goals: tuple[str, ...]


@dataclass(frozen=True)
class PlanTask:
    direction: str
    content: str
    action: str
    due_on: dt.date | None
    result: str
    done_on: dt.date | None


@dataclass(frozen=True)
class PlanData:
    heading: PairHeading
    mentees: tuple[MenteePlan, ...]
    pair_goals: tuple[str, ...]
    """Goals set for the whole pair or group (not of one mentee)."""
    tasks: tuple[PlanTask, ...]


def plan_title(heading: PairHeading) -> str:
    return GROUP_PLAN_TITLE if heading.is_group else PAIR_PLAN_TITLE


def add_pair_heading(doc: PairPaper, heading: PairHeading) -> None:
    """The lines naming the pair: mentor, mentee(s), form and role model, date formed."""
    mentees = "\n".join(m.line for m in heading.mentees) or "—"
    fields = [("Наставник", heading.mentor.line),
              ("Наставляемые" if heading.is_group else "Наставляемый", mentees),
              ("Форма наставничества", heading.form),
              ("Ролевая модель", heading.role_model or "—")]
    if heading.formed_on is not None:
        fields.append(("Группа закреплена" if heading.is_group else "Пара закреплена",
                       format_date(heading.formed_on)))
    doc.add_fields(fields)


def task_rows(tasks: Sequence[PlanTask]) -> list[Row]:
    """Numbered through the plan, in the plan's order."""
    rows: list[Row] = []
    for number, task in enumerate(tasks, start=1):
        done = f"выполнено {format_date(task.done_on)}" if task.done_on else ""
        rows.append((number, task.direction or "—", task.content, task.action or "—",
                     task.due_on, task.result or "—", done))
    return rows


def plan_document(data: PlanData, *, as_of: dt.date,
                  layout: PageLayout | None = None) -> PairPaper:
    """The plan of one pair or group, A4 portrait."""
    heading = data.heading
    subtitle = heading.title if heading.is_group and heading.title else ""
    subtitle = ", ".join(p for p in (subtitle, f"{heading.school_year} учебный год") if p)
    doc = PairPaper(plan_title(heading), heading.organisation, subtitle=subtitle,
                       as_of=as_of, layout=layout or PORTRAIT_LAYOUT)
    add_pair_heading(doc, heading)

    doc.add_heading("1. Сильные стороны, точки роста и цели")
    for number, mentee in enumerate(data.mentees, start=1):
        prefix = f"1.{number}. " if len(data.mentees) > 1 else ""
        doc.add_paragraph(f"{prefix}{mentee.mentee.line}", indent=False, bold=True)
        goals = "\n".join(f"{LIST_DASH} {goal}" for goal in mentee.goals) or "—"
        doc.add_fields([("Сильные стороны", mentee.strengths or "—"),
                        ("Точки роста", mentee.growth_points or "—"),
                        ("Цели", goals)])
    if data.pair_goals:
        doc.add_paragraph("Общие цели " + ("группы" if heading.is_group else "пары"),
                          indent=False, bold=True)
        doc.add_fields([("Цели", "\n".join(f"{LIST_DASH} {goal}"
                                            for goal in data.pair_goals))])

    doc.add_heading("2. Совместные задачи")
    if data.tasks:
        doc.add_table(TASK_HEADERS, task_rows(data.tasks), col_widths_mm=TASK_WIDTHS_MM,
                      align=TASK_ALIGN)
    else:
        doc.add_paragraph("Задачи в план ещё не внесены.", indent=False)

    add_signatures(doc, heading, mentees=True)
    return doc


class PairPaper(ListDocument):
    """A list document of stage 6 (the plan, the journal, the control sheet): labelled
    fields, totals kept together, aligned signature lines."""

    def add_fields(self, fields: Sequence[tuple[str, str]]) -> None:
        """«Наставник: Иванов Иван Иванович (учитель физики)» as a borderless two-column
        table: the labels in a column, the values aligned at the left after them."""
        fields = list(fields)

        def make(ctx: BlockContext) -> list[Flowable]:
            st = ctx.styles
            label_style = st.requisite_left
            value_style = st.requisite_left
            width = ctx.layout.frame_width
            label_width = min(max(stringWidth(f"{label}:", label_style.fontName,
                                              label_style.fontSize) for label, _ in fields)
                              + 8, width * 0.35)
            rows = [[Paragraph(paragraph_text(f"{label}:"), label_style),
                     Paragraph(paragraph_text(value), value_style)] for label, value in fields]
            table = Table(rows, colWidths=[label_width, width - label_width], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, -1), label_style.fontName, label_style.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            return [Spacer(0, st.body.leading / 3), table, Spacer(0, st.body.leading / 3)]

        self._add(make)

    def add_summary(self, heading: str, lines: Sequence[str]) -> None:
        """A heading and its lines kept together on one page (the totals of a list)."""
        lines = list(lines)

        def make(ctx: BlockContext) -> list[Flowable]:
            st = ctx.styles
            return [KeepTogether([Paragraph(paragraph_text(heading), st.heading),
                                  *(Paragraph(paragraph_text(line), st.requisite_left)
                                    for line in lines)])]

        self._add(make)

    def add_signature_lines(self, signers: Sequence[tuple[str, str]], *,
                            date_line: str = "") -> None:
        """«Наставник  ________________  И. И. Иванов» for each (position, full name), in
        one borderless table so that the lines stand one under another; a blank name leaves
        room to write it by hand."""
        signers = list(signers)

        def make(ctx: BlockContext) -> list[Flowable]:
            st = ctx.styles
            width = ctx.layout.frame_width
            widths = [width * 0.28, width * 0.04, SIGNATURE_LINE_MM * mm * 1.2]
            widths.append(width - sum(widths))
            rows = [[Paragraph(paragraph_text(position), st.signature), "", "",
                     Paragraph(paragraph_text(_signature_name(name)), st.signature)]
                    for position, name in signers]
            table = Table(rows, colWidths=widths, hAlign="LEFT")
            commands: list[tuple[object, ...]] = [
                ("FONT", (0, 0), (-1, -1), st.signature.fontName, st.signature.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (3, 0), (3, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), st.body.leading * 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LINEBELOW", (2, 0), (2, -1), GRID_WIDTH, colors.black)]
            table.setStyle(TableStyle(commands))
            kept: list[Flowable] = [Spacer(0, st.body.leading), table]
            if date_line:
                kept += [Spacer(0, st.body.leading),
                         Paragraph(paragraph_text(date_line), st.requisite_left)]
            return [KeepTogether(kept)]

        self._add(make, keep_with_previous=True)


def _signature_name(full_name: str) -> str:
    return Signer.from_full_name("", full_name).signature_name if full_name.strip() else ""


def add_signatures(doc: PairPaper, heading: PairHeading, *, mentees: bool) -> None:
    """Signature lines of the mentor, the mentees (if `mentees`) and the curator (a blank
    name when none is appointed), then a line for the date."""
    signers = [("Наставник", heading.mentor.full_name)]
    if mentees:
        label = "Наставляемый" if len(heading.mentees) == 1 else "Наставляемые"
        signers += [(label if index == 0 else "", mentee.full_name)
                    for index, mentee in enumerate(heading.mentees)]
    signers.append(("Куратор программы наставничества", heading.curator))
    doc.add_signature_lines(signers, date_line=f"Дата: {DATE_LINE}")

