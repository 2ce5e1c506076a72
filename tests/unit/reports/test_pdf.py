"""Built PDFs, read back with poppler and qpdf: what a curator prints is what the data says.

An order of three pages of text with a 60-row appendix, and a landscape list, are built once per
module; each test reads one property of the file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from nastavnik_desktop.reports.document import OfficialDocument
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.tables import GroupRow, Row
from tests.helpers.pdf import A4_LANDSCAPE, A4_PORTRAIT, need, page_count, page_text, pdf_info, run

LEFT_MARGIN_PT = 30 * mm
RIGHT_EDGE_PT = (210 - 20) * mm
PAIRS = 60
SCHOOL = ("Муниципальное бюджетное общеобразовательное учреждение «Средняя "
          "общеобразовательная школа № 7»")
TITLE = "О закреплении наставнических пар и групп"
SENTENCES = (
    "Наставничество — универсальная технология передачи опыта и знаний, формирования навыков "
    "и ценностей через неформальное взаимообогащающее общение, основанное на доверии и "
    "партнёрстве. ",
    "Куратор целевой модели отвечает за организацию программы наставничества, ведёт базы "
    "наставников и наставляемых и готовит итоговый отчёт о её результатах. ",
    "Ёмкие формулировки, щедрая ёлочная «цитата», съешь же ещё этих мягких французских булок "
    "да выпей чаю. ",
)


def first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


def requisites() -> Requisites:
    return Requisites(
        organisation=Organisation(SCHOOL, "МБОУ «СОШ № 7»"),
        date=dt.date(2025, 9, 5), number="45-о", place="г. Тверь", title=TITLE,
        signer=Signer("Директор", "Иванов", "Иван", "Иванович"))


def pair_code(number: int) -> str:
    return f"П-{number:03d}"


def build_order(path: Path, *, landscape_appendix: bool = False) -> Path:
    doc = OfficialDocument(requisites())
    for number in range(14):
        doc.add_paragraph(f"Абзац {number + 1}. " + "".join(SENTENCES) * 2)
    doc.add_directive()
    doc.add_numbered(["Закрепить наставнические пары согласно приложению.",
                      "Куратору Петровой А. С. организовать работу пар до 31 мая 2026 г.",
                      "Контроль за исполнением приказа оставляю за собой."])
    doc.add_signature()
    doc.add_appendix("Список наставнических пар", landscape=landscape_appendix)
    rows: list[Row] = [GroupRow("Форма «ученик – ученик»")]
    rows += [(n, pair_code(n), f"Наставникова Анна-Мария {n}", f"Учеников Пётр {n}, 5А",
              "неудовлетворительная успеваемость") for n in range(1, PAIRS + 1)]
    doc.add_table(["№ п/п", "Шифр", "Наставник", "Наставляемый", "Запрос"], rows,
                  col_widths_mm=[14, 20, 50, 50, 40],
                  align=["center", "center", "left", "left", "left"])
    return doc.build(path)


@pytest.fixture(scope="module")
def order(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_order(tmp_path_factory.mktemp("order") / "Приказ № 45-о.pdf")


@pytest.fixture(scope="module")
def pair_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = ListDocument("Список наставнических пар", SCHOOL,
                       subtitle="Программа наставничества 2025/2026", as_of=dt.date(2025, 9, 20))
    doc.add_table(["№", "Шифр", "Наставник", "Должность / класс", "Наставляемый", "Класс",
                   "Ключевые запросы", "Дата начала"],
                  [(n, pair_code(n), "Наставникова Анна-Мария Сергеевна", "учитель математики",
                    f"Петров Пётр {n}", "7Б", "выбор образовательной траектории",
                    dt.date(2025, 10, 1)) for n in range(1, PAIRS + 1)])
    return doc.build(tmp_path_factory.mktemp("list") / "pairs.pdf")


def appendix_pages(pdf: Path) -> list[int]:
    first = next(p for p in range(1, page_count(pdf) + 1) if "Приложение" in page_text(pdf, p))
    return list(range(first, page_count(pdf) + 1))


# -- the order -------------------------------------------------------------------------------


def test_order_is_a4_and_passes_qpdf(order: Path) -> None:
    need("pdfinfo", "qpdf")
    info = pdf_info(order)
    assert info["Page size"] == A4_PORTRAIT
    assert info["Title"] == f"Приказ от 05.09.2025 № 45-о «{TITLE}»"
    assert info["Author"] == "МБОУ «СОШ № 7»"
    assert info["Creator"] == "Наставник"
    run("qpdf", "--check", order)


def test_order_text_spans_three_pages_before_the_appendix(order: Path) -> None:
    need("pdftotext", "pdfinfo")
    assert appendix_pages(order)[0] >= 4


def test_first_page_carries_the_requisites_and_no_number(order: Path) -> None:
    need("pdftotext")
    text = page_text(order, 1)
    assert first_line(text).startswith("Муниципальное бюджетное общеобразовательное")
    assert "(МБОУ «СОШ № 7»)" in text
    assert "ПРИКАЗ" in text
    date_line = next(line for line in text.splitlines() if "05.09.2025" in line)
    assert re.fullmatch(r"05\.09\.2025\s{20,}№ 45-о", date_line.strip()), date_line
    assert "г. Тверь" in text
    assert TITLE.split()[0] in text and "наставнических пар" in text
    assert "Ёмкие формулировки, щедрая ёлочная «цитата»" in " ".join(text.split())
    assert not re.match(r"\d+$", first_line(text))


def test_later_pages_are_numbered_at_the_top(order: Path) -> None:
    need("pdftotext", "pdfinfo")
    for page in range(2, page_count(order) + 1):
        assert first_line(page_text(order, page)) == str(page)


def test_signature_and_operative_part(order: Path) -> None:
    need("pdftotext", "pdfinfo")
    body = "\n".join(page_text(order, p) for p in range(1, appendix_pages(order)[0]))
    signature = next(line for line in body.splitlines() if "И. И. Иванов" in line)
    assert re.fullmatch(r"Директор\s{20,}И\. И\. Иванов", signature.strip()), signature
    assert "ПРИКАЗЫВАЮ:" in body
    flat = " ".join(body.split())
    assert "2. Куратору Петровой А. С. организовать работу пар до 31 мая 2026 г." in flat
    assert "Абзац 14." in flat


def test_appendix_mark_and_every_row_with_repeated_header(order: Path) -> None:
    need("pdftotext", "pdfinfo")
    pages = appendix_pages(order)
    assert len(pages) >= 2, "60 pairs must continue on a second page"
    first = page_text(order, pages[0])
    mark = [line.strip() for line in first.splitlines() if line.strip()][1:4]
    assert mark == ["Приложение № 1", "к приказу МБОУ «СОШ № 7»", "от 05.09.2025 № 45-о"]
    assert "Список наставнических пар" in first
    assert "Форма «ученик – ученик»" in first
    found: list[str] = []
    for page in pages:
        text = page_text(order, page)
        assert len(re.findall(r"Наставник\s+Наставляемый\s+Запрос", text)) == 1, page
        found += re.findall(r"П-\d{3}", text)
    assert found == [pair_code(n) for n in range(1, PAIRS + 1)]


def test_only_embedded_liberation_fonts(order: Path, pair_list: Path) -> None:
    need("pdffonts")
    for pdf in (order, pair_list):
        rows = run("pdffonts", pdf).splitlines()[2:]
        assert rows, "the PDF names no fonts"
        assert "Helvetica" not in "\n".join(rows)
        for row in rows:
            name, *_ = row.split()
            assert re.fullmatch(r"[A-Z]{6}\+Liberation(Serif|Sans)(-\w+)?", name), row
            assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row
            embedded = row.split()[-5]
            assert embedded == "yes", row


def page_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of every word on `page`, y from the top."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-")
    return [(float(x0), float(y0), float(x1), float(y1), word) for x0, y0, x1, y1, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', html)]


def text_boxes(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word in the PDF."""
    html = run("pdftotext", "-bbox", pdf, "-")
    return [(float(x0), float(x1), word) for x0, x1, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                       r'yMax="[\d.]+">([^<]*)</word>', html)]


