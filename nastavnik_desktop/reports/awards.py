"""The awards on paper: certificates, грамоты and letters of thanks, one sheet each.

Drawn straight on a reportlab canvas (made by `pdfa.archival`), not through platypus: a batch
of 500 sheets is a loop of a few centred lines each. The design of each kind of paper — the
designer's picture, or the built-in double frame — is drawn **once** per kind as a form XObject
and placed on every sheet of that kind (`doForm`), so the file and the time grow with the text
only. A4 portrait or landscape per kind.

`AwardsDocument` subclasses `document.DocumentBuilder` only for its output interface
(`build(path, progress=)`, `build_to_bytes(progress=)`), which `reports/process.py` calls in
the child process; it overrides `_write` and adds no flowables.

Each sheet, top to bottom: the school's logo when it has one (drawn with the design, once);
the founder line and the school's full name; the kind («ГРАМОТА»)
and what for; the lead («награждается», «Настоящим подтверждается, что», «выражает
благодарность»), the name in the case the lead needs (the service declines it), what the
person is (class, position), the text; at the bottom the director's signature
«Директор ____ Н. В. Кузнецова», the date, «Рег. № 2027-001» and the place.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports import fonts, pages, pdfa
from nastavnik_desktop.reports.document import DocumentBuilder
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.requisites import Signer

PAPER_KINDS = ("certificate", "diploma", "thanks")
"""The kinds of award paper (the `CertificateKind` values); each has its own design."""

BACKGROUND_SUFFIXES = (".png", ".jpg", ".jpeg")
"""What a background may be: a picture. A PDF from the designer is refused (export a page of
it as PNG): placing a PDF page into reportlab's canvas needs a PDF importer the program does
not carry."""

INK = (0.10, 0.16, 0.32)
"""The built-in design's colour: a dark blue that prints well in black and white too."""
TEXT = (0.0, 0.0, 0.0)

_OUTER_MM = 10.0
_INNER_MM = 13.0
_MARGIN_MM = 28.0
"""Text keeps this far from the sheet's edge (inside both frames, and inside most designers'
ornaments)."""
_PROGRESS_EVERY = 25
_SIGNATURE_LINE_MM = 45.0
_TEXT_MAX_MM = 190.0
"""The text under the name is kept this narrow on a landscape sheet: two balanced lines read
better than one across the page."""


@dataclass(frozen=True)
class AwardDesign:
    """How a kind of paper looks: `background` is an absolute path to a PNG/JPEG ("" — the
    built-in double frame)."""

    landscape: bool = False
    background: str = ""


@dataclass(frozen=True)
class AwardSheet:
    """One award as printed. `name` is already in the case `lead` needs."""

    kind: str
    """One of PAPER_KINDS."""
    title: str
    """«СЕРТИФИКАТ», «ГРАМОТА», «БЛАГОДАРСТВЕННОЕ ПИСЬМО»."""
    subtitle: str
    """«участника программы наставничества», «в номинации «Лучший наставник»»."""
    lead: str
    name: str
    about: str
    """Who the person is: «обучающийся 10А класса», «учитель математики» (may be empty)."""
    text: str
    registry_number: str
    issued_on: dt.date


@dataclass(frozen=True)
class AwardsPaper:
    """Everything a batch of awards needs; plain and picklable (it travels to the child)."""

    founder: str
    school_name: str
    settlement: str
    signer: Signer
    sheets: tuple[AwardSheet, ...]
    designs: dict[str, AwardDesign] = field(default_factory=dict)
    title: str = "Награды участников программы наставничества"
    logo: str = ""
    """The school's logo (an absolute path to a PNG/JPEG; "" — none), at the top centre of
    every sheet above the school's name."""


def check_background(path: Path) -> None:
    """Refuse what cannot be a background, in Russian: not a PNG/JPEG, or unreadable."""
    if path.suffix.lower() not in BACKGROUND_SUFFIXES:
        raise ValidationError(
            f"Файл «{path.name}» не подходит для фона: нужен рисунок PNG или JPEG. Если "
            "дизайнер прислал PDF, сохраните его страницу как PNG (300 точек на дюйм).")
    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception as exc:  # PIL raises many kinds for a broken picture
        raise ValidationError(f"Рисунок «{path.name}» не читается: возможно, файл "
                              "повреждён. Выберите другой файл.", details=repr(exc)) from None
    if width < 10 or height < 10:
        raise ValidationError(f"Рисунок «{path.name}» слишком мал для фона.")


LOGO_HEIGHT_MM = 20.0
LOGO_MAX_WIDTH_MM = 45.0
_LOGO_GAP_MM = 3.0


