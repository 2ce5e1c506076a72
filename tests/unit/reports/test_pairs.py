"""The pair list and the order fixing the pairs: text, layout, fonts, validity."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from nastavnik_desktop.reports.pairs import (
    PairListRow,
    pair_list_document,
    pair_table_rows,
    pairs_order,
)
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.tables import GroupRow
from tests.helpers.pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    need,
    page_count,
    page_text,
    pdf_info,
    run,
)

SCHOOL = ("Муниципальное бюджетное общеобразовательное учреждение «Средняя "
          "общеобразовательная школа № 7»")
ORG = Organisation(SCHOOL, "МБОУ «СОШ № 7»")
FORMS = ("ученик – ученик", "учитель – учитель", "работодатель – ученик")


def rows(count: int = 45) -> list[PairListRow]:
    out = []
    for n in range(1, count + 1):
        mentees = [(f"Учеников Пётр Ильич {n}", "7Б")]
        if n % 10 == 0:
            mentees += [(f"Ёлкина Дарья Сергеевна {n}", "6А"), (f"Щукин Юрий {n}", "6В")]
        out.append(PairListRow(form=FORMS[n % 3], mentor=f"Наставникова А. С. {n}",
                               mentor_place="учитель математики" if n % 3 else "11А",
                               mentees=mentees, role_model="успевающий – неуспевающий",
                               formed_on=dt.date(2025, 10, 1),
                               title=f"Группа № {n // 10}" if n % 10 == 0 else ""))
    return out


@pytest.fixture(scope="module")
def pair_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = pair_list_document(ORG, "2025/2026", rows(), as_of=dt.date(2025, 10, 2))
    return doc.build(tmp_path_factory.mktemp("pairs") / "pairs.pdf")


@pytest.fixture(scope="module")
def order(tmp_path_factory: pytest.TempPathFactory) -> Path:
    requisites = Requisites(organisation=ORG, date=dt.date(2025, 10, 2), number="61-о",
                            place="г. Тверь", title="О закреплении наставнических пар/групп",
                            signer=Signer("Директор", "Иванов", "Иван", "Иванович"))
    doc = pairs_order(requisites, school_year="2025/2026", curator_dative="Петровой А. С.",
                      plans_due=dt.date(2025, 10, 31), rows=rows())
    return doc.build(tmp_path_factory.mktemp("order") / "order.pdf")


def all_text(pdf: Path) -> str:
    return "\n".join(page_text(pdf, p) for p in range(1, page_count(pdf) + 1))


def test_rows_are_grouped_by_form_and_numbered_through() -> None:
    table = pair_table_rows(rows(6))
    groups = [r.text for r in table if isinstance(r, GroupRow)]
    assert groups == [f"Форма наставничества «{form}»" for form in sorted(FORMS)]
    numbers = [r[0] for r in table if not isinstance(r, GroupRow)]
    assert numbers == list(range(1, 7))


def test_the_pair_list_has_every_pair_and_group(pair_list: Path) -> None:
    need("pdftotext", "pdfinfo", "qpdf")
    text = all_text(pair_list)
    assert "Список наставнических пар и групп МБОУ «СОШ № 7» на 2025/2026" in text
    assert "Пар: 41, групп: 4, наставляемых: 53" in text
    for n in range(1, 46):
        assert f"Наставникова А. С. {n}" in text
    assert "Ёлкина Дарья Сергеевна 40" in text and "Группа № 4" in text
    assert all(f"Форма наставничества «{form}»" in text for form in FORMS)
    assert pdf_info(pair_list, 1)["Page size"] == A4_LANDSCAPE
    assert page_count(pair_list) >= 2
    assert "Наставник" in page_text(pair_list, 2)  # the header row repeats
    run("qpdf", "--check", pair_list)


def test_the_order_fixes_the_pairs_with_the_list_appended(order: Path) -> None:
    need("pdftotext", "pdfinfo", "qpdf", "pdffonts")
    first = page_text(order, 1)
    assert "ПРИКАЗ" in first and "О закреплении наставнических пар/групп" in first
    text = all_text(order)
    assert "Закрепить наставнические пары/группы на 2025/2026 учебный год" in text
    assert "в срок до 31.10.2025" in text and "Куратору Петровой А. С." in text
    assert "Приложение" in text and "Наставникова А. С. 45" in text
    assert pdf_info(order, 1)["Page size"] == A4_PORTRAIT
    assert pdf_info(order, page_count(order))["Page size"] == A4_LANDSCAPE
    fonts = run("pdffonts", order).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    run("qpdf", "--check", order)


@pytest.mark.parametrize("regulation", [None, "от 01.09.2025 № 113-о"])
def test_the_order_cites_the_regulation_only_when_it_was_issued(
        tmp_path: Path, regulation: str | None) -> None:
    need("pdftotext")
    requisites = Requisites(organisation=ORG, date=dt.date(2025, 10, 2), number="61-о",
                            place="г. Тверь", title="О закреплении наставнических пар/групп",
                            signer=Signer("Директор", "Иванов", "Иван", "Иванович"))
    doc = pairs_order(requisites, school_year="2025/2026", curator_dative="Петровой А. С.",
                      plans_due=None, rows=rows(3), regulation=regulation)
    text = " ".join(page_text(doc.build(tmp_path / "order.pdf"), 1).split())
    assert "по итогам формирования наставнических пар/групп" in text
    assert ("Положения о программе наставничества" in text) is (regulation is not None)
    if regulation:
        assert "утверждённого приказом от 01.09.2025 № 113-о" in text


def test_a_class_wide_group_longer_than_a_page_goes_on_in_rows_below_its_own(
        tmp_path: Path) -> None:
    need("pdftotext")
    whole_class = [(f"Ученикова Мария Петровна {n}", "5А") for n in range(1, 41)]
    group = PairListRow(form=FORMS[0], mentor="Старшеклассников И. И.", mentor_place="10А",
                        mentees=whole_class, role_model="адаптированный – неадаптированный",
                        formed_on=dt.date(2025, 10, 1), title="Группа 5А класса")
    doc = pair_list_document(ORG, "2025/2026", [*rows(3), group], as_of=dt.date(2025, 10, 2))
    pdf = doc.build(tmp_path / "class.pdf")
    text = " ".join(all_text(pdf).split())
    assert page_count(pdf) >= 2
    # in a run, the class said once in the group's title; eight to a row, so that the group
    # goes on over a page break
    assert all(re.search(rf"Ученикова Мария Петровна {n}\b", text) for n in range(1, 41))
    assert "(5А)" not in text.split("Группа 5А класса")[1]
    table = pair_table_rows([group])
    assert [row[0] for row in table[1:]] == [1, "", "", "", ""]  # 8 + 8 + 8 + 8 + 8 mentees
    assert str(table[1][3]).startswith("Группа 5А класса:\nУченикова Мария Петровна 1, ")
    assert str(table[5][3]).startswith("Ученикова Мария Петровна 33, ")
    assert str(table[5][3]).endswith("Петровна 40")
