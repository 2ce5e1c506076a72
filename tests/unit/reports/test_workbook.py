"""Workbooks the program writes carry no live formula: text that looks like one stays text."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from nastavnik_desktop.reports.bases import BasesData, bases_workbook
from nastavnik_desktop.reports.monitoring import (
    Breakdown,
    CountLine,
    FormCount,
    GrowthLine,
    KpiShare,
    MonitoringReportData,
    SwotBlock,
)
from nastavnik_desktop.reports.monitoring_workbook import monitoring_workbook
from nastavnik_desktop.reports.named_workbook import NamedWorkbook, named_workbook
from nastavnik_desktop.reports.pairs import PairListRow
from nastavnik_desktop.reports.workbook import TableSheet, write_workbook

PACKAGE = Path(__file__).resolve().parents[3] / "nastavnik_desktop"
HOSTILE = ('=HYPERLINK("http://x","a")', "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "\t=1",
           "-2+3", "\r=1+1", "#N/A", "=1+1\x01")
# As a workbook holds them: a carriage return is a line break, control characters are dropped.
STORED = {"\r=1+1": "\n=1+1", "=1+1\x01": "=1+1"}


def stored(text: str) -> str:
    return STORED.get(text, text)


def cells(path: Path) -> list[Any]:
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_texts_kept(path: Path, texts: set[str]) -> None:
    found = cells(path)
    assert [c.coordinate for c in found if c.data_type in ("f", "e")] == []
    values = {c.value for c in found}
    assert texts <= values, texts - values
    for cell in found:
        if isinstance(cell.value, str) and cell.value in texts and cell.value[0] in "=+-@\t\n#":
            assert cell.quotePrefix, cell.coordinate  # stays text when edited in Excel


def _named(path: Path) -> None:
    mentee = (HOSTILE[0], HOSTILE[1], 12, HOSTILE[2], HOSTILE[3], HOSTILE[4], HOSTILE[5], "",
              dt.date(2026, 9, 1), HOSTILE[6])
    mentor = (HOSTILE[7], HOSTILE[8], "", "+7 900 123-45-67", "", "", "", 4, "", "")
    pair = PairListRow(form=HOSTILE[0], mentor=HOSTILE[1], mentor_place=HOSTILE[2],
                       mentees=[(HOSTILE[3], HOSTILE[4]), (HOSTILE[5], "")],
                       role_model=HOSTILE[6], formed_on=dt.date(2026, 9, 1), title=HOSTILE[7])
    named_workbook(NamedWorkbook(
        organisation_full_name=HOSTILE[0], school_year="2026/2027", as_of=dt.date(2026, 10, 1),
        bases=BasesData(organisation_full_name=HOSTILE[0], school_year="2026/2027",
                        mentees=[mentee], mentors=[mentor]),
        pairs=[pair, replace(pair, mentees=[(HOSTILE[8], "")])], note=HOSTILE[1]), path)


def _bases(path: Path) -> None:
    mentee = (HOSTILE[0], HOSTILE[1], 12, HOSTILE[2], HOSTILE[3], HOSTILE[4], HOSTILE[5], "",
              dt.date(2026, 9, 1), HOSTILE[6])
    mentor = (HOSTILE[7], HOSTILE[8], "", "+7 900 123-45-67", HOSTILE[0], HOSTILE[1],
              HOSTILE[2], 4, HOSTILE[3], HOSTILE[4] + HOSTILE[5])
    bases_workbook(BasesData(organisation_full_name=HOSTILE[0], school_year="2026/2027",
                             mentees=[mentee], mentors=[mentor]), path,
                   as_of=dt.date(2026, 10, 1))


def _answers_template(path: Path) -> None:
    from nastavnik_desktop.reports.answers_template import (
        AnswersTemplateData,
        PaperQuestion,
        TemplatePerson,
        answers_template,
    )

    questions = (PaperQuestion(1, HOSTILE[0], "single", HOSTILE[1:4]),
                 PaperQuestion(2, HOSTILE[4], "multiple", (HOSTILE[5], HOSTILE[6])),
                 PaperQuestion(3, HOSTILE[7], "scale"))
    people = tuple(TemplatePerson(text, HOSTILE[2]) for text in HOSTILE)
    answers_template(AnswersTemplateData(HOSTILE[8], HOSTILE[0], questions, people), path)

def _monitoring(path: Path) -> None:
    share = KpiShare(HOSTILE[0], 1, 2, 50.0, HOSTILE[1])
    monitoring_workbook(MonitoringReportData(
        organisation=HOSTILE[2], school_year="2026/2027", on=dt.date(2026, 10, 1),
        target_percent=70, pupils=share, pupils_and_staff=share,
        by_form=(FormCount(HOSTILE[3], 1, 2, 1, 1),),
        breakdowns=(Breakdown(HOSTILE[4], (CountLine(HOSTILE[5], 1, 1, 0, 3, 33.3),)),),
        by_class=Breakdown("По классам", (CountLine(HOSTILE[6], 1, 0, 1, 2, 50.0),)),
        organisations=((HOSTILE[7], 1),),
        growth=(GrowthLine("наставляемые", "", HOSTILE[8], 5.0, 7.0),),
        swot=(SwotBlock("", HOSTILE, (), (), ()),)), path)


# Every function that writes a workbook, building it from hostile text. A new builder must be
# added here (test_every_workbook_builder_is_tested fails until it is).
def _municipality(path: Path) -> None:
    from nastavnik_desktop.reports.municipality import (
        MunicipalityReport,
        ReportSheet,
        municipality_workbook,
    )

    municipality_workbook(MunicipalityReport(on=dt.date(2026, 11, 23), school=HOSTILE[0], sheets=(
        ReportSheet("Сведения", ("Показатель", "Значение"),
                    tuple((text, text) for text in HOSTILE)),)), path)


def _audit_log(path: Path) -> None:
    from nastavnik_desktop.reports.audit_log import AuditRow, audit_workbook

    audit_workbook([AuditRow(n, "01.09.2026 10:00", text, text, text)
                    for n, text in enumerate(HOSTILE, start=1)], path,
                   school=HOSTILE[0], period=HOSTILE[1])


BUILDERS: dict[str, Callable[[Path], None]] = {
    "nastavnik_desktop.reports.bases.bases_workbook": _bases,
    "nastavnik_desktop.reports.named_workbook.named_workbook": _named,
    "nastavnik_desktop.reports.answers_template.answers_template": _answers_template,

    "nastavnik_desktop.reports.monitoring_workbook.monitoring_workbook": _monitoring,
    "nastavnik_desktop.reports.municipality.municipality_workbook": _municipality,
    "nastavnik_desktop.reports.audit_log.audit_workbook": _audit_log,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_builder_writes_formula_looking_text_as_text(name: str, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    BUILDERS[name](path)
    assert_no_formula_and_texts_kept(path, {stored(text) for text in HOSTILE})


def test_the_writer_keeps_texts_numbers_and_dates(tmp_path: Path) -> None:
    path = write_workbook([TableSheet(
        name="Лист", title="=Заголовок", subtitle_lines=("+подзаголовок",),
        headers=("=A", "Телефон", "Дата", "Число"),
        rows=[(HOSTILE[0], "+7 900 123-45-67", dt.date(2026, 9, 1), 12),
              *[(text, "", None, -3.5) for text in HOSTILE]])], tmp_path / "t.xlsx")
    sheet = load_workbook(path)["Лист"]
    assert sheet["A1"].value == "=Заголовок" and sheet["A2"].value == "+подзаголовок"
    assert [c.value for c in sheet[4]] == ["=A", "Телефон", "Дата", "Число"]
    assert sheet["B5"].value == "+7 900 123-45-67" and sheet["B5"].data_type == "s"
    assert sheet["C5"].value == dt.datetime(2026, 9, 1)
    assert sheet["C5"].number_format == "DD.MM.YYYY"
    assert sheet["D5"].value == 12 and sheet["D6"].value == -3.5
    assert [sheet.cell(row=6 + n, column=1).value for n in range(len(HOSTILE))] == [
        stored(text) for text in HOSTILE]
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == f"A4:D{5 + len(HOSTILE)}"
    assert_no_formula_and_texts_kept(path, {stored(text) for text in HOSTILE})


def test_a_plain_sheet_keeps_texts_numbers_dates_and_its_bold_filtered_header(
        tmp_path: Path) -> None:
    import io

    stream = io.BytesIO()
    write_workbook([TableSheet(
        name="Лист", title="=Заголовок", headers=("ФИО", "Дата", "Доля"), plain=True,
        widths_mm=(40.0, 20.0, 15.0), number_formats=(None, None, "0.0%"),
        rows=[("Иванов Иван", dt.date(2026, 9, 1), 0.5), ("Группа:\nПетров\nСидоров", None, 0),
              *[(text, None, 1) for text in HOSTILE]])], stream)
    path = tmp_path / "plain.xlsx"
    path.write_bytes(stream.getvalue())
    sheet = load_workbook(path)["Лист"]
    assert sheet["A1"].value == "=Заголовок" and sheet["A1"].font.b
    assert [c.value for c in sheet[3]] == ["ФИО", "Дата", "Доля"] and sheet["B3"].font.b
    assert sheet["A4"].value == "Иванов Иван" and not sheet["A4"].font.b
    assert sheet["B4"].value == dt.datetime(2026, 9, 1)
    assert sheet["B4"].number_format == "DD.MM.YYYY"
    assert sheet["C4"].number_format == "0.0%" and sheet["C4"].value == 0.5
    assert sheet["A5"].alignment.wrap_text and not sheet["A4"].alignment.wrap_text
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == f"A3:C{5 + len(HOSTILE)}"
    assert sheet.print_title_rows == "$3:$3"
    assert_no_formula_and_texts_kept(path, {stored(text) for text in HOSTILE})


def test_plain_text_gets_no_quote_prefix(tmp_path: Path) -> None:
    path = write_workbook([TableSheet(name="Лист", title="Т", headers=("А",),
                                      rows=[("Иванов Иван",)])], tmp_path / "t.xlsx")
    assert load_workbook(path)["Лист"]["A4"].quotePrefix is False


# --- one way to write a workbook --------------------------------------------------------------

WRITER = PACKAGE / "reports" / "workbook.py"
READERS = {PACKAGE / "services" / "importing" / name for name in ("readers.py", "sheet_xml.py")}
# What the import readers use of openpyxl: loading a workbook's parts and parsing a sheet's rows
# (streamed by sheet_xml.py), cell references — nothing that writes.
READING = {("openpyxl", "load_workbook"), ("openpyxl.reader.excel", "ExcelReader"),
           ("openpyxl.styles.stylesheet", "apply_stylesheet"),
           ("openpyxl.worksheet._reader", "WorkSheetParser"),
           ("openpyxl.utils.cell", "range_boundaries"),
           ("openpyxl.utils.cell", "get_column_letter")}
OTHER_WRITERS = ("xlsxwriter", "odf", "pyexcel", "xlwt", "pandas", "polars")


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _imported(tree: ast.Module) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_only_the_workbook_module_writes_with_openpyxl() -> None:
    offenders = []
    for path, tree in _modules():
        for module, names in _imported(tree):
            top = module.split(".")[0]
            if top in OTHER_WRITERS:
                offenders.append(f"{path.name}: {module}")
            if top != "openpyxl" or path == WRITER:
                continue
            # The import readers may only read workbooks; nobody else touches openpyxl.
            if path not in READERS or not {(module, name) for name in names} <= READING:
                offenders.append(f"{path.relative_to(PACKAGE)}: {module} {names}")
        if path in READERS:
            attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                          and isinstance(node.value, ast.Name) and node.value.id == "openpyxl"}
            assert attributes <= {"load_workbook"}, attributes
    assert offenders == []


def _functions_calling(name: str) -> set[str]:
    found = set()
    for path, tree in _modules():
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    isinstance(call, ast.Call) and (
                        (isinstance(call.func, ast.Name) and call.func.id == name)
                        or (isinstance(call.func, ast.Attribute) and call.func.attr == name))
                    for call in ast.walk(node)):
                found.add(f"{module}.{node.name}")
    return found


def test_every_workbook_builder_is_tested() -> None:
    assert _functions_calling("write_workbook") == set(BUILDERS)


def test_rows_are_tall_enough_for_their_wrapped_text(tmp_path: Path) -> None:
    long = "кризис самоидентификации; адаптация в новом коллективе; интересы: шахматы"
    path = write_workbook([TableSheet(
        name="Лист", title="Заголовок", headers=("ФИО", "Запросы"), widths_mm=(40.0, 30.0),
        rows=[("Иванов Иван", "короткий"), ("Петров Пётр", long),
              ("Сидоров Сидор", "первая строка\nвторая строка\nтретья")])],
        tmp_path / "t.xlsx")
    sheet = load_workbook(path)["Лист"]
    heights = [sheet.row_dimensions[row].height for row in (4, 5, 6)]
    # 30 mm hold about 14 letters a line: the long text takes five lines or more
    assert heights[0] == 15 and heights[1] >= 5 * 15 and heights[2] == 3 * 15
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "portrait"
