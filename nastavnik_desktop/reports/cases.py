"""The booklet «Сборник лучших практик наставничества»: a title page, the contents with page
numbers, and a section per case (heading, the pair or form, the problem, what was done, the
result, quotes set apart, photos scaled to the column with their captions).

Laid out in two passes (`multiBuild`) so the contents know the pages; pages are numbered from
the second one at the top centre, as every document of the program.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports import fonts, pages, pdfa
from nastavnik_desktop.reports.document import BlockContext, DocumentBuilder, _LayoutProgress
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.typography import paragraph_text

BOOKLET_TITLE = "Сборник лучших практик наставничества"
PHOTO_MAX_HEIGHT_MM = 110.0
NAMES_NOTE = ("Имена участников, не давших согласия на публикацию, заменены словами "
              "«наставник» и «наставляемый».")


@dataclass(frozen=True)
class BookletPhoto:
    path: str
    caption: str = ""


@dataclass(frozen=True)
class BookletCase:
    title: str
    subject: str
    """«Пара: наставник Орлов Иван Петрович, наставляемый …» or «Форма: …»."""
    problem: str = ""
    actions: str = ""
    result: str = ""
    quotes: tuple[str, ...] = ()
    photos: tuple[BookletPhoto, ...] = ()
    names_hidden: bool = False
    """Some names were replaced by roles (no consent to publication)."""


@dataclass(frozen=True)
class BookletData:
    school_full_name: str
    founder: str
    place: str
    year: int
    school_year: str
    cases: tuple[BookletCase, ...]


def booklet_document(data: BookletData) -> CasesBooklet:
    """The booklet as a document (the recipe's builder)."""
    return CasesBooklet(data)


class CasesBooklet(DocumentBuilder):
    """The booklet of cases; see the module's docstring."""

    def __init__(self, data: BookletData, layout: PageLayout | None = None) -> None:
        super().__init__(layout or PageLayout(title_alignment="center"))
        self.data = data
        self._add(self._title_page)
        self._add(self._contents)
        for number, case in enumerate(data.cases, start=1):
            self._add(functools.partial(_case_section, number=number, case=case))

    # -- the parts ------------------------------------------------------------------------

    def _title_page(self, ctx: BlockContext) -> list[Flowable]:
        st, data = ctx.styles, self.data
        height = ctx.layout.frame_height
        big = ParagraphStyle("booklet_title", parent=st.organisation,
                             fontSize=st.body.fontSize * 1.8, leading=st.body.fontSize * 2.3)
        out: list[Flowable] = []
        if data.founder:
            out.append(Paragraph(paragraph_text(data.founder), st.requisite_center))
            out.append(Spacer(0, st.body.leading / 2))
        out += [Paragraph(paragraph_text(data.school_full_name), st.organisation),
                Spacer(0, height * 0.28),
                Paragraph(paragraph_text(BOOKLET_TITLE), big),
                Spacer(0, st.body.leading),
                Paragraph(paragraph_text(
                    f"Кейсы программы наставничества {data.school_year} учебного года"),
                    st.requisite_center),
                _BottomLine(paragraph_text(", ".join(
                    part for part in (data.place, str(data.year)) if part)), st.requisite_center),
                PageBreak()]
        return out

    def _contents(self, ctx: BlockContext) -> list[Flowable]:
        st = ctx.styles
        toc = TableOfContents(dotsMinLevel=0)
        # the contents are a table: its cells start in the bundled font, or reportlab puts an
        # unembedded Helvetica in the file
        toc.tableStyle = TableStyle([*toc.tableStyle.getCommands(),
                                     ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF)])
        toc.levelStyles = [ParagraphStyle("toc0", parent=st.body_no_indent, alignment=TA_LEFT,
                                          leftIndent=8 * mm,
                                          firstLineIndent=-8 * mm, rightIndent=12 * mm,
                                          spaceAfter=st.body.leading / 3)]
        out: list[Flowable] = [Paragraph("Содержание", st.heading), Spacer(0, st.body.leading),
                               toc]
        if not self.data.cases:
            out.append(Paragraph("В сборнике пока нет ни одного кейса.", st.body_no_indent))
        if any(case.names_hidden for case in self.data.cases):
            out += [Spacer(0, st.body.leading), Paragraph(paragraph_text(NAMES_NOTE), st.small)]
        return out

    # -- output ---------------------------------------------------------------------------

    def _write(self, output: BinaryIO, progress: ProgressCallback | None = None) -> None:
        template = self._doc_template(output)
        if progress is not None:
            template.setProgressCallBack(_LayoutProgress(progress))
        template.multiBuild(self._flowables(), canvasmaker=pdfa.archival(self._canvas_maker()))

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        template = pages.doc_template(
            output, self.layout, [pages.official_page("main", self.layout)],
            title=BOOKLET_TITLE, author=self.data.school_full_name,
            subject=f"Кейсы программы наставничества {self.data.school_year} учебного года")

        def after_flowable(flowable: Flowable) -> None:
            entry = getattr(flowable, "toc_entry", None)
            if entry:
                template.notify("TOCEntry", (0, entry, template.page))

        template.afterFlowable = after_flowable
        return template


