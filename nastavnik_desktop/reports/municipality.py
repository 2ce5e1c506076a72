"""The report for the municipality as a workbook: a sheet per `ReportSheet`, the first holding
the layout's version, so that many schools' files can be merged (the layout is pinned by
tests and documented in the README)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.reports.workbook import TableSheet, write_workbook

Value = str | int | float | None


@dataclass(frozen=True)
class ReportSheet:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class MunicipalityReport:
    on: dt.date
    school: str
    sheets: tuple[ReportSheet, ...]


def municipality_workbook(report: MunicipalityReport, path: Path) -> Path:
    return write_workbook([TableSheet(name=spec.name, title="", headers=spec.columns,
                                      rows=spec.rows) for spec in report.sheets], path)
