"""Page templates: the text frame within the margins and what is drawn around it.

One rule for every document the program files (ГОСТ Р 7.0.97-2025): pages are numbered from the
second one, the number in the middle of the top margin; the first page bears none. A landscape
page bound into a portrait document (`PageLayout.rotated_for_binding`) has its bound edge on top,
so its number stands where a portrait page's does once the document is bound: in the middle of
the right margin, turned to read with the portrait pages — never in the binding strip.

A list may also name itself in small type at the foot of its later pages, so that a loose page
is still identifiable; the first page carries the title itself.

Each drawing routine sets a bundled font first: reportlab's canvas otherwise starts in
Helvetica, which has no Cyrillic and is not embedded.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from nastavnik_desktop.reports import fonts
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.requisites import Organisation

FIRST_NUMBERED_PAGE = 2

PDF_CREATOR = "Наставник"
PDF_LANGUAGE = "ru-RU"


def text_frame(layout: PageLayout, frame_id: str) -> Frame:
    """The text area exactly within the margins (reportlab's default 6 pt padding removed)."""
    return Frame(layout.left, layout.bottom, layout.frame_width, layout.frame_height,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def official_page(template_id: str, layout: PageLayout, *, caption: str = "") -> PageTemplate:
    """A page of any document: its number from page 2 on (see the module's docstring), and
    `caption` — a list's short name — at the foot of the later pages when given."""

    def furnish(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        number = canvas.getPageNumber()
        if number < FIRST_NUMBERED_PAGE:
            return
        draw_page_number(canvas, layout, number)
        if caption:
            draw_caption(canvas, layout, caption)

    return PageTemplate(id=template_id, frames=[text_frame(layout, f"{template_id}-text")],
                        pagesize=layout.page_size, onPage=furnish, autoNextPageTemplate=False)


def list_page(template_id: str, layout: PageLayout, caption: str = "") -> PageTemplate:
    """A page of a list: numbered as every document, named at its foot from page 2."""
    return official_page(template_id, layout, caption=caption)


def draw_page_number(canvas: Canvas, layout: PageLayout, number: int) -> None:
    """The number centred in the top margin; on a page bound at its top, in the right one."""
    size = layout.page_number_size
    canvas.saveState()
    canvas.setFont(fonts.SERIF, size)
    width, height = layout.page_size
    if layout.bound_edge == "top":
        canvas.translate(width - layout.right / 2, layout.bottom + layout.frame_height / 2)
        canvas.rotate(-90)
        canvas.drawCentredString(0, -size / 3, str(number))
    else:
        canvas.drawCentredString(layout.left + layout.frame_width / 2,
                                 height - layout.top / 2 - size / 3, str(number))
    canvas.restoreState()


def draw_caption(canvas: Canvas, layout: PageLayout, caption: str) -> None:
    """`caption` in small type at the left of the bottom margin, cut to 70 % of the line."""
    size = layout.small_font_size
    canvas.saveState()
    canvas.setFont(fonts.SERIF, size)
    canvas.drawString(layout.left, layout.bottom / 2 - size / 3,
                      _fit(caption, layout.frame_width * 0.7, size))
    canvas.restoreState()


def _fit(text: str, width: float, size: float) -> str:
    """Cut `text` with «…» to fit `width` in the footer font."""
    if stringWidth(text, fonts.SERIF, size) <= width:
        return text
    while text and stringWidth(text + "…", fonts.SERIF, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def pdf_author(organisation: Organisation | str) -> str:
    """The PDF's author: the school's display name (its short name when it has one), on
    orders and lists alike."""
    if isinstance(organisation, Organisation):
        return organisation.display_name
    return organisation


def doc_template(output: BinaryIO, layout: PageLayout, templates: list[PageTemplate], *,
                 title: str, author: Organisation | str, subject: str = "") -> BaseDocTemplate:
    """A document writing to `output` whose canvas starts in the bundled serif font; its
    author is `pdf_author(author)`."""
    fonts.register_fonts()
    return BaseDocTemplate(
        output, pagesize=layout.page_size, pageTemplates=templates,
        leftMargin=layout.left, rightMargin=layout.right, topMargin=layout.top,
        bottomMargin=layout.bottom, title=title, author=pdf_author(author), subject=subject,
        creator=PDF_CREATOR, lang=PDF_LANGUAGE, initialFontName=fonts.SERIF,
        initialFontSize=layout.font_size, initialLeading=layout.font_size * layout.line_spacing)
