"""The one writer of .xlsx files: tables given as plain rows, every text cell written as text.

Text from the database came from imported files and from whoever typed it, so it may look like
a formula: «=HYPERLINK("http://…","a")» or «=cmd|' /C calc'!A0». openpyxl turns any string that
starts with «=» into a live formula (and «#N/A» into an error value); Excel and LibreOffice would
evaluate it when the file is opened. Here every str is written as a text cell, and a text that
starts with «=», «+», «-», «@», a tab or a line break also gets Excel's quote prefix (the
apostrophe typed before a text), so it stays text even when the cell is edited. The cell shows
the original text: a phone «+7 900 …» reads as typed. Characters a workbook cannot hold (control
characters other than tab and line breaks) are dropped instead of failing the export.

Every table sheet also prints as a document (`_print_setup`): A4 fitted to the width of the page,
the header row repeated on each page, margins of 20 mm (30 at the binding), page numbers from
page 2 at the top centre (ГОСТ Р 7.0.97), a thin grid around the table; its rows are made tall
enough for their wrapped text (Excel does not grow a row written by a program).

Builders describe sheets (`TableSheet`) and call `write_workbook`; nothing else in the program
imports openpyxl to write (`tests/unit/reports/test_workbook.py` fails if anything does).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

XlsxValue = str | int | float | dt.date | None

# A text starting with one of these is a formula, a DDE call or a sign to a spreadsheet.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE): control characters except tab,
# line feed and carriage return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CARRIAGE_RETURN = re.compile(r"\r\n?")
_MAX_CELL_TEXT = 32_767  # Excel's limit of characters in a cell
_MM_TO_WIDTH = 0.55  # a column width in Excel's units (characters) per millimetre
DATE_FORMAT = "DD.MM.YYYY"
_BOLD_LETTER = 1.2
_LETTER = 1.1  # width units of a regular Cyrillic letter of Calibri 11 (a «0» is one)
_LINE_POINTS = 15.0
_MAX_ROW_POINTS = 409.0  # Excel's tallest row
_INCH_MM = 25.4
PRINT_MARGINS_MM = {"left": 30.0, "right": 20.0, "top": 20.0, "bottom": 20.0}
_HEADER_FOOTER_MM = 8.0


@dataclass(frozen=True)
class ColumnCheck:
    """What Excel and LibreOffice accept while a column is typed in: whole numbers from
    `low` to `high`, or one of `choices` (offered as a drop-down list); `message` says what
    to type when something else is."""

    column: int
    """0-based, as in `headers`."""
    message: str
    whole: tuple[int, int] | None = None
    choices: Sequence[str] = ()


PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class TableSheet:
    """A sheet: a bold title line, more lines under it, an empty row, then a table with a
    frozen bold header and filters. Dates and numbers stay typed; text wraps in its column.

    Without a `title` the header is the first row (a sheet to be filled in and imported
    back); without `headers` the sheet is only its lines (instructions). `checks` apply to
    the rows of the table and `fill_rows` more below it (room to add people)."""

    name: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[XlsxValue]]
    widths_mm: Sequence[float] = ()
    subtitle_lines: Sequence[str] = ()
    checks: Sequence[ColumnCheck] = ()
    fill_rows: int = 0
    number_formats: Sequence[str | None] = ()
    """Per column, the format of its numbers (e.g. `PERCENT_FORMAT` for shares stored as
    fractions); None or a missing item keeps the default."""
    landscape: bool = False
    """Printed on a landscape sheet (wide tables)."""
    plain: bool = False
    """A data file for outside (a named export): cells without per-cell styles (no grid, no
    wrapping, no row heights) written in openpyxl's write-only mode — a 10,000-person file in
    a fraction of the time; the header stays bold, frozen and filtered, texts stay text, dates
    read ДД.ММ.ГГГГ. `checks` and `fill_rows` do not apply."""
    page_header: str = ""
    """Printed at the top left of every page (not a cell: a sheet whose header is its first
    row, to be merged with other files, still says on paper what it is)."""


def cell_text(value: str) -> str:
    """The text as a cell can hold it: illegal control characters dropped, a carriage return
    stored as the line break it means (the file format keeps no lone CR), at most Excel's
    32,767 characters."""
    text = _CARRIAGE_RETURN.sub("\n", _ILLEGAL.sub("", value))
    return text[:_MAX_CELL_TEXT]


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def put(cell: XlsxCell, value: XlsxValue) -> None:
    """Write `value` into `cell`; a str always as text, never as a formula or an error code."""
    if isinstance(value, str):
        text = cell_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl made «=…» a formula and «#N/A» an error: undo it
        if looks_like_formula(text) or text.startswith("#"):
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT


def _format_of(spec: TableSheet, column: int) -> str | None:
    formats = spec.number_formats
    return formats[column - 1] if column <= len(formats) else None


_Target = TypeVar("_Target", bound=Path | BinaryIO)


def write_workbook(sheets: Sequence[TableSheet], path: _Target) -> _Target:
    """Write `sheets` as one .xlsx at `path` (atomically, see `files.atomic_write`) or into
    a binary stream (a file to be encrypted before it is written anywhere)."""
    if sheets and all(spec.plain for spec in sheets):
        return _write_plain(sheets, path)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        if spec.title:
            put(sheet.cell(row=1, column=1), spec.title)
            sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        first_line = 2 if spec.title else 1
        for n, line in enumerate(spec.subtitle_lines, start=first_line):
            put(sheet.cell(row=n, column=1), line)
            if not spec.headers:  # a sheet of lines: they wrap in its one wide column
                sheet.cell(row=n, column=1).alignment = wrap
        for column, width in enumerate(spec.widths_mm, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width * _MM_TO_WIDTH
        if spec.headers and spec.widths_mm:  # the lines above the table wrap within its width
            for n in range(1, first_line + len(spec.subtitle_lines)):
                _span_line(sheet, n, len(spec.headers), sum(spec.widths_mm))
        if not spec.headers:
            continue
        header_row = (first_line + len(spec.subtitle_lines) + 1
                      if spec.title or spec.subtitle_lines else 1)
        for column, header in enumerate(spec.headers, start=1):
            cell = sheet.cell(row=header_row, column=column)
            put(cell, header)
            cell.font = Font(bold=True)
            cell.alignment = wrap
            cell.border = grid
        if spec.widths_mm:  # Excel does not grow a row for wrapped text by itself
            sheet.row_dimensions[header_row].height = _header_height(spec)
        # Every body cell shares one style (wrapped, gridded): set once, copied to each cell —
        # openpyxl hashes a style into the workbook's list on every assignment otherwise,
        # three quarters of the time of a large sheet.
        body_style = None
        for row_number, row in enumerate(spec.rows, start=header_row + 1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if body_style is None:
                    cell.alignment = wrap
                    cell.border = grid
                    body_style = copy(cell._style)
                else:
                    cell._style = copy(body_style)
                put(cell, value)
                number_format = _format_of(spec, column)
                if number_format and isinstance(value, int | float):
                    cell.number_format = number_format
            if spec.widths_mm:
                sheet.row_dimensions[row_number].height = _row_height(spec.widths_mm, row)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        last_column = get_column_letter(max(len(spec.headers), 1))
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + len(spec.rows)}"
        last_row = header_row + len(spec.rows) + spec.fill_rows
        for check in spec.checks:
            _add_check(book, sheet, check, header_row + 1, last_row)
        _print_setup(sheet, spec, header_row)
    if _LISTS_SHEET in book.sheetnames:  # last, after the sheets the reader sees
        index = book.sheetnames.index(_LISTS_SHEET)
        book.move_sheet(_LISTS_SHEET, offset=len(book.sheetnames) - 1 - index)
    return _save(book, path)


def _save(book: Workbook, path: _Target) -> _Target:
    from nastavnik_desktop.files import atomic_write

    if isinstance(path, Path):
        with atomic_write(path) as handle:
            book.save(handle)
    else:
        book.save(path)
    return path


def _write_plain(sheets: Sequence[TableSheet], path: _Target) -> _Target:
    """`write_workbook` for `TableSheet.plain` sheets: openpyxl's write-only mode, a styled
    cell only where it must be (the title and header in bold, a date, a text that looks like
    a formula or has line breaks, a number with its format)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for spec in sheets:
        sheet: Any = book.create_sheet(spec.name)
        cells = _PlainCells(sheet)
        for column, width in enumerate(spec.widths_mm, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width * _MM_TO_WIDTH
        above = [cells.item(spec.title, bold=True)] if spec.title else []
        above += [cells.item(text) for text in spec.subtitle_lines]
        header_row = len(above) + 2 if above else 1
        if spec.headers:  # before the first row: a write-only sheet writes its view with it
            sheet.freeze_panes = f"A{header_row + 1}"
            last_column = get_column_letter(len(spec.headers))
            sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + len(spec.rows)}"
            _print_setup(sheet, spec, header_row)
        for line in above:
            sheet.append([line])
        if above:
            sheet.append([])
        if spec.headers:
            sheet.append([cells.item(header, bold=True) for header in spec.headers])
        formats = dict(enumerate(spec.number_formats))
        for row in spec.rows:
            sheet.append([cells.item(value, number_format=formats.get(column))
                          for column, value in enumerate(row)])
    return _save(book, path)


_UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f]")
"""What `cell_text` would change in a text (control characters, a carriage return)."""
_QUOTED_LEADS = frozenset((*FORMULA_LEADS, "#"))


class _PlainCells:
    """The items of a write-only sheet's rows: a value as it is, or a cell styled where it must
    be. Each distinct style is made once and copied (openpyxl hashes a style into the
    workbook's lists on every assignment otherwise)."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.sheet = sheet
        self.styles: dict[tuple[bool, bool, bool, str | None], Any] = {}
        self.make = WriteOnlyCell

    def item(self, value: XlsxValue, *, bold: bool = False,
             number_format: str | None = None) -> object:
        quoted = wrapped = False
        if isinstance(value, str):
            if _UNCLEAN.search(value) or len(value) > _MAX_CELL_TEXT:
                value = cell_text(value)
            quoted = value[:1] in _QUOTED_LEADS
            wrapped = "\n" in value  # a group's mentees one a line
            if not (quoted or wrapped or bold):  # most cells: as they are
                return value
            number_format = None
        elif isinstance(value, dt.date):
            number_format = DATE_FORMAT
        elif not isinstance(value, int | float):
            number_format = None
        key = (bold, quoted, wrapped, number_format)
        if key == (False, False, False, None):
            return value
        cell = self.make(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl made «=…» a formula and «#N/A» an error: undo it
        style = self.styles.get(key)
        if style is not None:
            cell._style = copy(style)
            return cell
        from openpyxl.styles import Alignment, Font

        if bold:
            cell.font = Font(bold=True)
        cell.quotePrefix = quoted
        if wrapped:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number_format:
            cell.number_format = number_format
        self.styles[key] = copy(cell._style)
        return cell


def _span_line(sheet: Worksheet, row: int, columns: int, width_mm: float) -> None:
    """A line above the table merged across its columns, wrapped, as tall as its text: a
    long title would otherwise run past the printed page."""
    from openpyxl.styles import Alignment

    cell = sheet.cell(row=row, column=1)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    size = (cell.font.sz or 11) / 11
    sheet.row_dimensions[row].height = _row_height([width_mm / size], [cell.value]) * size


def _print_setup(sheet: Worksheet, spec: TableSheet, header_row: int) -> None:
    """Print as a document: A4 fitted to the width (as many pages down as it takes), the
    header row on every page, the margins of `PRINT_MARGINS_MM`, the page number at the top
    centre from page 2."""
    from openpyxl.worksheet.page import PageMargins

    setup = sheet.page_setup
    setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4, which a write-only sheet lacks)
    setup.orientation = "landscape" if spec.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    inches = {side: mm / _INCH_MM for side, mm in PRINT_MARGINS_MM.items()}
    sheet.page_margins = PageMargins(header=_HEADER_FOOTER_MM / _INCH_MM,
                                     footer=_HEADER_FOOTER_MM / _INCH_MM, **inches)
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = "&P"
    if spec.page_header:
        text = spec.page_header.replace("&", "&&")  # «&» starts a code in a header
        sheet.firstHeader.left.text = sheet.oddHeader.left.text = text
    sheet.print_options.horizontalCentered = False


def _text_lines(text: str, units: float, letter: float) -> int:
    """How many lines `text` wraps to in a column `units` wide (a word is not cut)."""
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0.0, 1
        for word in paragraph.split():
            width = len(word) * letter
            if used and used + letter + width > units:
                count += 1 + int(width // units)
                used = width % units
            else:
                used += (letter if used else 0.0) + width
        lines += count
    return max(lines, 1)


def _row_height(widths_mm: Sequence[float], row: Sequence[XlsxValue]) -> float:
    """Points enough for the cell of the row that wraps to the most lines."""
    lines = 1
    for value, width in zip(row, widths_mm, strict=False):
        if isinstance(value, str) and value:
            units = max(width * _MM_TO_WIDTH - 1.0, 1.0)  # less the cell's own padding
            lines = max(lines, _text_lines(value, units, _LETTER))
    return min(lines * _LINE_POINTS, _MAX_ROW_POINTS)


def _header_height(spec: TableSheet) -> float:
    """Points enough for the longest wrapped header (bold letters: ~1.2 width units each)."""
    lines = 1
    for header, width in zip(spec.headers, spec.widths_mm, strict=False):
        units = max(width * _MM_TO_WIDTH, 1.0)
        lines = max(lines, math.ceil(len(header) * _BOLD_LETTER / units))
    return lines * _LINE_POINTS


_LISTS_SHEET = "Списки"
"""A hidden sheet holding the drop-down lists: an inline list breaks on a choice with a
comma or a quote and is limited to 255 characters."""


def _add_check(book: Workbook, sheet: Worksheet, check: ColumnCheck, first: int,
               last: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if last < first:
        return
    if check.whole is not None:
        low, high = check.whole
        rule = DataValidation(type="whole", operator="between", formula1=str(low),
                              formula2=str(high), allow_blank=True)
    else:
        lists = book[_LISTS_SHEET] if _LISTS_SHEET in book.sheetnames else None
        if lists is None:
            lists = book.create_sheet(_LISTS_SHEET)
            lists.sheet_state = "hidden"
        column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        for row, choice in enumerate(check.choices, start=1):
            put(lists.cell(row=row, column=column), choice)
        letter = get_column_letter(column)
        rule = DataValidation(
            type="list", allow_blank=True,
            formula1=f"'{_LISTS_SHEET}'!${letter}$1:${letter}${max(len(check.choices), 1)}")
    rule.error = check.message
    rule.errorTitle = "Недопустимое значение"
    rule.prompt = check.message
    rule.showErrorMessage = True
    rule.showInputMessage = True
    letter = get_column_letter(check.column + 1)
    rule.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(rule)
