"""The stage 1 and 5 paper as a school secretary files it (issue 14, item 6): the acquaintance
sheet of those an order charges, the school's full name declined when it has no short name,
the founder line and the place of compilation, the Положение referenced, appendices numbered
against their points, the curator as «должность Фамилия И. О.», the approval stamps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.models import IssuedDocument, Programme, School
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.stage1 import (
    Approval,
    RoadmapRow,
    launch_order,
    roadmap_document,
)
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.services.orders import place_of_compilation
from nastavnik_desktop.services.paper_data import pair_list_rows
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from tests.helpers.pdf import flat_text, need, run

DAY = dt.date(2026, 11, 23)
FOUNDER = "Управление образования администрации Приреченского муниципального округа"
SETTLEMENT = "г. Приреченск"
DECLINED = "Муниципального бюджетного общеобразовательного учреждения"


def squeeze(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pages_of(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    return [squeeze(run("pdftotext", "-f", str(n), "-l", str(n), pdf, "-"))
            for n in range(1, count + 1)]


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path]
          ) -> Iterator[tuple[Database, ProgrammeInfo, dict[str, Path]]]:
    """A demo school without a short name, with a founder and a settlement; the launch order,
    the pairs order, the roadmap, the passport and the pair list issued on DAY."""
    need("pdftotext", "pdfinfo")
    folder = tmp_path_factory.mktemp("orders")
    db = open_database(build_demo(folder / "demo.sqlite", seed=11, pupils=200, teachers=30),
                       backup_dir=folder / "backups")
    programme = current_programme(db)
    assert programme is not None
    with db.transaction() as session:
        school = session.scalars(select(School)).one()
        school.short_name, school.founder, school.settlement = "", FOUNDER, SETTLEMENT
    out = {}
    for kind, number in (("order_launch", "130-о"), ("order_pairs", "131-о"),
                         ("roadmap", None), ("passport", None), ("pairs", None)):
        out[kind] = folder / f"{kind}.pdf"
        issue_document(db, programme.id, kind, out[kind], number=number, issued_on=DAY)
    yield db, programme, out
    db.close()


def test_the_launch_order_names_the_school_in_its_cases_under_the_founder_line(paper) -> None:
    _db, _programme, out = paper
    first = pages_of(out["order_launch"])[0]
    assert first.startswith(f"{FOUNDER} Муниципальное бюджетное общеобразовательное учреждение")
    assert f"№ 130-о {SETTLEMENT}" in first  # the place under the date and number
    text = flat_text(out["order_launch"])
    assert "Внедрить в Муниципальном бюджетном общеобразовательном учреждении «" in text
    assert "в Муниципальное" not in text
    assert "Концепцией развития наставничества в Российской Федерации на период до 2030 " \
           "года, утверждённой распоряжением Правительства Российской Федерации от " \
           "21.05.2025 № 1264-р" in text and "№ Р-145" in text


def test_the_launch_order_appoints_the_curator_by_position_and_initials(paper) -> None:
    db, programme, out = paper
    with db.reading() as session:
        curator = session.get(Programme, programme.id).curator  # type: ignore[union-attr]
        initials = short_name("", curator.first_name, curator.middle_name)
        position, last_name = curator.position, curator.last_name
    text = flat_text(out["order_launch"])
    point = re.search(r"2\. Назначить куратором внедрения целевой модели наставничества "
                      r"(.+?) 3\. ", text)
    assert point is not None
    appointed = point.group(1)
    assert appointed.endswith(f" {initials}"), appointed  # «… Яковлева А. А.», one full stop
    assert "(" not in appointed and position not in appointed  # no «(учитель …)» after
    assert re.search(rf"Куратору {last_name[:3]}\S* {re.escape(initials)} обеспечить", text)


def test_the_points_and_the_appendix_marks_can_be_checked_against_each_other(paper) -> None:
    db, programme, out = paper
    with db.reading() as session:
        regulation = session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme.id,
            IssuedDocument.kind == "regulation")).one()
        reference = f"от {regulation.issued_on:%d.%m.%Y} № {regulation.number}"
    launch = flat_text(out["order_launch"])
    assert "согласно приложению № 1 к настоящему приказу" in launch
    assert "Приложение № 1 к приказу от 23.11.2026 № 130-о" in launch
    assert (f"Положением о программе наставничества {DECLINED} «"
            in launch)
    assert f"утверждённым приказом {reference}" in launch
    pairs = flat_text(out["order_pairs"])
    assert "Закрепить наставнические пары/группы на" in pairs
    assert "согласно приложению № 1 к настоящему приказу" in pairs
    assert "Приложение № 1 к приказу от 23.11.2026 № 131-о" in pairs
    assert f"Список наставнических пар и групп {DECLINED} «" in pairs


def test_the_launch_order_ends_with_the_acquaintance_sheet_of_the_curator_and_team(
        paper) -> None:
    db, programme, out = paper
    with db.reading() as session:
        found = session.get(Programme, programme.id)
        assert found is not None and found.curator is not None
        people = [found.curator.full_name, *(m.person.full_name for m in found.team)]
    last = pages_of(out["order_launch"])[-1]
    assert last.startswith("ЛИСТ ОЗНАКОМЛЕНИЯ с приказом от 23.11.2026 № 130-о") or \
        "ЛИСТ ОЗНАКОМЛЕНИЯ с приказом от 23.11.2026 № 130-о" in last
    assert "С приказом ознакомлены:" in last and "Подпись" in last and "Дата" in last
    for name in people:
        assert squeeze(name) in last, name


def test_the_pairs_order_ends_with_the_acquaintance_sheet_of_every_mentor(paper) -> None:
    db, programme, out = paper
    with db.reading() as session:
        mentors = {row.mentor for row in pair_list_rows(session, programme.id)}
        curator = session.get(Programme, programme.id).curator.full_name  # type: ignore[union-attr]
    pages = pages_of(out["order_pairs"])
    start = next(i for i, page in enumerate(pages) if "ЛИСТ ОЗНАКОМЛЕНИЯ" in page)
    sheet = " ".join(pages[start:])
    assert "с приказом от 23.11.2026 № 131-о «О закреплении наставнических пар/групп»" in sheet
    for name in {curator, *mentors}:
        assert sheet.count(squeeze(name)) == 1, name  # each once
    listed = re.findall(r"(\d+) [А-ЯЁ]", sheet)
    assert len(mentors | {curator}) == max(int(n) for n in listed)


def test_the_roadmap_and_passport_carry_the_stamp_of_the_launch_order(paper) -> None:
    _db, _programme, out = paper
    roadmap = pages_of(out["roadmap"])[0]
    assert roadmap.startswith("УТВЕРЖДЕНА приказом от 23.11.2026 № 130-о")
    assert "по состоянию на 23.11.2026" in roadmap
    assert "Дорожная карта внедрения целевой модели наставничества в Муниципальном " \
           "бюджетном общеобразовательном учреждении «" in roadmap
    passport = pages_of(out["passport"])[0]
    assert passport.startswith("УТВЕРЖДЁН приказом от 23.11.2026 № 130-о")
    # the passport lists the launch order in force once, not each one printed
    documents = flat_text(out["passport"]).split("Нормативные документы", 1)[1]
    assert documents.count("Приказ о внедрении целевой модели наставничества") == 1
    assert "от 23.11.2026 № 130-о" in documents
    pair_list = pages_of(out["pairs"])[0]
    assert f"Список наставнических пар и групп {DECLINED} «" in pair_list


ORG = Organisation("Фыва учреждение «Школа»")
ROWS = [RoadmapRow(1, 1, "Подготовка", "Издание приказа", dt.date(2026, 9, 5), "директор",
                   "Приказ")]


def test_without_an_order_there_is_no_stamp_and_an_undeclinable_name_keeps_its_nominative(
        tmp_path: Path) -> None:
    need("pdftotext")
    text = flat_text(roadmap_document(ORG, "2026/2027", ROWS, as_of=DAY)
                     .build(tmp_path / "roadmap.pdf"))
    assert "УТВЕРЖДЕНА" not in text
    assert "в образовательной организации — Фыва учреждение «Школа» на 2026/2027" in text
    stamped = flat_text(roadmap_document(
        Organisation("Лицей", short_name="МАОУ «Лицей»"), "2026/2027", ROWS, as_of=DAY,
        approved=Approval(dt.date(2026, 9, 1), "7-о")).build(tmp_path / "stamped.pdf"))
    assert stamped.startswith("УТВЕРЖДЕНА приказом МАОУ «Лицей» от 01.09.2026 № 7-о")


def test_a_launch_order_without_the_regulation_charges_the_curator_to_draft_it(
        tmp_path: Path) -> None:
    need("pdftotext")
    requisites = Requisites(organisation=Organisation("Лицей № 2"), date=DAY, number="5",
                            title="О внедрении", signer=Signer("Директор", "Иванов", "Иван"))
    doc = launch_order(requisites, school_year="2026/2027",
                       curator_appointee="учителя Петрову А. С.",
                       curator_dative="Петровой А. С.", roadmap=ROWS, regulation=None,
                       regulation_due=dt.date(2026, 12, 23), acquainted=["Петрова Анна"])
    text = flat_text(doc.build(tmp_path / "order.pdf"))
    assert "Утвердить Положение" not in text
    assert "Куратору Петровой А. С. в срок до 23.12.2026 разработать и представить на " \
           "утверждение проект Положения о программе наставничества Лицея № 2." in text
    assert "Внедрить в Лицее № 2 целевую модель" in text
    assert "Назначить куратором внедрения целевой модели наставничества учителя Петрову " \
           "А. С. 3." in text


def test_a_document_dated_before_the_regulation_or_the_order_does_not_cite_them(
        paper, tmp_path: Path) -> None:
    db, programme, _out = paper
    with db.reading() as session:
        dates = {d.kind: d.issued_on for d in session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme.id))}
    early = min(dates["regulation"], dates["order_launch"]) - dt.timedelta(days=3)
    order = issue_document(db, programme.id, "order_launch", tmp_path / "early.pdf",
                           number="99-о", issued_on=early)
    text = flat_text(Path(order.file_path))
    assert "утверждённым приказом" not in text
    assert "разработать и представить на утверждение проект Положения" in text
    roadmap = issue_document(db, programme.id, "roadmap", tmp_path / "roadmap.pdf",
                             issued_on=early - dt.timedelta(days=1))
    assert "УТВЕРЖДЕНА" not in flat_text(Path(roadmap.file_path))


@pytest.mark.parametrize(("settlement", "municipality", "place"), [
    ("г. Приреченск", "Приреченский муниципальный округ", "г. Приреченск"),
    ("", "Приреченский муниципальный округ", ""),  # a district is no place of compilation
    ("", "г. Тверь", "г. Тверь"),  # recorded before there was a settlement field
    ("", "пгт. Редкино", "пгт. Редкино"),
])
def test_the_place_of_compilation_is_the_settlement(settlement: str, municipality: str,
                                                     place: str) -> None:
    assert place_of_compilation(settlement, municipality) == place
