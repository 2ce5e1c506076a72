"""Lists and reports without requisites: pair lists, the bases, the monitoring summary.

They open with the school's name, the title and the date the data refers to. Their pages are
numbered as every document's (from page 2, at the top centre: `pages.official_page`), and the
later pages name the list in small type at their foot, so a loose page is still identifiable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import BinaryIO

from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer

from nastavnik_desktop.reports import pages
from nastavnik_desktop.reports.document import BlockContext, DocumentBuilder
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Align, Row, check_shape, data_table
from nastavnik_desktop.reports.typography import paragraph_text

DEFAULT_LIST_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=11.0)


class ListDocument(DocumentBuilder):
    """A titled list or report; landscape by default for wide tables.

    `organisation` is the school: its full name heads the list, its display name is the PDF's
    author (`pages.pdf_author`), as on orders; a plain text is both. `as_of` is the date the
    data refers to (today when omitted).
    """

    def __init__(self, title: str, organisation: str | Organisation, *, subtitle: str = "",
                 as_of: dt.date | None = None, layout: PageLayout | None = None) -> None:
        super().__init__(layout or DEFAULT_LIST_LAYOUT)
        self.title = title
        self.school = organisation
        self.organisation = (organisation.full_name if isinstance(organisation, Organisation)
                             else organisation)
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

    def add_compact_table(self, headers: Sequence[str], rows: Sequence[Row], *,
                          align: Sequence[Align], hyphenate: Sequence[bool] = ()) -> None:
        """A table of many rows whose column widths make it shortest (`tables.compact_widths`);
        the columns flagged in `hyphenate` break long words by syllables."""
        check_shape(headers, rows, align=align)
        headers, rows, align, flags = list(headers), list(rows), list(align), list(hyphenate)

        def make(ctx: BlockContext) -> list[Flowable]:
            return [Spacer(0, ctx.styles.body.leading / 2),
                    data_table(headers, rows, styles=ctx.styles, width=ctx.layout.frame_width,
                               align=align, compact=True, hyphenate=flags),
                    Spacer(0, ctx.styles.body.leading / 2)]

        self._add(make)

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        return pages.doc_template(
            output, self.layout, [pages.list_page("main", self.layout, self.title)],
            title=self.title, author=self.school, subject=self.subtitle)