def check_logo(path: Path) -> None:
    """Refuse what cannot be the school's logo on the awards, in Russian: not a readable PNG
    or JPEG, or a CMYK picture (archival PDF/A takes RGB or grey only)."""
    check_background(path)
    try:
        mode = ImageReader(str(path))._image.mode  # PIL's colour model of the picture
    except Exception:  # a reader without PIL's image: nothing more to tell
        return
    if mode == "CMYK":
        raise ValidationError(f"Рисунок «{path.name}» сохранён для типографии (цвета CMYK): "
                              "сохраните его в RGB (например, как PNG) и выберите снова.")


def awards_document(paper: AwardsPaper) -> AwardsDocument:
    """The recipe's builder (module level: `reports/process.py` calls it in the child)."""
    return AwardsDocument(paper)


class AwardsDocument(DocumentBuilder):
    """A sheet per award on a canvas; see the module's docstring."""

    def __init__(self, paper: AwardsPaper) -> None:
        super().__init__(PageLayout())
        self.paper = paper

    def _write(self, output: BinaryIO, progress: ProgressCallback | None = None) -> None:
        fonts.register_fonts()
        paper = self.paper
        if not paper.sheets:
            raise ValidationError("Нет наград для печати: выдайте их на этапе 7 или выберите "
                                  "неаннулированные.")
        canvas = pdfa.archival(Canvas)(output, pagesize=A4, initialFontName=fonts.SERIF,
                                       lang=pages.PDF_LANGUAGE)
        canvas.setTitle(paper.title)
        canvas.setAuthor(paper.school_name)
        canvas.setSubject(paper.title)
        canvas.setCreator(pages.PDF_CREATOR)
        forms: dict[str, str] = {}
        total = len(paper.sheets)
        for index, sheet in enumerate(paper.sheets):
            if progress is not None and index % _PROGRESS_EVERY == 0 \
                    and not progress(index, total):
                raise OperationCancelled()
            design = paper.designs.get(sheet.kind, AwardDesign())
            size = landscape(A4) if design.landscape else A4
            canvas.setPageSize(size)
            if sheet.kind not in forms:
                forms[sheet.kind] = _define_design(canvas, sheet.kind, design, size,
                                                   paper.logo)
            canvas.doForm(forms[sheet.kind])
            _draw_sheet(canvas, paper, sheet, size)
            canvas.showPage()
        canvas.save()
        if progress is not None:
            progress(total, total)


def _define_design(canvas: Canvas, kind: str, design: AwardDesign,
                   size: tuple[float, float], logo: str = "") -> str:
    """Draw the design of `kind` — and the school's logo on it — once as a form XObject; its
    name."""
    name = f"award_design_{kind}_{'l' if design.landscape else 'p'}"
    width, height = size
    canvas.beginForm(name, 0, 0, width, height)
    if design.background:
        canvas.drawImage(ImageReader(design.background), 0, 0, width, height,
                         preserveAspectRatio=False, mask="auto")
    else:
        canvas.setStrokeColorRGB(*INK)
        canvas.setLineWidth(2.2)
        outer = _OUTER_MM * mm
        canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer)
        canvas.setLineWidth(0.7)
        inner = _INNER_MM * mm
        canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner)
    if logo:
        box_width, box_height = LOGO_MAX_WIDTH_MM * mm, LOGO_HEIGHT_MM * mm
        canvas.drawImage(ImageReader(logo), (width - box_width) / 2, _head_top(height)
                         - box_height, box_width, box_height, preserveAspectRatio=True,
                         anchor="n", mask="auto")
    canvas.endForm()
    return name


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float
    colour: tuple[float, float, float] = TEXT
    space_before: float = 0.0


def _wrapped(text: str, font: str, size: float, width: float, *,
             colour: tuple[float, float, float] = TEXT, space_before: float = 0.0,
             leading: float = 1.2) -> list[_Line]:
    """The text split to `width` in balanced lines (no lone word on the last one), each a
    `_Line`; «\\n» breaks. The first line carries `space_before`; the following are spaced by
    the leading."""
    out: list[_Line] = []
    for paragraph in text.split("\n"):
        for line in _balanced(paragraph, font, size, width):
            gap = space_before if not out else size * (leading - 1)
            out.append(_Line(line, font, size, colour, gap))
    return out


