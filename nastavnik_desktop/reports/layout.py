"""Page geometry and paragraph styles of documents per ГОСТ Р 7.0.97-2025.

The numbers live in `PageLayout` (a setting the curator may change within what the standard
allows); `styles(layout)` turns them into reportlab paragraph styles. Nothing here knows what a
document says.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm

from nastavnik_desktop.reports import fonts

MIN_BODY_SIZE = 12.0
MAX_BODY_SIZE = 14.0
MIN_TABLE_SIZE = 9.0
"""Dense lists of hundreds of rows (the bases); documents of a few pages keep 10–12 pt."""
MIN_LINE_SPACING = 1.15
MAX_LINE_SPACING = 1.5
MIN_MARGIN_MM = 20.0
"""Every margin of a document kept on file: the binding side (ГОСТ Р 7.0.97: at least 20 mm,
30 mm for documents kept long) and the other three (a page trimmed, punched or copied
loses nothing)."""

TitleAlignment = Literal["left", "center"]
BoundEdge = Literal["left", "top"]


@dataclass(frozen=True)
class PageLayout:
    """A4 page and type sizes; defaults per ГОСТ Р 7.0.97-2025 for documents kept long.

    Margins are those of a portrait sheet bound at the left: 30 mm there, 20 mm on the other
    sides (`MIN_MARGIN_MM`). `landscape=True` turns the whole document (a wide list kept on its
    own) and keeps the margins as seen on the page; `rotated_for_binding()` is for a landscape
    page inside a portrait document, whose bound edge becomes the top (`bound_edge="top"`).
    """

    landscape: bool = False
    margin_left_mm: float = 30.0
    margin_right_mm: float = 20.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    font_size: float = 14.0
    table_font_size: float = 12.0
    small_font_size: float = 10.0
    line_spacing: float = 1.15
    first_line_indent_cm: float = 1.25
    title_alignment: TitleAlignment = "left"
    # A title at the left margin is kept narrow, as in the Word templates (about half the line).
    left_title_width_mm: float = 100.0
    page_number_size: float = 12.0
    bound_edge: BoundEdge = "left"

    def __post_init__(self) -> None:
        if not MIN_BODY_SIZE <= self.font_size <= MAX_BODY_SIZE:
            raise ValueError(f"Размер шрифта текста — от {MIN_BODY_SIZE:g} до "
                             f"{MAX_BODY_SIZE:g} пт, задан {self.font_size:g}")
        if not MIN_TABLE_SIZE <= self.table_font_size <= self.font_size:
            raise ValueError(f"Размер шрифта в таблицах — от {MIN_TABLE_SIZE:g} пт до размера "
                             f"текста, задан {self.table_font_size:g}")
        if not MIN_LINE_SPACING <= self.line_spacing <= MAX_LINE_SPACING:
            raise ValueError(f"Межстрочный интервал — от {MIN_LINE_SPACING:g} до "
                             f"{MAX_LINE_SPACING:g}, задан {self.line_spacing:g}")
        margins = (self.margin_left_mm, self.margin_right_mm, self.margin_top_mm,
                   self.margin_bottom_mm)
        if min(margins) < 0 or self.margin_left_mm + self.margin_right_mm > 120:
            raise ValueError("Поля страницы заданы неверно")
        if self.bound_edge not in ("left", "top"):
            raise ValueError(f"Неизвестный край переплёта «{self.bound_edge}»")

    @property
    def page_size(self) -> tuple[float, float]:
        width, height = A4
        return (height, width) if self.landscape else (width, height)

    @property
    def left(self) -> float:
        return self.margin_left_mm * mm

    @property
    def right(self) -> float:
        return self.margin_right_mm * mm

    @property
    def top(self) -> float:
        return self.margin_top_mm * mm

    @property
    def bottom(self) -> float:
        return self.margin_bottom_mm * mm

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.top - self.bottom

    @property
    def first_line_indent(self) -> float:
        return self.first_line_indent_cm * cm

    def as_landscape(self) -> PageLayout:
        """The same settings on a landscape sheet with the margins as seen on the page."""
        return dataclasses.replace(self, landscape=True)

    def rotated_for_binding(self) -> PageLayout:
        """A landscape page bound with a portrait document: the bound (left) edge is on top,
        the portrait's top margin (where its page number stands) is on the right. No margin
        but the bound one is under `MIN_MARGIN_MM`: the portrait's narrow right margin must
        not become the landscape page's bottom."""
        if self.landscape:
            return self
        return dataclasses.replace(
            self, landscape=True, bound_edge="top", margin_top_mm=self.margin_left_mm,
            margin_right_mm=max(self.margin_top_mm, MIN_MARGIN_MM),
            margin_bottom_mm=max(self.margin_right_mm, MIN_MARGIN_MM),
            margin_left_mm=max(self.margin_bottom_mm, MIN_MARGIN_MM))


