"""Page templates: the text frame within the margins and what is drawn around it.

Two kinds of page furniture:
- official documents number pages from the second one, at the top centre (ГОСТ Р 7.0.97);
- lists number every page «Стр. N из M» at the bottom right and name the list at the bottom
  left, so that a loose page is still identifiable. The total is only known at the end, so
  that canvas holds pages back until `save()`.

Each drawing routine sets a bundled font first: reportlab's canvas otherwise starts in
Helvetica, which has no Cyrillic and is not embedded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from nastavnik_desktop.reports import fonts
from nastavnik_desktop.reports.layout import PageLayout

PDF_CREATOR = "Наставник"
PDF_LANGUAGE = "ru-RU"

DrawTotal = Callable[[Canvas, int, int], None]


def text_frame(layout: PageLayout, frame_id: str) -> Frame:
    """The text area exactly within the margins (reportlab's default 6 pt padding removed)."""
    return Frame(layout.left, layout.bottom, layout.frame_width, layout.frame_height,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def official_page(template_id: str, layout: PageLayout) -> PageTemplate:
    """A page of an order: page number in the middle of the top margin, from page 2 on."""

    def number_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        number = canvas.getPageNumber()
        if number < 2:
            return
        canvas.saveState()
        canvas.setFont(fonts.SERIF, layout.page_number_size)
        x = layout.left + layout.frame_width / 2
        y = layout.page_size[1] - layout.top / 2 - layout.page_number_size / 3
        canvas.drawCentredString(x, y, str(number))
        canvas.restoreState()

    return PageTemplate(id=template_id, frames=[text_frame(layout, f"{template_id}-text")],
                        pagesize=layout.page_size, onPage=number_page, autoNextPageTemplate=False)


def list_page(template_id: str, layout: PageLayout) -> PageTemplate:
    """A page of a list; its footer is drawn by `page_counting_canvas` once the total is known."""
    return PageTemplate(id=template_id, frames=[text_frame(layout, f"{template_id}-text")],
                        pagesize=layout.page_size, autoNextPageTemplate=False)


def list_footer(layout: PageLayout, caption: str) -> DrawTotal:
    """«<caption>» at the bottom left and «Стр. N из M» at the bottom right."""

    def draw(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(fonts.SERIF, layout.small_font_size)
        y = layout.bottom / 2 - layout.small_font_size / 3
        right = layout.page_size[0] - layout.right
        canvas.drawRightString(right, y, f"Стр. {number} из {total}")
        if caption:
            caption_width = layout.frame_width * 0.7
            canvas.drawString(layout.left, y, _fit(caption, caption_width, layout.small_font_size))
        canvas.restoreState()

    return draw


def _fit(text: str, width: float, size: float) -> str:
    """Cut `text` with «…» to fit `width` in the footer font."""
    if stringWidth(text, fonts.SERIF, size) <= width:
        return text
    while text and stringWidth(text + "…", fonts.SERIF, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _PageCountingCanvas(Canvas):
    """Holds every page back until `save()`, then draws «N из M» on each and writes them."""

    def __init__(self, *args: Any, draw_total: DrawTotal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._draw_total = draw_total

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_total(self, self._pageNumber, total)
            super().showPage()
        super().save()


def page_counting_canvas(draw_total: DrawTotal) -> Callable[..., Canvas]:
    return functools.partial(_PageCountingCanvas, draw_total=draw_total)


def doc_template(output: BinaryIO, layout: PageLayout, templates: list[PageTemplate], *,
                 title: str, author: str, subject: str = "") -> BaseDocTemplate:
    """A document writing to `output` whose canvas starts in the bundled serif font."""
    fonts.register_fonts()
    return BaseDocTemplate(
        output, pagesize=layout.page_size, pageTemplates=templates,
        leftMargin=layout.left, rightMargin=layout.right, topMargin=layout.top,
        bottomMargin=layout.bottom, title=title, author=author, subject=subject,
        creator=PDF_CREATOR, lang=PDF_LANGUAGE, initialFontName=fonts.SERIF,
        initialFontSize=layout.font_size, initialLeading=layout.font_size * layout.line_spacing)
