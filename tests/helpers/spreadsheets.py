"""Writing small spreadsheets of every supported format for the import tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parents[1] / "data"

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
             '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" manifest:media-type='
             '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
             'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "Лист1",
               extra_sheets: Sequence[str] = ()) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(list(row))
    for name in extra_sheets:
        book.create_sheet(name)
    book.save(path)
    return path


def ods_cell(value: Any, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{rep}/>"
    if isinstance(value, dt.date):
        return (f'<table:table-cell{rep} office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value:%d.%m.%Y}</text:p>'
                "</table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell{rep} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell{rep} office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")


def write_ods_xml(path: Path, rows_xml: str, *, sheet: str = "Лист1") -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               f'<office:document-content {_ODS_NS} office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="{sheet}">{rows_xml}'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def write_ods(path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "Лист1") -> Path:
    xml = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row)
                  + "</table:table-row>" if row else
                  "<table:table-row><table:table-cell/></table:table-row>" for row in rows)
    return write_ods_xml(path, xml, sheet=sheet)


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8",
              delimiter: str = ";") -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def db_bytes(db: Any) -> bytes:
    """The database file as it is on disk with every connection closed (WAL checkpointed)."""
    db.engine.dispose()
    return Path(db.path).read_bytes()
