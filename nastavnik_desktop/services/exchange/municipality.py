"""The report for the municipality: aggregate only — no ФИО, no birth date, nothing that
identifies a person — in a layout that stays the same across versions (`LAYOUT_VERSION` in a
cell of the first sheet; tests pin the sheets and columns; README documents them), so a
municipality can merge many schools' files.
"""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.reports.municipality import MunicipalityReport, ReportSheet

LAYOUT_VERSION = "1"


def municipality_report(db: Database, programme_id: int, *, on: dt.date) -> MunicipalityReport:
    """The aggregate figures of the programme on the reporting date `on`."""
    return MunicipalityReport(on=on, school="", sheets=(
        ReportSheet("Сведения", ("Показатель", "Значение"),
                    (("Версия формата", LAYOUT_VERSION),
                     ("Дата отчёта", on.strftime("%d.%m.%Y")))),))


def municipality_xlsx(report: MunicipalityReport) -> bytes:
    """The report as one .xlsx (a sheet per `ReportSheet`)."""
    import tempfile
    from pathlib import Path

    from nastavnik_desktop.reports.municipality import municipality_workbook

    with tempfile.TemporaryDirectory() as folder:
        return municipality_workbook(report, Path(folder) / "report.xlsx").read_bytes()


def municipality_csv(report: MunicipalityReport) -> bytes:
    """The report as one CSV (utf-8-sig, «;») for the municipality's own tools."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(("Лист", "Показатель", "Значение"))
    for spec in report.sheets:
        for row in spec.rows:
            writer.writerow((spec.name, *row))
    return out.getvalue().encode("utf-8-sig")
