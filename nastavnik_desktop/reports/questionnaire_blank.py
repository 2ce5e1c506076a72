"""Paper blanks of a questionnaire, A4 portrait: one blank per person, each on a new page.

A blank opens with the school's short name and the questionnaire's title, the person's full
name and class (a pupil) or position (an adult) printed on lines — or the lines left empty for
an empty blank — and a line for the date. Then the one instruction (tick a box; the scale
«от 1 до 10, где 1 — самый низший балл, а 10 — самый высокий»), the sections as headings and the
questions numbered through the whole questionnaire, as the columns of the keyboard grid are,
so that the secretary typing a pile in finds question 7 in column 7. Each question is kept on
one page with what answers it: ten boxes labelled 1…10 for a scale item, «да» and «нет» for
yes/no, a box per choice (with «отметьте один вариант» or «отметьте все подходящие»), ruled
lines for a text. A blank running over a page names its person at the foot of the next one.

Builders take plain data (frozen, picklable: `reports.process`) and know nothing of the database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from nastavnik_desktop.reports import fonts, pages
from nastavnik_desktop.reports.answers_template import PaperQuestion
from nastavnik_desktop.reports.document import BlockContext, DocumentBuilder
from nastavnik_desktop.reports.layout import DocumentStyles, PageLayout
from nastavnik_desktop.reports.plan import DATE_LINE
from nastavnik_desktop.reports.tables import GRID_WIDTH
from nastavnik_desktop.reports.typography import paragraph_text

BLANK_LAYOUT = PageLayout(font_size=12.0, table_font_size=11.0, margin_left_mm=20.0,
                          margin_right_mm=15.0, margin_top_mm=12.0, margin_bottom_mm=12.0)
SCALE_LABELS = tuple(str(n) for n in range(1, 11))
YES_NO_LABELS = ("да", "нет")
SINGLE_HINT = "отметьте один вариант"
MULTIPLE_HINT = "отметьте все подходящие"
TICK_NOTE = "Отметьте ответ знаком «V» в клетке рядом с ним."
SCALE_NOTE_LINE = ("Оценки ставятся по шкале от 1 до 10, где 1 — самый низший балл, "
                   "а 10 — самый высокий.")
EMPTY_PLACE_LABEL = "Класс (должность)"
TEXT_LINES = 3
TWO_COLUMNS_FROM = 4
"""Choices from this many on are set in two columns when they are short."""
CONTINUED = "продолжение анкеты"

_BOX = 4.5 * mm
_BOX_GAP = 1.8 * mm
_RULE_STEP = 7.5 * mm
_NUMBER_INDENT = 7.0 * mm
_LABEL_WIDTH = 40.0 * mm


@dataclass(frozen=True)
class BlankSection:
    title: str
    """"" for questions without a section."""
    questions: tuple[PaperQuestion, ...]


@dataclass(frozen=True)
class BlankPerson:
    full_name: str
    place_label: str
    """«Класс» for a pupil, «Должность» for an adult."""
    place: str
    """«7Б»; «учитель математики»; "" when unknown (a line is left)."""


@dataclass(frozen=True)
class BlanksData:
    organisation: str
    """The school's short name as it heads each blank."""
    title: str
    sections: tuple[BlankSection, ...]
    people: tuple[BlankPerson | None, ...]
    """A blank each, in this order; None is an empty blank (ФИО and class to write in)."""
    subtitle: str = ""
    """E.g. the round: «Входное анкетирование, 2026/2027 учебный год» ("" for none)."""

    @property
    def has_scale(self) -> bool:
        return any(q.kind == "scale" for s in self.sections for q in s.questions)


