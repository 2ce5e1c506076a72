"""The monitoring report of the demo school (with entry and exit rounds answered, a SWOT and
conclusions), formed through the CLI as the curator forms it: the PDF and the statistics
workbook carry the figures `kpi()` and `growth()` compute — those of the screen — and the CLI's
JSON prints for the same date; the fonts are embedded; the charts are drawn and visible."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import Audience
from nastavnik_desktop.reports import charts
from nastavnik_desktop.reports.monitoring import (
    Breakdown,
    GrowthLine,
    KpiShare,
    MonitoringReportData,
    SwotBlock,
    label_text,
    mean_text,
    monitoring_document,
    percent_text,
)
from nastavnik_desktop.reports.process import PdfRecipe, write_pdf
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.monitoring import Growth, Kpi, growth, kpi
from nastavnik_desktop.services.monitoring.growth import AUDIENCE_TITLES
from nastavnik_desktop.services.monitoring.report_data import (
    export_monitoring_workbook,
    monitoring_recipe,
    monitoring_report_data,
)
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from tests.helpers.monitoring_answers import (
    CONCLUSIONS,
    SWOT_LINES,
    answer_standard_rounds,
    fill_swot,
)
from tests.helpers.pdf import drawn_text, flat_text, need, run

TITLES = ("Обучающиеся", "Обучающиеся и педагогические работники")


@dataclass(frozen=True)
class Formed:
    on: dt.date
    said: dict[str, Any]
    """The CLI's `monitoring --json` for the date."""
    figures: Kpi
    grown: Growth
    pdf: Path
    xlsx: Path


