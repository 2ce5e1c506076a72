"""The bases (PDF and workbook), the pair list and the pairs order, built from a demo school."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind
from nastavnik_desktop.data.models import Person, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.bases import MENTEE_HEADERS, MENTOR_HEADERS, bases_workbook
from nastavnik_desktop.services.documents import issue_document, list_issued_documents
from nastavnik_desktop.services.paper_data import (
    bases_data,
    natural_key,
    pair_list_rows,
    school_organisation,
)
from nastavnik_desktop.services.people import mentee_base, mentor_base
from nastavnik_desktop.services.people.consent import ConsentInfo, record_consent
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from tests.helpers.pdf import drawn_text, need, page_count, pdf_info, run

DAY = dt.date(2026, 10, 15)


def export_bases_workbook(db: Database, programme_id: int, path: Path, *,
                          as_of: dt.date | None = None) -> Path:
    """The complete bases as the builder writes them (a named file for outside goes through
    `services/exchange/named`, gated and encrypted)."""
    return bases_workbook(bases_data(db, programme_id), path, as_of=as_of)


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


def test_the_bases_pdf_is_dense(demo: tuple[Database, ProgrammeInfo], tmp_path: Path) -> None:
    """Widths from the content, 9 pt, long words hyphenated: a landscape page holds a dozen
    people or so (it held six with fixed widths at 10 pt), and no word is cut without a
    hyphen (every hyphenated piece reads back whole with its hyphen removed)."""
    need("pdftotext", "pdfinfo")
    db, programme = demo
    out = tmp_path / "bases.pdf"
    issue_document(db, programme.id, "bases", out, issued_on=DAY)
    people = len(mentee_base(db, programme.id)) + len(mentor_base(db, programme.id))
    pages = page_count(out)
    assert people / pages >= 9, (people, pages)
    # a word broken at a line end with a hyphen reads whole once the hyphens are dropped;
    # one cut without a hyphen would read as two words
    text = re.sub(r"-\s+", "", run("pdftotext", "-raw", out, "-")).replace("-", "").lower()
    printed = Counter(re.findall(r"[а-яё]+", text))
    data = bases_data(db, programme.id)
    written = Counter(w.replace("-", "") for row in (*data.mentees, *data.mentors)
                      for cell in row if isinstance(cell, str)
                      for w in re.findall(r"(?<![А-Яа-яЁё])[а-яё][а-яё-]{11,}", cell))
    assert len(written) > 20
    assert {w: n for w, n in written.items() if printed[w] < n} == {}


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
    entered = MENTEE_HEADERS.index("Дата входа")
    assert all(isinstance(r[entered], dt.datetime) for r in rows if r[entered] is not None)
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:")
    # the class and the age in cells of their own, the age a number
    place, age = MENTEE_HEADERS.index("Класс / должность"), MENTEE_HEADERS.index("Возраст, лет")
    pupils = [(r, m) for r, m in zip(rows, mentees, strict=True) if m.class_name]
    assert pupils and all(r[place] == m.class_name and r[age] == m.age for r, m in pupils)
    assert all(isinstance(r[age], int) for r, _ in pupils)
    mentor_sheet = book["База наставников"]
    assert [c.value for c in mentor_sheet[4]] == list(MENTOR_HEADERS)
    mentors = mentor_base(db, programme.id)
    assert mentor_sheet.max_row - 4 == len(mentors)
    hours = [row[MENTOR_HEADERS.index("Часов в месяц")]
             for row in mentor_sheet.iter_rows(min_row=5, values_only=True)]
    assert hours == [m.hours_per_month for m in mentors]
    assert any(h is not None for h in hours)
    assert all(h is None or isinstance(h, int | float) for h in hours)


def test_the_bases_workbook_prints_as_a_document(demo: tuple[Database, ProgrammeInfo],
                                                 tmp_path: Path) -> None:
    """Landscape A4 fitted to the width, the header row on every page, 20 mm margins (30 at
    the binding), numbered from page 2, rows tall enough for their wrapped text."""
    db, programme = demo
    book = load_workbook(export_bases_workbook(db, programme.id, tmp_path / "b.xlsx", as_of=DAY))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$4:$4"
        margins = sheet.page_margins
        assert round(margins.left * 25.4) == 30
        assert min(margins.right, margins.top, margins.bottom) * 25.4 >= 19.9
        assert sheet.oddHeader.center.text == "&P" and sheet.HeaderFooter.differentFirst
        assert not sheet.firstHeader.center.text
        for row in sheet.iter_rows(min_row=5):
            lines = max(str(c.value).count("\n") + 1 for c in row if c.value is not None)
            height = sheet.row_dimensions[row[0].row].height
            assert height is not None and height >= 15 * lines, row[0].row
            assert all(c.border.left.style == "thin" for c in row)


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


def test_the_pair_list_puts_groups_in_natural_order(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path) -> None:
    need("pdftotext")
    db, programme = demo
    with db.reading() as session:
        pairs = pair_list_rows(session, programme.id)
    titles = [p.title for p in pairs if p.title]
    assert len(titles) >= 3
    for form in {p.form for p in pairs}:
        in_form = [p for p in pairs if p.form == form]
        # the pairs first, then the groups numbered as people count: 2 before 10, 1 before 2
        assert [bool(p.title) for p in in_form] == sorted(bool(p.title) for p in in_form)
        for shape in {re.sub(r"\d+", "#", p.title) for p in in_form if p.title}:
            numbers = [[int(n) for n in re.findall(r"\d+", p.title)] for p in in_form
                       if p.title and re.sub(r"\d+", "#", p.title) == shape]
            assert numbers == sorted(numbers), (form, shape)
    listing = issue_document(db, programme.id, "pairs", tmp_path / "pairs.pdf", issued_on=DAY)
    text = drawn_text(Path(listing.file_path))
    printed = [re.search(re.escape(t) + r"[ :(]", text).start()  # type: ignore[union-attr]
               for t in titles if titles.count(t) == 1]
    assert printed == sorted(printed)


def test_natural_key_orders_numbers_as_numbers() -> None:
    names = ["Группа № 10", "Группа № 2", "Группа 10Б класса", "группа № 1", "Группа 5А класса",
             "Группа Ёлочка", "Группа Елена"]
    assert sorted(names, key=natural_key) == [
        "Группа 5А класса", "Группа 10Б класса", "Группа Елена", "Группа Ёлочка",
        "группа № 1", "Группа № 2", "Группа № 10"]


def test_every_document_has_one_author_and_numbers_its_pages_from_two(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path) -> None:
    """One rule for the PDF's author (the school's display name) and for page numbers (ГОСТ
    Р 7.0.97: none on page 1, from page 2 in the top margin — in the right margin of a turned
    appendix page, whose top is bound), on orders and lists alike; no «Стр. N из M»."""
    need("pdfinfo", "pdftotext")
    db, programme = demo
    with db.reading() as session:
        school = session.get(Programme, programme.id).school  # type: ignore[union-attr]
        expected = school_organisation(school).display_name
        assert school.short_name and expected == school.short_name
    for kind, extra in (("pairs", {}), ("bases", {}), ("roadmap", {}), ("passport", {}),
                        ("control", {}), ("order_pairs", {"number": "91-о"}),
                        ("order_launch", {"number": "92-о"})):
        out = tmp_path / f"{kind}.pdf"
        issue_document(db, programme.id, kind, out, issued_on=DAY, **extra)  # type: ignore[arg-type]
        assert pdf_info(out)["Author"] == expected, kind
        assert "Стр." not in run("pdftotext", out, "-"), kind
        for page in range(1, min(page_count(out), 4) + 1):
            width, height = (float(v) for v in re.findall(
                r"[\d.]+", pdf_info(out, page)["Page size"])[:2])
            numbers = [w for w in page_words(out, page) if w[4] == str(page)
                       and (w[3] < 20 * MM or w[0] > width - 20 * MM)]
            assert len(numbers) == (page > 1), (kind, page, numbers)
            if page > 1 and numbers[0][3] < 20 * MM:  # at the top: in its middle
                assert abs((numbers[0][0] + numbers[0][2]) / 2 - width / 2) < 15 * MM, kind
            elif page > 1:  # a turned page: in the right margin, halfway down
                assert abs((numbers[0][1] + numbers[0][3]) / 2 - height / 2) < 15 * MM, kind


MM = 72 / 25.4


def page_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of every word on `page`, in points from the top left."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-")
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
        html)]


def test_no_pairs_no_pair_list(db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Пар и групп пока нет"):
        issue_document(db, programme.id, "pairs", tmp_path / "p.pdf")
    assert list_issued_documents(db, programme.id) == []


def test_cli_reports_bases_as_pdf_or_workbook_and_the_pairs(
        demo: tuple[Database, ProgrammeInfo], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from nastavnik_desktop.cli import main
    from nastavnik_desktop.services.exchange.crypto import decrypt_xlsx

    db, _programme = demo
    password = tmp_path / "password.txt"
    password.write_text("пароль-для-баз\n", encoding="utf-8")
    for kind, name, extra in (("bases", "bases.pdf", []),
                              ("bases", "bases.xlsx", ["--password-file", str(password)]),
                              ("pairs", "pairs.pdf", []),
                              ("order-pairs", "order.pdf", ["--number", "90-о"])):
        out = tmp_path / name
        assert main(["report", kind, "--db", str(db.path), "--out", str(out), *extra]) == 0
        assert out.exists() and out.stat().st_size > 1000
    printed = capsys.readouterr().out
    assert "Зашифрованный файл сохранён" in printed
    plain = decrypt_xlsx((tmp_path / "bases.xlsx").read_bytes(), "пароль-для-баз")
    assert load_workbook(io.BytesIO(plain)).sheetnames[0] == "База наставляемых"


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
    from nastavnik_desktop.services.exchange.crypto import decrypt_xlsx
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
    database = open_database(db.path, backup_dir=tmp_path / "backups")
    try:
        with database.transaction() as session:
            for person in session.scalars(select(Person)):  # the named file: with consent only
                record_consent(person, ConsentKind.PERSONAL_DATA,
                               ConsentInfo(dt.date(2026, 9, 1), ConsentGiver.PARENT))
    finally:
        database.close()
    out = tmp_path / "x.xlsx"
    password = tmp_path / "password.txt"
    password.write_text("пароль-для-баз", encoding="utf-8")
    assert main(["report", "bases", "--db", str(db.path), "--out", str(out),
                 "--date", "15.10.2026", "--password-file", str(password)]) == 0
    capsys.readouterr()
    out.write_bytes(decrypt_xlsx(out.read_bytes(), "пароль-для-баз"))
    book = load_workbook(out)
    found = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    texts = "\n".join(str(c.value) for c in found if isinstance(c.value, str))
    for text in (link, dde, "+7 900 123-45-67", "@SUM(A1)", "=1+1", "+1", "-1+2"):
        assert text in texts
