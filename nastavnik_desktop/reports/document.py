"""Building documents: content added in reading order, laid out when the PDF is built.

Content is kept as small factories rather than ready flowables: a table needs the width of the
page it lands on (a landscape appendix is wider), and reportlab consumes flowables while laying
them out, so keeping recipes lets `build()` and `build_to_bytes()` be called more than once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.files import atomic_write
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports import pages, pdfa
from nastavnik_desktop.reports.layout import DocumentStyles, PageLayout, styles
from nastavnik_desktop.reports.requisites import Requisites, Signer
from nastavnik_desktop.reports.tables import (
    CELL_PADDING_H,
    GRID_WIDTH,
    Align,
    Row,
    check_shape,
    data_table,
    left_right_line,
    signature_block,
)
from nastavnik_desktop.reports.typography import paragraph_text

LIST_DASH = "–"
SIGNATURE_SPACE_LINES = 2.5
ACQUAINTANCE_HEADERS = ("№ п/п", "Фамилия, имя, отчество", "Подпись", "Дата")
ACQUAINTANCE_WIDTHS_MM = (16.0, None, 42.0, 32.0)
ACQUAINTANCE_ROW_PADDING_MM = 3.5
"""Room above and below a name for a signature in ink: a row is about 14 mm high."""


@dataclass(frozen=True)
class BlockContext:
    """What a piece of content needs to lay itself out: the page it is on and the styles."""

    layout: PageLayout
    styles: DocumentStyles


BlockFactory = Callable[[BlockContext], list[Flowable]]


@dataclass(frozen=True)
class _Block:
    make: BlockFactory
    # The signature must not stand alone on a page: it is kept with the paragraph before it.
    keep_with_previous: bool = False


@dataclass
class _Section:
    template_id: str
    layout: PageLayout
    opening: list[_Block] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)


class DocumentBuilder:
    """Content common to all documents; subclasses supply the opening and the page furniture."""

    def __init__(self, layout: PageLayout) -> None:
        self.layout = layout
        self._sections: list[_Section] = [_Section("main", layout)]

    # -- content --------------------------------------------------------------------------

    def add_paragraph(self, text: str, *, indent: bool = True, bold: bool = False) -> None:
        """A justified paragraph; plain text (no markup), «\\n» breaks the line."""

        def make(ctx: BlockContext) -> list[Flowable]:
            style = ctx.styles.body if indent else ctx.styles.body_no_indent
            markup = paragraph_text(text)
            return [Paragraph(f"<b>{markup}</b>" if bold else markup, style)]

        self._add(make)

    def add_directive(self, text: str = "ПРИКАЗЫВАЮ:") -> None:
        """The word opening the operative part, on its own line at the margin, set apart."""

        def make(ctx: BlockContext) -> list[Flowable]:
            style = ctx.styles.body_no_indent.clone(
                "directive", spaceBefore=ctx.styles.body.leading / 2,
                spaceAfter=ctx.styles.body.leading / 2, keepWithNext=1)
            return [Paragraph(paragraph_text(text), style)]

        self._add(make)

    def add_heading(self, text: str) -> None:
        """A bold centred heading, kept on the page of the text after it."""
        self._add(lambda ctx: [Paragraph(paragraph_text(text), ctx.styles.heading)])

    def add_numbered(self, items: Sequence[str], *, start: int = 1, prefix: str = "") -> None:
        """Points «1. …», «2. …» as in the operative part of an order; `prefix="2."` gives
        sub-points «2.1. …». Each point is a paragraph with the first-line indent."""
        for number, item in enumerate(items, start=start):
            self.add_paragraph(f"{prefix}{number}. {item}")

    def add_bullets(self, items: Sequence[str]) -> None:
        """Items «– …» with the first-line indent."""
        for item in items:
            self.add_paragraph(f"{LIST_DASH} {item}")

    def add_table(self, headers: Sequence[str], rows: Sequence[Row], *,
                  col_widths_mm: Sequence[float] | None = None,
                  align: Sequence[Align] | None = None, repeat_header: bool = True) -> None:
        """A gridded table within the margins; long tables continue on the next pages with
        the header row repeated. Rows may include `GroupRow("…")` spanning all columns."""
        check_shape(headers, rows, col_widths_mm=col_widths_mm, align=align)
        headers, rows = list(headers), list(rows)
        widths = None if col_widths_mm is None else list(col_widths_mm)
        alignment = None if align is None else list(align)

        def make(ctx: BlockContext) -> list[Flowable]:
            return [Spacer(0, ctx.styles.body.leading / 2),
                    data_table(headers, rows, styles=ctx.styles, width=ctx.layout.frame_width,
                               col_widths_mm=widths, align=alignment,
                               repeat_header=repeat_header),
                    Spacer(0, ctx.styles.body.leading / 2)]

        self._add(make)

    def add_spacer(self, height_mm: float) -> None:
        self._add(lambda ctx: [Spacer(0, height_mm * mm)])

    def add_page_break(self) -> None:
        self._add(lambda ctx: [PageBreak()])

    def add_signature(self, signer: Signer) -> None:
        """«Директор ____________ И. И. Иванов» after a blank of two lines and a half."""

        def make(ctx: BlockContext) -> list[Flowable]:
            return [Spacer(0, ctx.styles.body.leading * SIGNATURE_SPACE_LINES),
                    signature_block(signer.position, signer.signature_name, styles=ctx.styles,
                                    width=ctx.layout.frame_width)]

        self._add(make, keep_with_previous=True)

    def add_approval(self, lines: Sequence[str]) -> None:
        """A stamp «УТВЕРЖДЕНА / приказом МБОУ «СОШ № 7» / от 01.09.2026 № 45-о» at the top
        right of the first page, above everything else."""
        if not lines:
            return
        marks = list(lines)

        def make(ctx: BlockContext) -> list[Flowable]:
            return [*right_block(ctx, marks), Spacer(0, ctx.styles.body.leading / 2)]

        self._sections[0].opening.insert(0, _Block(make))

    # -- output ---------------------------------------------------------------------------

    def build(self, path: Path, *, progress: ProgressCallback | None = None) -> Path:
        """Write the PDF to `path` atomically (see `files.atomic_write`). `progress` hears
        how many of the laid-out pieces are done; answering False stops the layout
        (OperationCancelled) and nothing is written."""
        with atomic_write(path) as handle:
            self._write(handle, progress)
        return path

    def build_to_bytes(self, *, progress: ProgressCallback | None = None) -> bytes:
        """The PDF in memory, e.g. for a preview or from a child process."""
        buffer = io.BytesIO()
        self._write(buffer, progress)
        return buffer.getvalue()

    def _write(self, output: BinaryIO, progress: ProgressCallback | None = None) -> None:
        template = self._doc_template(output)
        if progress is not None:
            template.setProgressCallBack(_LayoutProgress(progress))
        template.build(self._flowables(), canvasmaker=pdfa.archival(self._canvas_maker()))

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        raise NotImplementedError

    def _canvas_maker(self) -> Callable[..., Canvas]:
        return Canvas

    # -- assembly -------------------------------------------------------------------------

    @property
    def _current(self) -> _Section:
        return self._sections[-1]

    def _add(self, make: BlockFactory, *, keep_with_previous: bool = False) -> None:
        """Add a block; `keep_with_previous` keeps it on one page with the paragraph before
        it (a signature never stands alone on the last page)."""
        self._current.blocks.append(_Block(make, keep_with_previous=keep_with_previous))

    def _add_opening(self, make: BlockFactory) -> None:
        """What heads the current section (requisites, an appendix mark) before the content."""
        self._current.opening.append(_Block(make))

    def _flowables(self) -> list[Flowable]:
        out: list[Flowable] = []
        for index, section in enumerate(self._sections):
            if index:
                out += [NextPageTemplate(section.template_id), PageBreak()]
            ctx = BlockContext(section.layout, styles(section.layout))
            for block in (*section.opening, *section.blocks):
                _append(out, block, ctx)
        return out


def right_block(ctx: BlockContext, lines: Sequence[str]) -> list[Paragraph]:
    """Lines set as a block at the top right: left-aligned among themselves, the longest one
    ending at the right margin (an appendix mark, an approval stamp); a block wider than half
    the page wraps within the right half."""
    style = ctx.styles.appendix_mark
    block_width = max(stringWidth(line, style.fontName, style.fontSize) for line in lines)
    block_width = min(block_width + 2, ctx.layout.frame_width / 2)
    placed = style.clone("right_block", leftIndent=ctx.layout.frame_width - block_width)
    return [Paragraph(paragraph_text(line), placed) for line in lines]


class _LayoutProgress:
    """reportlab's progress events as (done, total) pieces; False stops the layout."""

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._total = 0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self._total = value
        elif kind == "PROGRESS" and not self._progress(value, self._total):
            raise OperationCancelled()