@functools.lru_cache(maxsize=512)
def _balanced(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """The narrowest split of `text` into as few lines as at `width` (a short bisection).
    Cached: the school's lines, the titles and the standard texts repeat on every sheet."""
    lines = tuple(simpleSplit(text, font, size, width)) or ("",)
    if len(lines) < 2:
        return lines
    low, high, best = width / 2, width, lines
    for _ in range(6):
        middle = (low + high) / 2
        trial = tuple(simpleSplit(text, font, size, middle))
        if len(trial) == len(lines):
            high, best = middle, trial
        else:
            low = middle
    return best


def _block_height(lines: Sequence[_Line]) -> float:
    return sum(line.size + line.space_before for line in lines)


def _draw_lines(canvas: Canvas, lines: Sequence[_Line], centre: float, top: float) -> float:
    """Draw centred lines downwards from `top`; the y under the last line."""
    y = top
    for line in lines:
        y -= line.space_before + line.size
        canvas.setFont(line.font, line.size)
        canvas.setFillColorRGB(*line.colour)
        canvas.drawCentredString(centre, y + line.size * 0.2, line.text)
    return y


def _draw_sheet(canvas: Canvas, paper: AwardsPaper, sheet: AwardSheet,
                size: tuple[float, float]) -> None:
    width, height = size
    margin = _MARGIN_MM * mm
    text_width = width - 2 * margin
    centre = width / 2
    is_landscape = width > height

    head: list[_Line] = []
    if paper.founder:
        head += _wrapped(paper.founder, fonts.SERIF, 11, text_width)
    head += _wrapped(paper.school_name, fonts.SERIF_BOLD, 12, text_width,
                     space_before=3 if head else 0)
    top_of_head = _head_top(height)
    if paper.logo:
        top_of_head -= (LOGO_HEIGHT_MM + _LOGO_GAP_MM) * mm
    bottom_of_head = _draw_lines(canvas, head, centre, top_of_head)

    title_size = 34.0 if len(sheet.title) <= 12 else (28.0 if is_landscape else 24.0)
    body = _wrapped(sheet.title, fonts.SERIF_BOLD, title_size, text_width, colour=INK)
    if sheet.subtitle:
        body += _wrapped(sheet.subtitle, fonts.SERIF_BOLD, 16, text_width, colour=INK,
                         space_before=6)
    body += _wrapped(sheet.lead, fonts.SERIF_ITALIC, 15, text_width, space_before=16)
    body += _wrapped(sheet.name, fonts.SERIF_BOLD, 26, text_width, space_before=10)
    if sheet.about:
        body += _wrapped(sheet.about, fonts.SERIF, 14, text_width, space_before=6)
    if sheet.text:
        body += _wrapped(sheet.text, fonts.SERIF, 14, min(text_width * 0.9, _TEXT_MAX_MM * mm),
                         space_before=14,
                         leading=1.3)

    signature_y = margin + 14 * mm
    free_top, free_bottom = bottom_of_head - 8 * mm, signature_y + 12 * mm
    top = free_top - max((free_top - free_bottom - _block_height(body)) / 2.4, 0)
    _draw_lines(canvas, body, centre, top)
    _draw_footer(canvas, paper, sheet, margin, width, signature_y)


def _head_top(height: float) -> float:
    """Where the sheet's head (the logo, else the founder line) begins."""
    return height - _MARGIN_MM * mm + 6 * mm


def _draw_footer(canvas: Canvas, paper: AwardsPaper, sheet: AwardSheet, margin: float,
                 width: float, y: float) -> None:
    """«Директор ________ Н. В. Кузнецова» (the name at the right margin, the line before
    it); under it the date at the left, the place in the middle, «Рег. № …» at the right."""
    canvas.setFillColorRGB(*TEXT)
    canvas.setFont(fonts.SERIF, 14)
    left, right = margin, width - margin
    signer = paper.signer
    canvas.drawString(left, y, signer.position)
    canvas.drawRightString(right, y, signer.signature_name)
    line_right = right - stringWidth(signer.signature_name, fonts.SERIF, 14) - 5 * mm
    line_left = max(line_right - _SIGNATURE_LINE_MM * mm,
                    left + stringWidth(signer.position, fonts.SERIF, 14) + 5 * mm)
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(*TEXT)
    canvas.line(line_left, y - 1, line_right, y - 1)
    canvas.setFont(fonts.SERIF, 9)
    canvas.drawString(left, y - 5 * mm, "М. П.")
    below = y - 13 * mm
    canvas.setFont(fonts.SERIF, 12)
    canvas.drawString(left, below, format_date(sheet.issued_on))
    canvas.drawRightString(right, below, f"Рег. № {sheet.registry_number}")
    if paper.settlement:
        canvas.drawCentredString(width / 2, below, paper.settlement)