class _BottomLine(Flowable):
    """A centred line at the bottom of the frame (the place and year of a title page)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self._paragraph = Paragraph(text, style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        _w, self._text_height = self._paragraph.wrap(available_width, available_height)
        self._height = max(available_height - 1, self._text_height)
        return available_width, self._height

    def draw(self) -> None:
        self._paragraph.drawOn(self.canv, 0, 0)


def _case_section(ctx: BlockContext, *, number: int, case: BookletCase) -> list[Flowable]:
    st, width = ctx.styles, ctx.layout.frame_width
    heading = ParagraphStyle("case_heading", parent=st.heading,
                             fontSize=st.body.fontSize + 2, leading=(st.body.fontSize + 2) * 1.2,
                             spaceBefore=0)
    label = ParagraphStyle("case_label", parent=st.body_no_indent, fontName=fonts.SERIF_BOLD,
                           spaceBefore=st.body.leading / 2, keepWithNext=1)
    subject = ParagraphStyle("case_subject", parent=st.requisite_center,
                             fontName=fonts.SERIF_ITALIC, spaceAfter=st.body.leading / 2)
    title = Paragraph(paragraph_text(f"{number}. {case.title}"), heading)
    title.toc_entry = f"{number}. {case.title}"
    out: list[Flowable] = [PageBreak(), title]
    if case.subject:
        out.append(Paragraph(paragraph_text(case.subject), subject))
    for caption, text in (("Проблема", case.problem), ("Что было сделано", case.actions),
                          ("Результат", case.result)):
        if text.strip():
            out.append(Paragraph(caption, label))
            out += [Paragraph(paragraph_text(part), st.body) for part in _paragraphs(text)]
    if case.quotes:
        out.append(Paragraph("Отзывы участников", label))
        out += [_quote(text, st.body, width) for text in case.quotes]
    if case.photos:
        out.append(CondPageBreak(40 * mm))
        out.append(Spacer(0, st.body.leading / 2))
        for photo in case.photos:
            out += _photo(photo, st.small, width)
    if case.names_hidden:
        out += [Spacer(0, st.body.leading / 2), Paragraph(paragraph_text(NAMES_NOTE), st.small)]
    return out


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _quote(text: str, body: ParagraphStyle, width: float) -> Table:
    """A quote set apart: indented, in italics, with a rule at its left."""
    style = ParagraphStyle("quote", parent=body, fontName=fonts.SERIF_ITALIC, firstLineIndent=0,
                           alignment=TA_LEFT)  # a short quote justified gapes
    indent = 10 * mm
    table = Table([[Paragraph(paragraph_text(_quoted(text)), style)]],
                  colWidths=[width - indent], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),
        ("LINEBEFORE", (0, 0), (0, 0), 1.5, "#808080"),
        ("LEFTPADDING", (0, 0), (0, 0), 4 * mm),
        ("TOPPADDING", (0, 0), (0, 0), 1 * mm),
        ("BOTTOMPADDING", (0, 0), (0, 0), 1 * mm),
    ]))
    table.spaceBefore = table.spaceAfter = body.leading / 3
    return table


def _quoted(text: str) -> str:
    """A quote in «», unless the author already put it in quotation marks."""
    text = " ".join(text.split())
    if text[:1] in "«\"“„":
        return text
    author = ""
    for dash in (" — ", " – ", " - "):
        if dash in text:
            said, author = text.rsplit(dash, 1)
            if len(author) <= 80:
                return f"«{said.strip()}» — {author.strip()}"
            author = ""
    return f"«{text}»{author}"


def _photo(photo: BookletPhoto, caption_style: ParagraphStyle, width: float) -> list[Flowable]:
    """The photo scaled to the column (at most `PHOTO_MAX_HEIGHT_MM` high) with its caption,
    kept together; an unreadable file is left out."""
    try:
        image_width, image_height = ImageReader(photo.path).getSize()
    except Exception:
        return []
    if image_width <= 0 or image_height <= 0:
        return []
    scale = min(width / image_width, PHOTO_MAX_HEIGHT_MM * mm / image_height)
    image = Image(photo.path, width=image_width * scale, height=image_height * scale)
    parts: list[Any] = [image]
    if photo.caption:
        style = ParagraphStyle("photo_caption", parent=caption_style, alignment=TA_CENTER,
                               fontName=fonts.SERIF_ITALIC, spaceBefore=1.5 * mm)
        parts.append(Paragraph(paragraph_text(photo.caption), style))
    parts.append(Spacer(0, 5 * mm))
    return [KeepTogether(parts)]