class _BlankStart(Flowable):
    """Takes no room; tells the canvas whose blank the page holds (for the foot of the pages
    a blank runs over to)."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.caption = caption
        self.width = self.height = 0

    def draw(self) -> None:
        canvas: Any = self.canv
        canvas.blank_caption = self.caption
        canvas.blank_first_page = canvas.getPageNumber()


class _Boxes(Flowable):
    """A row of boxes to tick; `above` puts each label over its box (the 1…10 scale), else
    the label follows the box («да», «нет»)."""

    def __init__(self, labels: Sequence[str], *, font_size: float, above: bool,
                 spacing: float) -> None:
        super().__init__()
        self.labels = tuple(labels)
        self.font_size = font_size
        self.above = above
        self.spacing = spacing
        self.height = _BOX + (self.font_size * 1.2 if above else 0) + 1
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(fonts.SERIF, self.font_size)
        canvas.setLineWidth(0.8)
        x = 0.0
        for label in self.labels:
            canvas.rect(x, 0, _BOX, _BOX, stroke=1, fill=0)
            if self.above:
                canvas.drawCentredString(x + _BOX / 2, _BOX + 2, label)
                x += self.spacing
            else:
                canvas.drawString(x + _BOX + _BOX_GAP, _BOX / 2 - self.font_size / 3, label)
                x += _BOX + 2 * _BOX_GAP + stringWidth(label, fonts.SERIF, self.font_size) \
                    + self.spacing


class _Box(Flowable):
    """One box, for a choice in a table row beside its text."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return _BOX, _BOX

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, _BOX, _BOX, stroke=1, fill=0)


class _RuledLines(Flowable):
    """Lines to write a short answer on."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.width = 0.0
        self.height = count * _RULE_STEP

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(GRID_WIDTH)
        canvas.setStrokeColor(colors.black)
        for n in range(self.count):
            canvas.line(0, n * _RULE_STEP, self.width, n * _RULE_STEP)


class QuestionnaireBlanks(DocumentBuilder):
    """The blanks of `data`, a blank per person (see the module's docstring)."""

    def __init__(self, data: BlanksData, layout: PageLayout | None = None) -> None:
        super().__init__(layout or BLANK_LAYOUT)
        self.data = data
        for index, person in enumerate(data.people or (None,)):
            if index:
                self.add_page_break()
            self._add(functools.partial(self._blank, person=person))

    # -- one blank --------------------------------------------------------------------------

    def _blank(self, ctx: BlockContext, *, person: BlankPerson | None) -> list[Flowable]:
        st, data = ctx.styles, self.data
        caption = person.full_name if person else ""
        out: list[Flowable] = [_BlankStart(caption)]
        if data.organisation:
            out.append(Paragraph(paragraph_text(data.organisation), st.requisite_center))
        out.append(Paragraph(paragraph_text(data.title), st.heading.clone(
            "blank_title", spaceBefore=st.body.leading / 3, spaceAfter=0)))
        if data.subtitle:
            out.append(Paragraph(paragraph_text(data.subtitle), st.requisite_center))
        out += [Spacer(0, st.body.leading / 2), self._who(ctx, person)]
        notes = [TICK_NOTE, *([SCALE_NOTE_LINE] if data.has_scale else [])]
        note_style = st.body_no_indent.clone("blank_note", fontName=fonts.SERIF_ITALIC,
                                             spaceBefore=st.body.leading / 2)
        out.append(Paragraph(paragraph_text(" ".join(notes)), note_style))
        for section in data.sections:
            out += self._section(ctx, section)
        return out

    def _who(self, ctx: BlockContext, person: BlankPerson | None) -> Table:
        """ФИО, class or position and the date, each written on a line."""
        st, width = ctx.styles, ctx.layout.frame_width
        if person is None:
            rows = [("ФИО", ""), (EMPTY_PLACE_LABEL, "")]
        else:
            rows = [("ФИО", person.full_name), (person.place_label, person.place)]
        rows.append(("Дата заполнения", DATE_LINE))
        label_width = max(stringWidth(f"{label}:", fonts.SERIF, st.body.fontSize)
                          for label, _v in rows) + 3 * mm
        value_style = st.body_no_indent.clone("blank_value", fontName=fonts.SERIF_BOLD,
                                              alignment=0)
        data = [[Paragraph(paragraph_text(f"{label}:"), st.requisite_left),
                 Paragraph(paragraph_text(value), value_style)] for label, value in rows[:-1]]
        data.append([Paragraph(paragraph_text(f"{rows[-1][0]}:"), st.requisite_left),
                     Paragraph(paragraph_text(DATE_LINE), st.requisite_left)])
        table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), fonts.SERIF, st.body.fontSize),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (1, 0), (1, -2), GRID_WIDTH, colors.black),
        ]))
        return table

    def _section(self, ctx: BlockContext, section: BlankSection) -> list[Flowable]:
        st = ctx.styles
        groups = [self._question(ctx, question) for question in section.questions]
        if section.title and groups:  # the heading never ends a page alone
            groups[0].insert(0, Paragraph(paragraph_text(section.title), st.heading.clone(
                "blank_section", alignment=0, spaceBefore=st.body.leading * 0.6,
                spaceAfter=st.body.leading / 4)))
        # KeepTogether must not nest: an inner one claims the whole page while measured
        return [KeepTogether(group) for group in groups]

    def _question(self, ctx: BlockContext, question: PaperQuestion) -> list[Flowable]:
        st = ctx.styles
        text_style = st.body_no_indent.clone(
            "blank_question", alignment=0, leftIndent=_NUMBER_INDENT,
            firstLineIndent=-_NUMBER_INDENT, spaceBefore=st.body.leading / 3, spaceAfter=2)
        text = f"<b>{question.number}.</b>\u00a0{paragraph_text(question.text)}"
        hint = {"single": SINGLE_HINT, "multiple": MULTIPLE_HINT}.get(question.kind)
        if hint:
            text += f" <i>({hint})</i>"
        out: list[Flowable] = [Paragraph(text, text_style)]
        answer = self._answer(ctx, question)
        out.append(_Indented(answer, _NUMBER_INDENT))
        return out

    def _answer(self, ctx: BlockContext, question: PaperQuestion) -> Flowable:
        size = ctx.styles.table_cell.fontSize
        if question.kind == "scale":
            spacing = min((ctx.layout.frame_width - _NUMBER_INDENT - _BOX) / 9, 14 * mm)
            return _Boxes(SCALE_LABELS, font_size=size, above=True, spacing=spacing)
        if question.kind == "yes_no":
            return _Boxes(YES_NO_LABELS, font_size=size, above=False, spacing=10 * mm)
        if question.kind in ("single", "multiple"):
            return _choice_table(question.choices, ctx.styles,
                                 ctx.layout.frame_width - _NUMBER_INDENT)
        return _RuledLines(TEXT_LINES)

    # -- the document -----------------------------------------------------------------------

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        layout = self.layout
        page = PageTemplate(id="main", frames=[pages.text_frame(layout, "main-text")],
                            pagesize=layout.page_size, autoNextPageTemplate=False,
                            onPageEnd=lambda canvas, _doc: _continued_foot(canvas, layout))
        return pages.doc_template(output, layout, [page], title=self.data.title,
                                  author=self.data.organisation, subject=self.data.subtitle)

    def _canvas_maker(self) -> Callable[..., Canvas]:
        return Canvas