def test_text_stays_within_the_margins(order: Path) -> None:
    need("pdftotext")
    boxes = text_boxes(order)
    assert len(boxes) > 1000
    leftmost = min(boxes)
    assert leftmost[0] >= LEFT_MARGIN_PT - 0.1, leftmost
    assert leftmost[0] < LEFT_MARGIN_PT + 1, "some text starts right at the left margin"
    rightmost = max(boxes, key=lambda box: box[1])
    assert rightmost[1] <= RIGHT_EDGE_PT + 0.5, rightmost


def test_landscape_appendix_turns_only_its_pages(tmp_path: Path) -> None:
    need("pdfinfo", "pdftotext")
    pdf = build_order(tmp_path / "order.pdf", landscape_appendix=True)
    pages = appendix_pages(pdf)
    assert pdf_info(pdf, 1)["Page size"] == A4_PORTRAIT
    width, height = 297 * mm, 210 * mm
    for page in pages:
        assert pdf_info(pdf, page)["Page size"] == A4_LANDSCAPE
        words = page_boxes(pdf, page)
        # the number stands where a portrait page's does once bound: in the right margin
        # (the portrait's top), halfway down — not in the binding strip on top
        number = [w for w in words if w[4] == str(page) and w[0] > width - 20 * mm]
        assert len(number) == 1, words[:5]
        assert abs((number[0][1] + number[0][3]) / 2 - (height + 10 * mm) / 2) < 5 * mm
        text = [w for w in words if w not in number]
        assert min(w[1] for w in text) >= 30 * mm - 0.5, "text in the binding strip"
        assert max(w[3] for w in text) <= height - 20 * mm + 0.5, "a foot under 20 mm"
        assert max(w[2] for w in text) <= width - 20 * mm + 0.5