@dataclass(frozen=True)
class DocumentStyles:
    """Paragraph styles of one layout; every one names a bundled font."""

    body: ParagraphStyle
    body_no_indent: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    organisation: ParagraphStyle
    document_type: ParagraphStyle
    requisite_left: ParagraphStyle
    requisite_right: ParagraphStyle
    requisite_center: ParagraphStyle
    appendix_mark: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_center: ParagraphStyle
    table_cell_right: ParagraphStyle
    table_header: ParagraphStyle
    small: ParagraphStyle
    signature: ParagraphStyle
    signature_name: ParagraphStyle


def styles(layout: PageLayout) -> DocumentStyles:
    """Paragraph styles for `layout`: justified body text with a 1.25 cm first-line indent."""
    fonts.register_fonts()
    leading = layout.font_size * layout.line_spacing
    table_leading = layout.table_font_size * layout.line_spacing
    base = ParagraphStyle(
        "base", fontName=fonts.SERIF, fontSize=layout.font_size, leading=leading,
        alignment=TA_LEFT, allowWidows=0, allowOrphans=0)
    body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY,
                          firstLineIndent=layout.first_line_indent)
    body_no_indent = ParagraphStyle("body_no_indent", parent=body, firstLineIndent=0)
    title_center = layout.title_alignment == "center"
    title = ParagraphStyle("title", parent=base, fontName=fonts.SERIF_BOLD,
                           alignment=TA_CENTER if title_center else TA_LEFT,
                           spaceBefore=leading, spaceAfter=leading)
    heading = ParagraphStyle("heading", parent=base, fontName=fonts.SERIF_BOLD,
                             alignment=TA_CENTER, spaceBefore=leading / 2,
                             spaceAfter=leading / 2, keepWithNext=1)
    organisation = ParagraphStyle("organisation", parent=base, fontName=fonts.SERIF_BOLD,
                                  alignment=TA_CENTER)
    document_type = ParagraphStyle("document_type", parent=base, fontName=fonts.SERIF_BOLD,
                                   fontSize=layout.font_size + 2,
                                   leading=(layout.font_size + 2) * layout.line_spacing,
                                   alignment=TA_CENTER, spaceBefore=leading,
                                   spaceAfter=leading)
    table_cell = ParagraphStyle("table_cell", parent=base, fontSize=layout.table_font_size,
                                leading=table_leading)
    small_leading = layout.small_font_size * layout.line_spacing
    return DocumentStyles(
        body=body,
        body_no_indent=body_no_indent,
        title=title,
        heading=heading,
        organisation=organisation,
        document_type=document_type,
        requisite_left=ParagraphStyle("requisite_left", parent=base),
        requisite_right=ParagraphStyle("requisite_right", parent=base, alignment=TA_RIGHT),
        requisite_center=ParagraphStyle("requisite_center", parent=base, alignment=TA_CENTER),
        appendix_mark=ParagraphStyle("appendix_mark", parent=base, fontSize=layout.font_size,
                                     leading=leading),
        table_cell=table_cell,
        table_cell_center=ParagraphStyle("table_cell_center", parent=table_cell,
                                         alignment=TA_CENTER),
        table_cell_right=ParagraphStyle("table_cell_right", parent=table_cell,
                                        alignment=TA_RIGHT),
        table_header=ParagraphStyle("table_header", parent=table_cell,
                                    fontName=fonts.SERIF_BOLD, alignment=TA_CENTER),
        small=ParagraphStyle("small", parent=base, fontSize=layout.small_font_size,
                             leading=small_leading),
        signature=ParagraphStyle("signature", parent=base),
        signature_name=ParagraphStyle("signature_name", parent=base, alignment=TA_RIGHT),
    )
