"""The XML inside .xlsx and .ods files read row by row with flat memory.

A 400 KB .xlsx can unpack to 270 MB of empty `<row/>`: openpyxl's read-only sheet kept every
parsed row attached to the tree (4.2 GB), its loading walked a sheet without `<dimension>` whole,
and a row numbered far away made it yield every missing row before it. Here each finished
element is dropped as soon as it has been used, and rows and cells are counted against caps
(`readers` holds their values); openpyxl is used only for the workbook part (sheet names, shared
strings, date styles) and for turning one row's cells into values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nastavnik_desktop.errors import ImportFileError

_SHEET_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_ROW = f"{_SHEET_MAIN}row"
MERGE_CELL = f"{_SHEET_MAIN}mergeCell"


@dataclass(frozen=True)
class Caps:
    """How much of a sheet is read before it is refused (or, for merges, ignored)."""

    row_elements: int
    cells: int
    columns: int
    merged: int


def streamed(source: Any, row_tag: str, name: str, max_rows: int) -> Iterator[Any]:
    """The complete `row_tag` elements of an XML stream (and a sheet's `mergeCell` ones), each
    dropped from the tree once the caller has had it, as is everything else outside a row, so
    that memory stays flat however many elements there are; more than `max_rows` rows
    refuse the file."""
    from defusedxml.ElementTree import iterparse

    parents: list[Any] = []
    seen = in_row = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            parents.append(element)
            in_row += element.tag == row_tag
            continue
        parents.pop()
        if element.tag == row_tag:
            in_row -= 1
            seen += 1
            if seen > max_rows:
                raise too_many_row_elements(name, max_rows)
            yield element
        elif element.tag == MERGE_CELL:
            yield element
        elif in_row:
            continue  # a cell of the row being read: it goes with its row
        if parents:
            parents[-1].remove(element)


def too_many_row_elements(name: str, limit: int) -> ImportFileError:
    shown = f"{limit:,}".replace(",", " ")
    return ImportFileError(
        f"В таблице «{name}» больше {shown} строк (пустых или заполненных) — столько не "
        "бывает даже в Excel, файл составлен неправильно. Откройте его в Excel или "
        "LibreOffice, скопируйте список людей в новую книгу, сохраните её и загрузите.")


def too_many_cells(name: str, limit: int) -> ImportFileError:
    return ImportFileError(
        f"Таблица «{name}» содержит слишком много заполненных ячеек (больше "
        f"{limit:,}).".replace(",", " ") + " Оставьте в ней только список людей и повторите.")


def xlsx_book(path: Path) -> Any:
    """The workbook part of an .xlsx read (names, shared strings, date styles) — its sheets
    not opened: openpyxl's read-only worksheet walks a sheet without `<dimension>` whole."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(str(path), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
    except BaseException:
        reader.archive.close()
        raise
    return reader


def xlsx_parts(reader: Any) -> dict[str, str]:
    """Sheet name → its part in the archive, in the workbook's order (charts left out)."""
    return {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type}


def xlsx_rows(name: str, reader: Any, source: Any, merged: list[str],
              caps: Caps) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values from column A) of each row of a sheet that has cells, its merged
    areas appended to `merged` on the way; row and cell elements bounded by `caps`."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = reader.wb
    parser = WorkSheetParser(source, reader.shared_strings, data_only=True, epoch=wb.epoch,
                             date_formats=wb._date_formats,
                             timedelta_formats=wb._timedelta_formats)
    cells = 0
    for element in streamed(source, XLSX_ROW, name, caps.row_elements):
        if element.tag == MERGE_CELL:
            if len(merged) < caps.merged and element.get("ref"):
                merged.append(element.get("ref"))
            continue
        if not len(element):  # <row/>: the common filler, kept cheap
            given = element.get("r")
            parser.row_counter = int(given) if given and given.isdigit() else parser.row_counter + 1
            continue
        del element[caps.columns:]  # cells come in column order: the rest are not read anyway
        cells += len(element)
        if cells > caps.cells:
            raise too_many_cells(name, caps.cells)
        number, parsed = parser.parse_row(element)
        parser.row_dimensions.clear()
        placed = {c["column"]: c["value"] for c in parsed if 1 <= c["column"] <= caps.columns}
        yield number, [placed.get(c) for c in range(1, max(placed, default=0) + 1)]
