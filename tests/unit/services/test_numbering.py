"""Numbers of the school's orders: the next free number of a series, a number used once in a
calendar year, the order of a kind printed again under its own number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import AwardNomination, MentorStatus
from nastavnik_desktop.data.models import IssuedDocument, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import numbering
from nastavnik_desktop.services.awards.register import AwardRequest, issue_awards
from nastavnik_desktop.services.documents import (
    issue_document,
    number_problem,
    proposed_number,
)
from nastavnik_desktop.services.legal_documents import LegalDocument, record_legal_document
from nastavnik_desktop.services.people import mentors
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from tests.helpers.stage1 import Staff, wizard_data

AUTUMN = dt.date(2025, 12, 20)  # the stage 1 orders 12-о and 13-о are of 01.09.2025
NEXT_YEAR = dt.date(2026, 5, 25)


@pytest.fixture
def ready(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    info = complete_stage1(db, wizard_data(staff, tmp_path))
    with db.transaction() as session:  # awarded as mentors of the programme, as the register asks
        for person_id in (staff.psychologist, staff.deputy):
            mentors.add_mentor(session, programme_id=info.id, person_id=person_id,
                               entered_on=AUTUMN, status=MentorStatus.ADMITTED)
        deputy = session.get(Person, staff.deputy)
        assert deputy is not None
        deputy.organisation = "ООО «Тверьэнерго»"
    issue_awards(db, info.id, [AwardRequest(staff.psychologist, AwardNomination.BEST_MENTOR),
                               AwardRequest(staff.deputy, AwardNomination.THANKS_MENTOR)],
                 issued_on=AUTUMN)
    return info


def add(db: Database, programme_id: int | None, kind: str, number: str, day: dt.date,
        title: str = "Приказ") -> int:
    with db.transaction() as session:
        row = IssuedDocument(programme_id=programme_id, kind=kind, number=number,
                             issued_on=day, title=title)
        session.add(row)
        session.flush()
        return row.id


def next_free(db: Database, day: dt.date, kind: str = "order_pairs") -> str:
    with db.reading() as session:
        return numbering.next_free_number(session, kind, day)


def rows_of(db: Database, kind: str) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(IssuedDocument).where(
            IssuedDocument.kind == kind)) or 0)


@pytest.mark.parametrize(("used", "expected"), [
    (["45-о", "7-о"], "46-о"),
    (["01-07/12", "01-07/9"], "01-07/13"),
    (["007", "003"], "008"),
    (["12"], "13"),
])
def test_the_next_free_number_follows_the_series(db: Database, used: list[str],
                                                 expected: str) -> None:
    for offset, number in enumerate(reversed(used)):
        add(db, None, "order_launch", number, dt.date(2027, 3, 1 + offset))
    assert next_free(db, dt.date(2027, 4, 1)) == expected


def test_the_highest_counter_of_the_year_wins_and_the_next_year_restarts_at_one(
        db: Database) -> None:
    assert next_free(db, AUTUMN) == "1"  # nothing numbered yet
    add(db, None, "order_launch", "112-о", dt.date(2025, 9, 1))
    add(db, None, "regulation", "113-о", dt.date(2025, 9, 2))
    add(db, None, "order_pairs", "5-о", dt.date(2024, 10, 1))  # another year: not counted
    assert next_free(db, AUTUMN) == "114-о"
    assert next_free(db, NEXT_YEAR) == "1-о"  # the suffix of the school's last order


def test_a_number_held_by_another_order_of_the_year_is_refused_naming_it(
        db: Database) -> None:
    add(db, None, "order_pairs", "45-о", dt.date(2025, 10, 1),
        title="Приказ «О закреплении наставнических пар/групп»")
    with db.reading() as session:
        for typed in ("45-о", "45-О", " 45-o "):  # the case and a Latin «o» do not matter
            with pytest.raises(ValidationError) as refused:
                numbering.check_free(session, typed, AUTUMN, kind="order_awards",
                                     programme_id=None)
            assert "уже присвоен документу «Приказ «О закреплении наставнических пар/групп»» " \
                   "от 01.10.2025" in str(refused.value)
            assert "например 46-о" in str(refused.value)
        numbering.check_free(session, "45-о", NEXT_YEAR, kind="order_awards", programme_id=None)


def test_stage1_documents_of_a_programme_may_share_the_launch_orders_number(
        db: Database, ready: ProgrammeInfo) -> None:
    with db.transaction() as session:  # the Положение approved by the launch order itself
        record_legal_document(session, ready.id, LegalDocument(
            "regulation", "12-о", dt.date(2025, 9, 1)), None)
    add(db, None, "order_pairs", "77-о", dt.date(2025, 9, 3), title="Приказ о зачислении")
    with pytest.raises(ValidationError, match="уже присвоен документу «Приказ о зачислении»"), \
            db.transaction() as session:
        record_legal_document(session, ready.id, LegalDocument(
            "programme", "77-о", dt.date(2025, 9, 1)), None)

def test_two_orders_never_share_a_number_in_a_year(db: Database, ready: ProgrammeInfo,
                                                   tmp_path: Path) -> None:
    launch = issue_document(db, ready.id, "order_launch", tmp_path / "l.pdf")
    assert launch.number == "12-о"  # the order recorded at stage 1, printed
    with db.reading() as session:
        assert set(session.scalars(select(IssuedDocument.number).where(
            IssuedDocument.kind == "order_launch"))) == {"12-о"}
    awards = issue_document(db, ready.id, "order_awards", tmp_path / "a.pdf",
                            issued_on=AUTUMN)
    assert awards.number == "14-о"  # 12-о and 13-о are taken in 2025
    again = issue_document(db, ready.id, "order_awards", tmp_path / "a2.pdf")
    assert (again.id, again.number, again.issued_on) == (awards.id, "14-о", AUTUMN)
    with pytest.raises(ValidationError, match="«Приказ о внедрении целевой модели"):
        issue_document(db, ready.id, "order_awards", tmp_path / "b.pdf", number="12-о",
                       issued_on=AUTUMN)
    assert not (tmp_path / "b.pdf").exists()
    assert rows_of(db, "order_awards") == 1
    fresh = issue_document(db, ready.id, "order_awards", tmp_path / "c.pdf", number="1-о",
                           issued_on=NEXT_YEAR)
    assert fresh.id != awards.id and rows_of(db, "order_awards") == 2


def test_the_dialog_is_offered_the_order_of_the_kind_or_the_next_free_number(
        db: Database, ready: ProgrammeInfo) -> None:
    assert proposed_number(db, ready.id, "order_launch", AUTUMN) == "12-о"
    assert proposed_number(db, ready.id, "order_awards", AUTUMN) == "14-о"
    assert proposed_number(db, ready.id, "order_awards", NEXT_YEAR) == "1-о"
    assert number_problem(db, ready.id, "order_awards", "14-о", AUTUMN) is None
    launched = dt.date(2025, 9, 1)
    assert number_problem(db, ready.id, "order_launch", "12-о", launched) is None  # itself
    moved = number_problem(db, ready.id, "order_launch", "12-о", AUTUMN) or ""
    assert "уже издан 01.09.2025" in moved and "например 14-о" in moved
    problem = number_problem(db, ready.id, "order_awards", "13-О", AUTUMN)
    assert problem and "«Положение о программе наставничества» от 01.09.2025" in problem
    assert "цифр" in (number_problem(db, ready.id, "order_awards", "б/н", AUTUMN) or "")


def test_the_cli_issues_an_order_without_a_number(db: Database, ready: ProgrammeInfo,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "награды.pdf"
    assert main(["report", "awards-order", "--db", str(db.path), "--out", str(out),
                 "--date", "20.12.2025"]) == 0
    with db.reading() as session:
        row = session.scalars(select(IssuedDocument).where(
            IssuedDocument.kind == "order_awards")).one()
        assert (row.number, row.file_path) == ("14-о", str(out.absolute()))


def test_every_order_of_the_demo_goes_without_a_number_on_the_cli(
        tmp_path: Path, build_demo: Callable[..., Path], demo_day: dt.date,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = build_demo(tmp_path / "demo.sqlite", seed=5, pupils=120, teachers=25)
    date = ["--date", f"{demo_day:%d.%m.%Y}"]
    for kind in ("order-launch", "order-pairs", "order-pairs"):
        assert main(["report", kind, "--db", str(path), "--out",
                     str(tmp_path / f"{kind}.pdf"), *date]) == 0, capsys.readouterr().err
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        with db.reading() as session:
            rows = session.execute(select(IssuedDocument.kind, IssuedDocument.number).where(
                IssuedDocument.kind.in_(numbering.ORDER_KINDS))).all()
            launch = next(n for k, n in rows if k == "order_launch")
            pairs = {n for k, n in rows if k == "order_pairs"}
    finally:
        db.close()
    assert len(pairs) == 1 and launch not in pairs  # printed twice: one order, one number
    taken = main(["report", "order-pairs", "--db", str(path), "--out",
                  str(tmp_path / "x.pdf"), "--number", launch, *date])
    assert taken != 0 and "уже присвоен документу" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


# --- the series set per kind in the settings (issue 16) ---

def set_series(db: Database, **series: tuple[str, str, int]) -> None:
    from nastavnik_desktop import settings

    with db.transaction() as session:
        settings.save(session, settings.ORDER_SERIES, {
            kind: {"prefix": p, "suffix": s, "width": w} for kind, (p, s, w) in series.items()})


def test_a_kind_with_its_own_series_is_numbered_in_it_and_the_others_keep_the_rule(
        db: Database, programme: ProgrammeInfo) -> None:
    add(db, programme.id, "order_launch", "45-о", dt.date(2025, 9, 1))
    set_series(db, order_pairs=("01-07/", "", 3))
    with db.reading() as session:
        assert numbering.series_for(session, "order_pairs", 2025) == numbering.Series(
            "01-07/", "", 3)
        # no series set for the awards: the pattern of the last numbered order, as before
        assert numbering.series_for(session, "order_awards", 2025) == numbering.Series(
            "", "-о", 0)
        assert numbering.next_free_number(session, "order_pairs", AUTUMN) == "01-07/001"
        assert numbering.next_free_number(session, "order_awards", AUTUMN) == "46-о"
    add(db, programme.id, "order_pairs", "01-07/001", AUTUMN)
    with db.reading() as session:
        assert numbering.next_free_number(session, "order_pairs", AUTUMN) == "01-07/002"
        # the launch kind is not set: it follows the last order of the kinds without a
        # series of their own, still «45-о»
        assert numbering.next_free_number(session, "order_launch", AUTUMN) == "46-о"


def test_an_order_issued_takes_the_number_of_its_kinds_series(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    set_series(db, order_awards=("", "-н", 0))
    info = issue_document(db, ready.id, "order_awards", tmp_path / "awards.pdf",
                          issued_on=AUTUMN)
    assert info.number == "1-н"


@pytest.mark.parametrize(("prefix", "suffix", "width", "said"), [
    ("", "-о2", 0, "окончании номера"),
    ("01-07", "", 0, "не должно кончаться цифрой"),
    ("№", "", 0, "без знака «№»"),
    ("", "", 9, "от 0 до 6"),
    ("x" * 21, "", 0, "не длиннее 20"),
])
def test_a_series_that_would_lose_its_counter_is_refused_naming_the_order(
        prefix: str, suffix: str, width: int, said: str) -> None:
    with pytest.raises(ValidationError) as refused:
        numbering.checked_series("order_pairs", prefix, suffix, width)
    assert said in refused.value.message
    assert "О закреплении наставнических пар" in refused.value.message


def test_a_series_as_typed_is_tidied() -> None:
    assert numbering.checked_series("order_launch", " 01-07/ ", " -о ", 2) == numbering.Series(
        "01-07/", "-о", 2)