def run_cli(*args: str | Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(a) for a in args]) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def formed(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path],
           demo_day: dt.date) -> Formed:
    folder = tmp_path_factory.mktemp("monitoring_report")
    demo = build_demo(folder / "demo.sqlite")
    db = open_database(demo, backup_dir=folder / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        answer_standard_rounds(db, programme.id, entry_on=demo_day - dt.timedelta(days=30),
                               exit_on=demo_day - dt.timedelta(days=5))
        fill_swot(db, programme.id)
    finally:
        db.close()
    date = f"{demo_day:%d.%m.%Y}"
    said = json.loads(run_cli("monitoring", "--db", demo, "--date", date, "--json"))
    run_cli("report", "monitoring", "--db", demo, "--date", date, "--out", folder / "r.pdf")
    run_cli("report", "monitoring", "--db", demo, "--date", date, "--out", folder / "r.xlsx")
    db = open_database(demo, backup_dir=folder / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        figures = kpi(db, programme.id, on=demo_day)
        grown = growth(db, programme.id, on=demo_day)
    finally:
        db.close()
    return Formed(demo_day, said, figures, grown, folder / "r.pdf", folder / "r.xlsx")


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_pdf_carries_the_kpi_of_the_service_and_of_the_json(formed: Formed) -> None:
    need("pdftotext")
    text, drawn = flat_text(formed.pdf), drawn_text(formed.pdf)
    assert "Отчёт о мониторинге программы наставничества" in text
    assert f"по состоянию на {formed.on:%d.%m.%Y}" in text
    assert formed.said["date"] == formed.on.isoformat()
    for key, title in zip(("pupils", "pupils_and_staff"), TITLES, strict=True):
        figure = getattr(formed.figures, key)
        share, said = figure.share, formed.said["kpi"][key]
        assert share.involved > 0 and share.percent is not None
        assert (said["involved"], said["population"], said["percent"]) == (
            share.involved, share.population, round(share.percent, 1))
        # the row of the KPI table: title, involved, population, share
        row = f"{title} {share.involved} {share.population} {percent_text(share.percent)}"
        assert row in drawn
        assert percent_text(said["percent"]) == percent_text(share.percent)
        assert words(figure.method) in text
        assert words(said["method"]) in text
    assert f"на {formed.on:%d.%m.%Y} состоят наставниками" in text


def test_the_breakdowns_in_the_pdf_are_those_of_the_json(formed: Formed) -> None:
    need("pdftotext")
    drawn = drawn_text(formed.pdf)
    assert formed.said["by_form"]
    for form in formed.said["by_form"]:
        assert (f"{label_text(form['form'])} {form['pairs']} {form['mentors']} "
                f"{form['mentees']} {form['involved']}") in drawn
    for line in [*formed.said["by_class"], *formed.said["by_age"], *formed.said["by_category"]]:
        population = "—" if line["population"] is None else line["population"]
        share = "—" if line["population"] is None else percent_text(line["percent"])
        assert (f"{label_text(line['label'])} {line['involved']} {line['mentors']} "
                f"{line['mentees']} {population} {share}") in drawn, line
    for organisation in formed.said["mentor_organisations"]:
        assert f"{organisation['organisation']} {organisation['mentors']}" in drawn


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    """The table of a sheet under its header (title, subtitles and an empty row above)."""
    values = list(sheet.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(values) if n > 0 and row[0] is None) + 1
    return [row for row in values[header + 1:] if any(v is not None for v in row)]


def test_the_workbook_cells_equal_the_figures(formed: Formed) -> None:
    book = load_workbook(formed.xlsx)
    assert {"Показатель", "Разрезы", "Рост", "Удовлетворённость", "SWOT"} <= set(
        book.sheetnames)
    sheet = book["Показатель"]
    table = rows(sheet)
    for row, key, title in zip(table, ("pupils", "pupils_and_staff"), TITLES, strict=True):
        said = formed.said["kpi"][key]
        name, involved, population, share, on, method = row
        assert (name, involved, population) == (title, said["involved"], said["population"])
        assert isinstance(share, float) and round(share * 100, 1) == said["percent"]
        assert on == dt.datetime.combine(formed.on, dt.time())
        assert method == said["method"]
    shares = [c for c in sheet["D"] if isinstance(c.value, float)]
    assert len(shares) == 2 and all(c.number_format == "0.0%" for c in shares)
    forms = [row for row in rows(book["Разрезы"]) if row[0] == "По формам наставничества"]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in forms] == [
        (f["form"], f["pairs"], f["involved"], f["mentors"], f["mentees"])
        for f in formed.said["by_form"]]
    classes = [row for row in rows(book["Разрезы"]) if row[0] == "По классам"]
    assert [(r[1], r[3], r[6]) for r in classes] == [
        (c["label"], c["involved"], c["population"]) for c in formed.said["by_class"]]


def test_growth_satisfaction_and_attendance_are_those_of_the_service(formed: Formed) -> None:
    need("pdftotext")
    drawn, grown = drawn_text(formed.pdf), formed.grown
    for audience, key in ((Audience.MENTEE, "mentees"), (Audience.MENTOR, "mentors")):
        title = AUDIENCE_TITLES[audience]
        satisfied = grown.satisfaction_of(audience)
        assert satisfied.respondents > 0 and satisfied.mean is not None
        said = formed.said["satisfaction"][key]
        assert (said["respondents"], said["mean"]) == (satisfied.respondents,
                                                      round(satisfied.mean, 1))
        assert (f"{title} {satisfied.respondents} {mean_text(satisfied.mean)} "
                f"{percent_text(satisfied.share_7_plus)}") in drawn
        lines = grown.lines(audience)
        assert lines and all(p.change is not None for p in lines)
        for parameter in lines:
            sign = "+" if parameter.change and parameter.change > 0 else ""
            assert (f"{parameter.label} {mean_text(parameter.entry.value)} "
                    f"{mean_text(parameter.exit.value)} {sign}"
                    f"{charts.number_text(abs(parameter.change or 0))}") in drawn
    for form in formed.said["by_form"]:  # the JSON's forms with their growth and attendance
        if form["entry_mean"] is not None and form["exit_mean"] is not None:
            assert (f"{label_text(form['form'])} {form['pairs']} "
                    f"{mean_text(form['entry_mean'])} {mean_text(form['exit_mean'])}") in drawn
        if form["attendance_percent"] is not None:
            assert label_text(form["form"]) in drawn
            assert percent_text(form["attendance_percent"]) in drawn
    attendance = grown.attendance
    assert attendance.meetings > 0
    assert (f"Всего по программе {attendance.meetings} {attendance.marks} "
            f"{percent_text(attendance.percent)}") in drawn
    text = flat_text(formed.pdf)
    assert "Наставляемые: параметры на входе и на выходе" in text
    for lines in SWOT_LINES.values():
        assert all(words(line) in text for line in lines)
    assert all(words(line) in text for line in CONCLUSIONS.splitlines())

    book = load_workbook(formed.xlsx)
    growth_rows = [row[:6] for row in rows(book["Рост"])]
    for parameter in grown.parameters:
        if parameter.form_id is None:
            assert (AUDIENCE_TITLES[parameter.audience], "все формы", parameter.label,
                    parameter.entry.value, parameter.exit.value,
                    parameter.change) in growth_rows
    satisfaction_rows = rows(book["Удовлетворённость"])
    mentees = grown.satisfaction_of(Audience.MENTEE)
    assert satisfaction_rows[0][:4] == ("Наставляемые", "все формы", mentees.respondents,
                                        mentees.mean)
    ours = [line for lines in SWOT_LINES.values() for line in lines]
    sheet_lines = [r[2] for r in rows(book["SWOT"])]  # the demo's own lines, then these
    assert [line for line in sheet_lines if line in ours] == ours


def test_every_font_is_embedded(formed: Formed) -> None:
    need("pdffonts")
    fonts = run("pdffonts", formed.pdf).splitlines()[2:]
    assert fonts and "Helvetica" not in "\n".join(fonts)
    for row in fonts:
        assert re.match(r"[A-Z]{6}\+Liberation", row), row
        assert row.split()[-5] == "yes", row  # the «emb» column


def test_the_charts_are_drawn_with_russian_labels_and_visible(formed: Formed,
                                                              tmp_path: Path) -> None:
    need("pdftotext", "pdftoppm")
    text = flat_text(formed.pdf)
    for label in ("Доля вовлечённых в наставничество, %", "целевое значение — 70 %",
                  "Участники по формам наставничества, человек", "наставники",
                  "наставляемые"):
        assert label in text
    share = formed.figures.pupils.share.percent
    assert share is not None and f"{charts.number_text(share)} %" in text
    run("pdftoppm", "-png", "-r", "40", formed.pdf, tmp_path / "page")
    bar_pixels = 0
    for page in sorted(tmp_path.glob("page*.png")):
        data = Image.open(page).convert("RGB").tobytes()
        bar_pixels += sum(1 for pixel in zip(data[0::3], data[1::3], data[2::3], strict=True)
                          if all(abs(a - b) < 40 for a, b in zip(
                              pixel, (0x2F, 0x55, 0x97), strict=True)))
    assert bar_pixels > 50, "the bars of the charts are not on the pages"


def test_an_empty_school_reports_no_data_and_empty_cells(db: Database,
                                                         programme: ProgrammeInfo,
                                                         tmp_path: Path) -> None:
    need("pdftotext")
    on = dt.date(2025, 12, 1)
    pdf = write_pdf(monitoring_recipe(db, programme.id, on=on), tmp_path / "empty.pdf")
    text = flat_text(pdf)
    assert "нет данных" in text
    assert "Опросы участников в программе не проводились" in text
    assert "пар и групп в работе нет" in text
    data = monitoring_report_data(db, programme.id, on=on)
    assert data.pupils.percent is None
    book = load_workbook(export_monitoring_workbook(db, programme.id, tmp_path / "e.xlsx",
                                                    on=on))
    assert [row[3] for row in rows(book["Показатель"])] == [None, None]


def test_the_windows_report_is_laid_out_in_a_child_process_and_recorded(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's charts take most of a second to lay out at a big school: from the window
    (`separate_process`) it always goes to the child process, whatever its rows."""
    need("pdftotext")
    asked: list[bool] = []

    def spying(recipe: Any, path: Path, **options: Any) -> Path:
        asked.append(options["separate_process"])
        return write_pdf(recipe, path, **options)

    monkeypatch.setattr(documents, "write_pdf", spying)
    on = dt.date(2025, 12, 1)
    issued = documents.issue_document(db, programme.id, "monitoring", tmp_path / "m.pdf",
                                      issued_on=on, separate_process=True)
    assert asked == [True]
    assert issued.title == f"Отчёт о мониторинге программы наставничества на {on:%d.%m.%Y}"
    assert f"по состоянию на {on:%d.%m.%Y}" in flat_text(Path(issued.file_path))


def test_before_the_exit_questionnaire_only_the_entry_is_printed(tmp_path: Path) -> None:
    """No exit answers yet: the tables and the chart show the expectations, with no column of
    dashes for the exit and the change; the SWOT is a grid of its four headed quadrants."""
    need("pdftotext")
    share = KpiShare("Обучающиеся", 1, 2, 50.0, "Методика.")
    data = MonitoringReportData(
        organisation="МБОУ «СОШ № 7»", school_year="2026/2027", on=dt.date(2026, 10, 20),
        target_percent=70, pupils=share, pupils_and_staff=share, by_form=(), breakdowns=(),
        by_class=Breakdown("По классам", ()), organisations=(),
        growth=(GrowthLine("Наставляемые", "", "Комфорт общения", 6.2, None, 10, 0),),
        growth_note="Итоговый опрос к отчётной дате не проводился.",
        swot=(SwotBlock("", ("Сильная",), ("Слабая",), ("Возможная",), ("Угрожающая",)),))
    pdf = write_pdf(PdfRecipe(monitoring_document, (data,)), tmp_path / "entry.pdf")
    text, drawn = flat_text(pdf), drawn_text(pdf)
    assert "Параметр На входе Комфорт общения 6,2" in drawn
    assert "На выходе" not in text and "Изменение" not in text
    assert "Наставляемые: параметры на входе" in text
    assert "Итоговый опрос к отчётной дате не проводился." in text
    assert ("Сильные стороны (S) Слабые стороны (W) – Сильная – Слабая Возможности (O) "
            "Угрозы (T) – Возможная – Угрожающая") in drawn


def test_the_curator_and_the_director_sign_with_initials_first(formed: Formed) -> None:
    """Under a signature a name reads «О. Н. Савина», as on every other document."""
    text = flat_text(formed.pdf)
    signatures = re.findall(r"(?:[А-ЯЁ]\. ){2}[А-ЯЁ][а-яё-]+", text)
    assert len(signatures) >= 2, text[-400:]