def _append(out: list[Flowable], block: _Block, ctx: BlockContext) -> None:
    made = block.make(ctx)
    if block.keep_with_previous and out and isinstance(out[-1], Paragraph):
        kept = [out.pop()]
        # a heading kept with that paragraph comes too: reportlab's keepWithNext does not
        # join a KeepTogether
        while out and isinstance(out[-1], Paragraph) \
                and getattr(out[-1].style, "keepWithNext", False):
            kept.insert(0, out.pop())
        out.append(KeepTogether([*kept, *made]))
    else:
        out.extend(made)


def _acquaintance_table(ctx: BlockContext, people: Sequence[str]) -> LongTable:
    st, width = ctx.styles, ctx.layout.frame_width
    fixed = sum(w for w in ACQUAINTANCE_WIDTHS_MM if w is not None) * mm
    widths = [width - fixed if w is None else w * mm for w in ACQUAINTANCE_WIDTHS_MM]
    data: list[list[Paragraph | str]] = [
        [Paragraph(paragraph_text(h), st.table_header) for h in ACQUAINTANCE_HEADERS]]
    data += [[Paragraph(str(n), st.table_cell_center), Paragraph(paragraph_text(name),
                                                                 st.table_cell), "", ""]
             for n, name in enumerate(people, start=1)]
    table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitByRow=1)
    pad = ACQUAINTANCE_ROW_PADDING_MM * mm
    table.setStyle(TableStyle([
        # the empty cells too are set in the bundled font: no unembedded Helvetica
        ("FONT", (0, 0), (-1, -1), st.table_cell.fontName, st.table_cell.fontSize),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_H),
        ("TOPPADDING", (0, 0), (-1, 0), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("TOPPADDING", (0, 1), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
    ]))
    return table


class OfficialDocument(DocumentBuilder):
    """An order (приказ) or another administrative document with requisites.

    Page 1 opens with the organisation, the document type, the date and number, the place and
    the title «О …»; pages are numbered from 2 at the top centre; appendices start on a new
    page with «Приложение … к приказу … от … № …» at the top right.
    """

    def __init__(self, requisites: Requisites, layout: PageLayout | None = None) -> None:
        super().__init__(layout or PageLayout())
        self.requisites = requisites
        self._appendices = 0
        self._add_opening(self._requisites_block)

    def add_signature(self, signer: Signer | None = None) -> None:
        """The signature of `signer`, by default the one in the requisites."""
        super().add_signature(signer or self.requisites.signer)

    def add_appendix(self, title: str, *, landscape: bool = False) -> None:
        """Start an appendix on a new page; what is added next goes into it.

        `landscape=True` turns the appendix pages for a wide table, with the bound edge on top.
        """
        layout = self.layout.rotated_for_binding() if landscape else self.layout
        ordinal = self._appendices + 1
        self._appendices = ordinal
        self._sections.append(_Section("landscape" if landscape else "main", layout))
        self._add_opening(lambda ctx: self._appendix_opening(ctx, ordinal, title))

    def _requisites_block(self, ctx: BlockContext) -> list[Flowable]:
        req, st, width = self.requisites, ctx.styles, ctx.layout.frame_width
        org = req.organisation
        out: list[Flowable] = []
        if org.parent:
            out.append(Paragraph(paragraph_text(org.parent), st.requisite_center))
        out.append(Paragraph(paragraph_text(org.full_name), st.organisation))
        if org.short_name:
            out.append(Paragraph(paragraph_text(f"({org.short_name})"), st.organisation))
        out.append(Paragraph(paragraph_text(req.document_type), st.document_type))
        out.append(left_right_line(req.date_text, req.number_text, styles=st, width=width))
        if req.place:
            out.append(Paragraph(paragraph_text(req.place), st.requisite_center))
        title_style = st.title
        if ctx.layout.title_alignment == "left":
            title_style = st.title.clone(
                "title_left", rightIndent=max(width - ctx.layout.left_title_width_mm * mm, 0))
        out.append(Paragraph(paragraph_text(req.title), title_style))
        return out

    def add_acquaintance_sheet(self, names: Sequence[str]) -> None:
        """The last sheet «Лист ознакомления с приказом … / С приказом ознакомлены:»: a
        table of the people the order charges (each once, in the order given), with a
        column for the signature and one for the date. Nothing when there is nobody. Call it
        last: it opens a portrait section of its own, after the appendices."""
        people = list(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))
        if not people:
            return
        self._sections.append(_Section("main", self.layout))
        req = self.requisites
        kind = req.document_kind_instrumental

        def opening(ctx: BlockContext) -> list[Flowable]:
            return [Paragraph(paragraph_text("ЛИСТ ОЗНАКОМЛЕНИЯ"), ctx.styles.heading),
                    Paragraph(paragraph_text(f"с {kind} {req.reference} «{req.title}»"),
                              ctx.styles.requisite_center),
                    Spacer(0, ctx.styles.body.leading),
                    Paragraph(paragraph_text(f"С {kind} ознакомлены:"),
                              ctx.styles.body_no_indent),
                    Spacer(0, ctx.styles.body.leading / 2)]

        self._add_opening(opening)
        self._add(lambda ctx: [_acquaintance_table(ctx, people)])

    def _appendix_opening(self, ctx: BlockContext, ordinal: int, title: str) -> list[Flowable]:
        """The appendix mark «Приложение № N к приказу … от … № …» as a block whose longest
        line ends at the right margin; numbered always, so that the point of the order
        («согласно приложению № 1») can be checked against it."""
        return [*right_block(ctx, self.requisites.appendix_mark(ordinal)),
                Spacer(0, ctx.styles.appendix_mark.leading),
                Paragraph(paragraph_text(title), ctx.styles.heading)]

    def _doc_template(self, output: BinaryIO) -> BaseDocTemplate:
        templates = [pages.official_page("main", self.layout)]
        if any(s.template_id == "landscape" for s in self._sections):
            templates.append(pages.official_page("landscape", self.layout.rotated_for_binding()))
        org = self.requisites.organisation
        return pages.doc_template(output, self.layout, templates,
                                  title=self.requisites.pdf_title, author=org,
                                  subject=self.requisites.title)
