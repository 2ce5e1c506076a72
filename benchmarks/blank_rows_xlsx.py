"""Time and peak memory of refusing an .xlsx whose sheet is a header and then millions of
empty `<row/>` elements (issue 11, point 8: 395 KB packed, 270 MB unpacked).

    PYTHONPATH=. python benchmarks/blank_rows_xlsx.py [ROWS] [--numbered]

By default the rows are bare `<row/>` as in the file of the issue (45 million of them make
270 MB); `--numbered` writes `<row r="N"/>`, which packs worse.

Each reading runs in a fresh subprocess; peak memory is its maximum resident set size.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c>'
               '<c r="B1" t="inlineStr"><is><t>Класс</t></is></c></row>'
               '<row r="2"><c r="A2" t="inlineStr"><is><t>Иванов Иван</t></is></c>'
               '<c r="B2" t="inlineStr"><is><t>5А</t></is></c></row>')


def write_blank_rows_xlsx(path: Path, rows: int, *, numbered: bool = True) -> Path:
    """A workbook of one sheet: a header, one pupil, then `rows` empty rows."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Лист1"
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            chunk = 100_000
            for start in range(3, rows + 3, chunk):
                stop = min(start + chunk, rows + 3)
                sheet.write("".join(f'<row r="{n}"/>' if numbered else "<row/>"
                                    for n in range(start, stop)).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


_PROBE = """
import resource, sys, time
from pathlib import Path
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing.readers import list_sheets, read_table
start = time.perf_counter()
try:
    list_sheets(Path(sys.argv[1]))
    table = read_table(Path(sys.argv[1]))
    outcome = f"read, {len(table.rows)} rows"
except ImportFileError as exc:
    outcome = "refused: " + exc.message
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{took:.1f} s, peak {peak} MB, {outcome}")
"""


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    rows = int(numbers[0]) if numbers else 45_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = write_blank_rows_xlsx(Path(folder) / "blank.xlsx", rows,
                                     numbered="--numbered" in sys.argv)
        with zipfile.ZipFile(path) as archive:
            unpacked = archive.getinfo("xl/worksheets/sheet1.xml").file_size
        print(f"{rows:,} empty rows: {path.stat().st_size // 1024} KB packed, "
              f"sheet {unpacked // (1024 * 1024)} MB unpacked")
        subprocess.run([sys.executable, "-c", _PROBE, str(path)], check=True, timeout=3600)


if __name__ == "__main__":
    main()