class _Indented(Flowable):
    """A flowable moved right by `indent` (under the question's text, past its number)."""

    def __init__(self, inner: Flowable, indent: float) -> None:
        super().__init__()
        self.inner = inner
        self.indent = indent
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, self.height = self.inner.wrap(avail_width - self.indent, avail_height)
        self.width = width + self.indent
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.indent, 0)


def _choice_table(choices: Sequence[str], st: DocumentStyles, width: float) -> Table:
    """A box per choice with its text beside it, one under another — in two columns (down
    the first, then the second) when there are many short ones."""
    cell = st.table_cell
    box = _BOX + 2 * _BOX_GAP
    longest = max((stringWidth(c, cell.fontName, cell.fontSize) for c in choices), default=0)
    columns = 2 if len(choices) >= TWO_COLUMNS_FROM and longest < width / 2 - box - 4 else 1
    per_column = -(-len(choices) // columns)
    cells: list[list[Flowable | str]] = [[] for _ in range(per_column)]
    for index, choice in enumerate(choices):
        cells[index % per_column] += [_Box(), Paragraph(paragraph_text(choice), cell)]
    for row in cells:
        row += [""] * (2 * columns - len(row))
    table = Table(cells, colWidths=[box, width / columns - box] * columns, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _continued_foot(canvas: Canvas, layout: PageLayout) -> None:
    """«Иванов Иван Иванович — продолжение анкеты» at the foot of a blank's second page."""
    holder: Any = canvas
    first = getattr(holder, "blank_first_page", None)
    caption = getattr(holder, "blank_caption", "")
    if first is None or canvas.getPageNumber() <= first:
        return
    canvas.saveState()
    canvas.setFont(fonts.SERIF, layout.small_font_size)
    text = f"{caption} — {CONTINUED}" if caption else CONTINUED.capitalize()
    canvas.drawString(layout.left, layout.bottom / 2, text)
    canvas.restoreState()


def blanks_document(data: BlanksData, *, layout: PageLayout | None = None) -> QuestionnaireBlanks:
    """The builder of the blanks (a `PdfRecipe`'s `make`)."""
    return QuestionnaireBlanks(data, layout)
