"""The bases (PDF and workbook), the pair list and the pairs order, built from a demo school."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.bases import MENTEE_HEADERS, MENTOR_HEADERS
from nastavnik_desktop.services.documents import issue_document, list_issued_documents
from nastavnik_desktop.services.paper_data import export_bases_workbook, pair_list_rows
from nastavnik_desktop.services.people import mentee_base, mentor_base
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from tests.helpers.pdf import drawn_text, need, run

DAY = dt.date(2026, 10, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         build_demo: Callable[..., Path]) -> Iterator[tuple[Database, ProgrammeInfo]]:
    folder = tmp_path_factory.mktemp("paper")
    path = build_demo(folder / "demo.sqlite", seed=11, pupils=200, teachers=30)
    db = open_database(path, backup_dir=folder / "backups")
    programme = current_programme(db)
    assert programme is not None
    yield db, programme
    db.close()


def test_the_bases_pdf_lists_every_mentee_and_mentor(demo: tuple[Database, ProgrammeInfo],
                                                      tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo", "pdffonts", "qpdf")
    db, programme = demo
    out = tmp_path / "bases.pdf"
    info = issue_document(db, programme.id, "bases", out, issued_on=DAY)
    assert info.title.startswith("Базы наставляемых и наставников")
    text = drawn_text(out)
    mentees, mentors = mentee_base(db, programme.id), mentor_base(db, programme.id)
    assert f"База наставляемых ({len(mentees)} чел.)" in text
    assert f"База наставников ({len(mentors)} чел.)" in text
    for row in (*mentees, *mentors):
        assert row.last_name in text, row.full_name
    assert "по состоянию на 15.10.2026" in text
    fonts = run("pdffonts", out).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    run("qpdf", "--check", out)
    assert list_issued_documents(db, programme.id)[0].kind == "bases"


def test_the_bases_workbook_has_a_sheet_per_base_with_typed_cells(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path) -> None:
    db, programme = demo
    out = export_bases_workbook(db, programme.id, tmp_path / "bases.xlsx", as_of=DAY)
    book = load_workbook(out)
    assert book.sheetnames == ["База наставляемых", "База наставников"]
    sheet = book["База наставляемых"]
    assert "15.10.2026" in str(sheet["A2"].value)
    assert [c.value for c in sheet[4]] == list(MENTEE_HEADERS)
    mentees = mentee_base(db, programme.id)
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(mentees)
    assert [r[1] for r in rows] == [m.full_name for m in mentees]
    assert all(isinstance(r[7], dt.datetime) for r in rows if r[7] is not None)
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:")
    mentor_sheet = book["База наставников"]
    assert [c.value for c in mentor_sheet[4]] == list(MENTOR_HEADERS)
    assert mentor_sheet.max_row - 4 == len(mentor_base(db, programme.id))


def test_the_pair_list_and_the_order_name_every_pair(demo: tuple[Database, ProgrammeInfo],
                                                     tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo", "qpdf")
    db, programme = demo
    with db.reading() as session:
        pairs = pair_list_rows(session, programme.id)
    assert pairs and any(len(p.mentees) > 1 for p in pairs)
    listing = tmp_path / "pairs.pdf"
    issue_document(db, programme.id, "pairs", listing, issued_on=DAY)
    order = tmp_path / "order.pdf"
    info = issue_document(db, programme.id, "order_pairs", order, number="88-о", issued_on=DAY)
    assert info.number == "88-о"
    for pdf in (listing, order):
        text = drawn_text(pdf)
        for pair in pairs:
            assert pair.mentor in text
            for name, _place in pair.mentees:
                assert name in text
        run("qpdf", "--check", pdf)
    order_text = drawn_text(order)
    assert "О закреплении наставнических пар/групп" in order_text
    assert "№ 88-о" in order_text and "ПРИКАЗЫВАЮ" in order_text
    assert "Положения о программе наставничества" in order_text  # the demo issued it
    assert "утверждённого приказом от" in order_text and "№ 113-о" in order_text


def test_an_order_without_a_number_is_numbered_by_the_register(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path) -> None:
    db, programme = demo  # issue 14: the next free number, or the order of the kind again
    given = {d.number for d in list_issued_documents(db, programme.id)
             if d.kind != "order_pairs"}
    order = issue_document(db, programme.id, "order_pairs", tmp_path / "o.pdf", number=" ")
    assert order.number.endswith("-о") and order.number not in given
    assert (tmp_path / "o.pdf").is_file()


def test_no_pairs_no_pair_list(db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Пар и групп пока нет"):
        issue_document(db, programme.id, "pairs", tmp_path / "p.pdf")
    assert list_issued_documents(db, programme.id) == []


def test_cli_reports_bases_as_pdf_or_workbook_and_the_pairs(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from nastavnik_desktop.cli import main

    db, _programme = demo
    for kind, name, extra in (("bases", "bases.pdf", []), ("bases", "bases.xlsx", []),
                              ("pairs", "pairs.pdf", []),
                              ("order-pairs", "order.pdf", ["--number", "90-о"])):
        out = tmp_path / name
        assert main(["report", kind, "--db", str(db.path), "--out", str(out), *extra]) == 0
        assert out.exists() and out.stat().st_size > 1000
    printed = capsys.readouterr().out
    assert "Базы наставляемых и наставников сохранены" in printed
    assert load_workbook(tmp_path / "bases.xlsx").sheetnames[0] == "База наставляемых"


def test_empty_bases_still_make_a_document(db: Database, programme: ProgrammeInfo,
                                           tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    out = tmp_path / "bases.pdf"
    issue_document(db, programme.id, "bases", out)
    text = drawn_text(out)
    assert "База наставляемых (0 чел.)" in text and "нет записей" in text
    export_bases_workbook(db, programme.id, tmp_path / "bases.xlsx")
    assert load_workbook(tmp_path / "bases.xlsx")["База наставников"].max_row == 4


def test_cli_bases_workbook_keeps_imported_formulas_as_text(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Imported parent name, phone, requests, position, organisation, competencies and
    interests that look like formulas come out of `report bases --out x.xlsx` as text."""
    from nastavnik_desktop.cli import main
    from tests.helpers.spreadsheets import write_csv

    link, dde = '=HYPERLINK("http://x","a")', "=cmd|' /C calc'!A0"
    db.close()
    mentees = write_csv(tmp_path / "mentees.csv", [
        ["ФИО", "Класс", "Дата рождения", "ФИО родителя", "Телефон родителя", "Запросы"],
        ["Иванов Иван Иванович", "7А", "01.09.2013", link, "+7 900 123-45-67", dde],
        ["Петрова Мария", "7Б", "02.10.2013", "@SUM(A1)", "=1+1", "\t=1"]])
    mentors = write_csv(tmp_path / "mentors.csv", [
        ["ФИО", "Должность", "Место работы", "Телефон", "Компетенции", "Интересы"],
        ["Сидоров Пётр Петрович", link, dde, "+1", "@SUM(A1)", "-1+2"]])
    assert main(["import", "mentees", str(mentees), "--db", str(db.path)]) == 0
    assert main(["import", "mentors", str(mentors), "--db", str(db.path)]) == 0
    out = tmp_path / "x.xlsx"
    assert main(["report", "bases", "--db", str(db.path), "--out", str(out),
                 "--date", "15.10.2026"]) == 0
    capsys.readouterr()
    book = load_workbook(out)
    found = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    texts = "\n".join(str(c.value) for c in found if isinstance(c.value, str))
    for text in (link, dde, "+7 900 123-45-67", "@SUM(A1)", "=1+1", "+1", "-1+2"):
        assert text in texts
