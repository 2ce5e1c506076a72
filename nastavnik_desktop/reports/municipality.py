"""The report for the municipality as a workbook and as one CSV, written from the same plain
`MunicipalityReport` (the service `services/exchange/municipality.py` fills it; nothing here
knows the database).

The layout is built for merging many schools' files (README, «Отчёт для муниципалитета»):
- every sheet is a flat table with its header in row 1 (no title above it), so the sheets of
  many files can be appended one under another;
- the first sheet «Сведения» has the format's version in B2, the reporting date in B3, the
  school's ИНН in B4 and its short name in B5 (`INFO_ROWS` pins the order of its rows);
- every other sheet starts with the columns «ИНН» and «Школа» (`SCHOOL_COLUMNS`), so a merged
  table still says whose each row is.

The CSV (`utf-8-sig`, «;», CRLF) is the long form of the same figures: one line per value cell,
columns `CSV_COLUMNS`; a line's «Строка» is the row's key cells (a sheet's first `keys` columns)
joined by « | », «Столбец» the header of the value's column. Numbers with a decimal comma (a
share as a fraction: 0,6432 is 64,32 %), dates as ДД.ММ.ГГГГ; a text that a spreadsheet would
take for a formula («=…», «+…», «-…», «@…») starts with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from nastavnik_desktop.reports.workbook import (
    PERCENT_FORMAT,
    TableSheet,
    looks_like_formula,
    write_workbook,
)

Value = str | int | float | dt.date | None

INFO_SHEET = "Сведения"
INFO_COLUMNS = ("Показатель", "Значение")
INFO_ROWS = ("Версия формата", "Дата отчёта", "ИНН", "Краткое наименование")
"""The first rows of «Сведения», in this order: the version is in B2, the date in B3, the ИНН
in B4 and the short name in B5 of every file whatever its version."""
SCHOOL_COLUMNS = ("ИНН", "Школа")
CSV_COLUMNS = ("ИНН", "Школа", "Дата отчёта", "Лист", "Строка", "Столбец", "Значение")
KEY_SEPARATOR = " | "

_WIDTHS_MM = {
    "ИНН": 26.0, "Школа": 40.0, "Показатель": 70.0, "Значение": 110.0, "Методика": 150.0,
    "Разрез": 48.0, "Группа": 60.0, "Вид документа": 70.0, "Организация": 90.0,
    "Форма наставничества": 45.0, "Мероприятие": 45.0, "Название": 80.0, "Этап": 15.0,
}
_DEFAULT_WIDTH_MM = 27.0
_PORTRAIT_WIDTH_MM = 170.0  # A4 less the margins of workbook.PRINT_MARGINS_MM


@dataclass(frozen=True)
class ReportSheet:
    """A sheet's own columns and rows (the school's columns are added by the writers)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    keys: int = 1
    """How many first columns name the row (the rest are its values; the CSV's «Строка»)."""
    shares: tuple[str, ...] = ()
    """Columns holding shares as fractions (shown as percent)."""


@dataclass(frozen=True)
class MunicipalityReport:
    on: dt.date
    school: str
    """The school's short name (its full name when there is no short one)."""
    sheets: tuple[ReportSheet, ...]
    """«Сведения» first."""
    inn: str = ""


def sheet_columns(report: MunicipalityReport, spec: ReportSheet) -> tuple[str, ...]:
    """The columns of `spec` as written: the school's two first on every sheet but
    «Сведения»."""
    return spec.columns if spec is report.sheets[0] else (*SCHOOL_COLUMNS, *spec.columns)


def sheet_rows(report: MunicipalityReport, spec: ReportSheet) -> list[tuple[Value, ...]]:
    if spec is report.sheets[0]:
        return list(spec.rows)
    return [(report.inn, report.school, *row) for row in spec.rows]


def _table(report: MunicipalityReport, spec: ReportSheet) -> TableSheet:
    columns = sheet_columns(report, spec)
    widths = [_WIDTHS_MM.get(column, _DEFAULT_WIDTH_MM) for column in columns]
    return TableSheet(
        name=spec.name, title="", headers=columns, rows=sheet_rows(report, spec),
        widths_mm=widths, landscape=sum(widths) > _PORTRAIT_WIDTH_MM,
        page_header=f"{report.school} — {spec.name} — на {report.on:%d.%m.%Y}",
        number_formats=[PERCENT_FORMAT if column in spec.shares else None
                        for column in columns])


def municipality_workbook(report: MunicipalityReport, path: Path | BinaryIO) -> None:
    """The report written to `path` (or a stream) as .xlsx, a sheet per `ReportSheet`."""
    sheets = [_table(report, spec) for spec in report.sheets]
    write_workbook(sheets, path)


def csv_value(value: Value) -> str:
    """A cell as the CSV holds it: a decimal comma, a date as ДД.ММ.ГГГГ, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    text = str(value)
    # Excel opens a CSV too: a text it would take for a formula gets its quote prefix
    return f"'{text}" if isinstance(value, str) and looks_like_formula(text) else text


def municipality_csv(report: MunicipalityReport) -> bytes:
    """The report as one CSV in the long form of `CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    head = (report.inn, report.school, csv_value(report.on))
    for spec in report.sheets:
        for row in spec.rows:
            key = KEY_SEPARATOR.join(csv_value(value) for value in row[:spec.keys])
            for column, value in zip(spec.columns[spec.keys:], row[spec.keys:], strict=True):
                writer.writerow((*head, spec.name, key, column, csv_value(value)))
    return out.getvalue().encode("utf-8-sig")
