"""The one writer of .xlsx files: tables given as plain rows, every text cell written as text.

Text from the database came from imported files and from whoever typed it, so it may look like
a formula: «=HYPERLINK("http://…","a")» or «=cmd|' /C calc'!A0». openpyxl turns any string that
starts with «=» into a live formula (and «#N/A» into an error value); Excel and LibreOffice would
evaluate it when the file is opened. Here every str is written as a text cell, and a text that
starts with «=», «+», «-», «@», a tab or a line break also gets Excel's quote prefix (the
apostrophe typed before a text), so it stays text even when the cell is edited. The cell shows
the original text: a phone «+7 900 …» reads as typed. Characters a workbook cannot hold (control
characters other than tab and line breaks) are dropped instead of failing the export.

Builders describe sheets (`TableSheet`) and call `write_workbook`; nothing else in the program
imports openpyxl to write (`tests/unit/reports/test_workbook.py` fails if anything does).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell

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
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class TableSheet:
    """A sheet: a bold title line, more lines under it, an empty row, then a table with a
    frozen bold header and filters. Dates and numbers stay typed; text wraps in its column."""

    name: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[XlsxValue]]
    widths_mm: Sequence[float] = ()
    subtitle_lines: Sequence[str] = ()
    number_formats: Sequence[str | None] = ()
    """Per column, the format of its numbers (e.g. `PERCENT_FORMAT` for shares stored as
    fractions); None or a missing item keeps the default."""


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


def write_workbook(sheets: Sequence[TableSheet], path: Path) -> Path:
    """Write `sheets` as one .xlsx at `path` (atomically, see `files.atomic_write`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from nastavnik_desktop.files import atomic_write

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        put(sheet.cell(row=1, column=1), spec.title)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        for n, line in enumerate(spec.subtitle_lines, start=2):
            put(sheet.cell(row=n, column=1), line)
        header_row = 2 + len(spec.subtitle_lines) + 1
        for column, header in enumerate(spec.headers, start=1):
            cell = sheet.cell(row=header_row, column=column)
            put(cell, header)
            cell.font = Font(bold=True)
            cell.alignment = wrap
        for row_number, row in enumerate(spec.rows, start=header_row + 1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                put(cell, value)
                cell.alignment = wrap
                number_format = _format_of(spec, column)
                if number_format and isinstance(value, int | float):
                    cell.number_format = number_format
        for column, width in enumerate(spec.widths_mm, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width * _MM_TO_WIDTH
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        last_column = get_column_letter(max(len(spec.headers), 1))
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + len(spec.rows)}"
    with atomic_write(path) as handle:
        book.save(handle)
    return path