def test_build_twice_and_to_bytes_give_the_same_document(tmp_path: Path) -> None:
    need("pdftotext")
    doc = OfficialDocument(requisites())
    doc.add_paragraph("Единственный абзац.")
    doc.add_signature()
    data = doc.build_to_bytes()
    assert data.startswith(b"%PDF-")
    first = doc.build(tmp_path / "a.pdf")
    second = doc.build(tmp_path / "a.pdf")
    assert first == second
    assert "Единственный абзац." in page_text(second, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


# -- the list --------------------------------------------------------------------------------


def test_list_is_numbered_from_page_two_at_the_top_centre(pair_list: Path) -> None:
    need("pdfinfo", "pdftotext", "qpdf")
    run("qpdf", "--check", pair_list)
    info = pdf_info(pair_list)
    assert info["Page size"] == A4_LANDSCAPE
    assert info["Title"] == "Список наставнических пар"
    total = page_count(pair_list)
    assert total >= 2
    found: list[str] = []
    for page in range(1, total + 1):
        text = page_text(pair_list, page)
        assert "Стр." not in text
        if page > 1:  # ГОСТ Р 7.0.97: from page 2, at the top centre; a loose page is named
            number = next(w for w in page_boxes(pair_list, page) if w[4] == str(page))
            assert abs((number[0] + number[2]) / 2 - (30 + (297 - 50) / 2) * mm) < 2 * mm
            assert number[3] < 20 * mm
            last = [line for line in text.splitlines() if line.strip()][-1]
            assert last.strip() == "Список наставнических пар"
        assert len(re.findall(r"Наставник\s+Должность /", text)) == 1
        found += re.findall(r"П-\d{3}", text)
    assert found == [pair_code(n) for n in range(1, PAIRS + 1)]
    first = page_text(pair_list, 1)
    assert first_line(first).startswith("Муниципальное бюджетное")
    margins = [w for w in page_boxes(pair_list, 1) if not 20 * mm <= w[1] <= 190 * mm]
    assert margins == [], "the first page bears no number and no caption"
    assert "по состоянию на 20.09.2025" in first
    assert "01.10.2025" in first


def test_appendices_are_numbered_when_there_are_several(tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    doc = OfficialDocument(requisites())
    doc.add_paragraph("Утвердить прилагаемые документы.")
    doc.add_signature()
    doc.add_appendix("Положение о программе наставничества")
    doc.add_heading("1. Общие положения")
    doc.add_bullets(["первое;", "второе."])
    doc.add_appendix("Дорожная карта")
    doc.add_table(["№", "Мероприятие"], [(1, "Подготовка условий")])
    pdf = doc.build(tmp_path / "order.pdf")
    assert page_count(pdf) == 3
    second, third = page_text(pdf, 2), page_text(pdf, 3)
    assert "Приложение № 1" in second and "Положение о программе наставничества" in second
    assert "– первое;" in second
    assert "Приложение № 2" in third and "Дорожная карта" in third


def test_signature_name_is_level_with_the_last_line_of_a_long_position(tmp_path: Path) -> None:
    need("pdftotext")
    doc = OfficialDocument(requisites())
    doc.add_paragraph("Текст.")
    doc.add_signature(Signer.from_full_name(
        "Исполняющий обязанности директора МБОУ «СОШ № 7», заместитель директора по учебной "
        "работе", "Петрова Анна Сергеевна"))
    lines = page_text(doc.build(tmp_path / "a.pdf"), 1).splitlines()
    at = next(i for i, line in enumerate(lines) if "А. С. Петрова" in line)
    assert re.search(r"работе\s{10,}А\. С\. Петрова$", lines[at].strip()), lines[at]
    assert any("Исполняющий обязанности" in line for line in lines[at - 4:at])


def test_list_with_a_signature_of_the_curator(tmp_path: Path) -> None:
    need("pdftotext")
    doc = ListDocument("База наставников", SCHOOL, layout=PageLayout(), as_of=dt.date(2025, 9, 1))
    doc.add_table(["№", "ФИО"], [(1, "Иванов Иван Иванович")])
    doc.add_signature(Signer("Куратор", "Петрова", "Анна", "Сергеевна"))
    text = page_text(doc.build(tmp_path / "base.pdf"), 1)
    assert re.search(r"Куратор\s{10,}А\. С\. Петрова", text)
    assert "Стр." not in text and text.split()[-1] == "Петрова", "one page bears no number"
