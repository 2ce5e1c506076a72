"""`python -m nastavnik_desktop report monitoring`: the report into the documents folder and
its register, or the statistics table (registered too) when the file asked for is .xlsx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.documents import list_issued_documents
from nastavnik_desktop.services.programme import current_programme
from tests.helpers.pdf import flat_text, need


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path]) -> Path:
    path: Path = build_demo(tmp_path_factory.mktemp("cli_report") / "demo.sqlite")
    return path


def test_without_a_file_the_report_goes_to_the_documents_folder_and_the_register(
        demo: Path, demo_day: dt.date, capsys: pytest.CaptureFixture[str]) -> None:
    need("pdftotext")
    assert main(["report", "monitoring", "--db", str(demo), "--date",
                 f"{demo_day:%d.%m.%Y}"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    db = open_database(demo, backup_dir=demo.parent / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        issued = list_issued_documents(db, programme.id)[0]
    finally:
        db.close()
    pdf = Path(issued.file_path)
    assert issued.kind == "monitoring" and issued.issued_on == demo_day
    assert issued.title == f"Отчёт о мониторинге программы наставничества на {demo_day:%d.%m.%Y}"
    assert pdf.parent == demo.parent / "documents" and pdf.is_file()
    assert f"сохранён: {pdf}" in out
    assert f"по состоянию на {demo_day:%d.%m.%Y}" in flat_text(pdf)


def test_an_xlsx_file_gets_the_statistics_table(demo: Path, demo_day: dt.date, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "Статистика.xlsx"
    assert main(["report", "monitoring", "--db", str(demo), "--date",
                 f"{demo_day:%d.%m.%Y}", "--out", str(out_file)]) == 0
    out, err = capsys.readouterr()
    title = f"Таблица статистики мониторинга программы наставничества на {demo_day:%d.%m.%Y}"
    assert (out.strip(), err) == (f"Документ «{title}» сохранён: {out_file}", "")
    db = open_database(demo, backup_dir=demo.parent / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        issued = list_issued_documents(db, programme.id)[0]
    finally:
        db.close()
    assert (issued.kind, issued.title, issued.file_path) == (
        "monitoring_table", title, str(out_file))
    book = load_workbook(out_file)
    assert book.sheetnames[:2] == ["Показатель", "Разрезы"]
    assert f"по состоянию на {demo_day:%d.%m.%Y}" in str(book["Показатель"]["A2"].value)
