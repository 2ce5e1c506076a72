"""Lists and reports without requisites: pair lists, the bases, the monitoring summary.

They open with the school's name, the title and the date the data refers to, and every page
says «Стр. N из M» so that a stack of printed pages can be checked for completeness.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer

from nastavnik_desktop.reports import pages
from nastavnik_desktop.reports.document import BlockContext, DocumentBuilder
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.typography import paragraph_text

DEFAULT_LIST_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=11.0)


class ListDocument(DocumentBuilder):
    """A titled list or report; landscape by default for wide tables.

    `organisation` is the school's name as it should head the list; `as_of` is the date the
    data refers to (today when omitted).
    """

    def __init__(self, title: str, organisation: str, *, subtitle: str = "",
                 as_of: dt.date | None = None, layout: PageLayout | None = None) -> None:
        super().__init__(layout or DEFAULT_LIST_LAYOUT)
        self.title = title
        self.organisation = organisation
        self.subtitle = subtitle
        self.as_of = as_of or dt.date.today()
        self._add_opening(self._heading_block)

    def _heading_block(self, ctx: BlockContext) -> list[Flowable]:
        st = ctx.styles
        out: list[Flowable] = [
            Paragraph(paragraph_text(self.organisation), st.requisite_center),
            Spacer(0, st.body.leading / 2),
            Paragraph(paragraph_text(self.title), st.heading),
        ]
        if self.subtitle:
            out.append(Paragraph(paragraph_text(self.subtitle), st.requisite_center))
        out.append(Paragraph(paragraph_text(f"по состоянию на {format_date(self.as_of)}"),
                             st.requisite_center))
        return out

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        return pages.doc_template(output, self.layout, [pages.list_page("main", self.layout)],
                                  title=self.title, author=self.organisation,
                                  subject=self.subtitle)

    def _canvas_maker(self) -> Callable[..., Canvas]:
        return pages.page_counting_canvas(pages.list_footer(self.layout, self.title))
