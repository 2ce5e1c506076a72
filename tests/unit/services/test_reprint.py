"""Printing a registered document again, the register's view of its files, the passport's
normative documents once each, and the awards order with its appendix."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination, MentorStatus
from nastavnik_desktop.data.models import Certificate, IssuedDocument, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.awards.register import (
    AwardRequest,
    annul,
    issue_awards,
    list_awards,
)
from nastavnik_desktop.services.documents import (
    issue_document,
    list_issued_documents,
    reprint_document,
)
from nastavnik_desktop.services.legal_documents import normative_documents
from nastavnik_desktop.services.people import mentors
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from tests.helpers.pdf import flat_text, need, run
from tests.helpers.stage1 import Staff, wizard_data

AWARDS_DAY = dt.date(2026, 5, 25)


@pytest.fixture
def ready(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    return complete_stage1(db, wizard_data(staff, tmp_path))


@pytest.fixture
def awarded(db: Database, ready: ProgrammeInfo, staff: Staff) -> list[int]:
    """Three awards; the third annulled. The three are mentors of the programme (what the
    register asks of those awards); the deputy mentors from his other job."""
    with db.transaction() as session:
        for person_id in (staff.psychologist, staff.deputy, staff.curator):
            mentors.add_mentor(session, programme_id=ready.id, person_id=person_id,
                               entered_on=AWARDS_DAY, status=MentorStatus.ADMITTED)
        deputy = session.get(Person, staff.deputy)
        assert deputy is not None
        deputy.organisation = "ООО «Тверьэнерго»"
    ids = issue_awards(db, ready.id, [
        AwardRequest(staff.psychologist, AwardNomination.BEST_MENTOR),
        AwardRequest(staff.deputy, AwardNomination.THANKS_MENTOR),
        AwardRequest(staff.curator, AwardNomination.PARTICIPANT)], issued_on=AWARDS_DAY)
    annul(db, ids[2:], reason="ошибка в фамилии", on=AWARDS_DAY)
    return ids


def squeeze(text: str) -> str:
    return " ".join(text.split())


def registered(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(IssuedDocument)) or 0)


def test_a_reprint_keeps_number_date_and_entry_and_rewrites_the_same_file(
        db: Database, ready: ProgrammeInfo, awarded: list[int], tmp_path: Path) -> None:
    need("pdftotext")
    first = issue_document(db, ready.id, "order_awards", tmp_path / "приказ.pdf",
                           issued_on=AWARDS_DAY)
    rows = registered(db)
    os.utime(first.file_path, (0, 0))
    again = reprint_document(db, first.id, out_path=None)
    assert (again.id, again.number, again.issued_on, again.file_path) == (
        first.id, first.number, AWARDS_DAY, first.file_path)
    assert registered(db) == rows
    assert Path(first.file_path).stat().st_mtime > 0  # written again
    assert f"№ {first.number}" in flat_text(Path(again.file_path))


def test_a_reprint_of_a_lost_file_goes_to_a_new_file_stored_on_the_entry(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    passport = issue_document(db, ready.id, "passport", tmp_path / "паспорт.pdf",
                              issued_on=dt.date(2025, 9, 5))
    moved = tmp_path / "унесли.pdf"
    Path(passport.file_path).rename(moved)
    shown = {d.id: d for d in list_issued_documents(db, ready.id)}
    assert shown[passport.id].file_exists is False  # the register shows it missing
    again = reprint_document(db, passport.id)
    assert again.id == passport.id and again.issued_on == dt.date(2025, 9, 5)
    assert again.file_path != passport.file_path and Path(again.file_path).is_absolute()
    assert Path(again.file_path).is_file() and again.file_exists
    assert {d.id: d for d in list_issued_documents(db, ready.id)}[passport.id] == again


def test_a_signed_scan_is_never_written_over_and_a_scan_only_document_is_refused(
        db: Database, ready: ProgrammeInfo) -> None:
    documents = {d.kind: d for d in list_issued_documents(db, ready.id)}
    scan = Path(documents["order_launch"].file_path)
    content = scan.read_bytes()
    printed = reprint_document(db, documents["order_launch"].id)
    assert scan.read_bytes() == content and printed.number == "12-о"
    assert printed.id != documents["order_launch"].id and printed.file_path != str(scan)
    again = reprint_document(db, printed.id)  # the printed form: the same entry from now on
    assert (again.id, again.file_path) == (printed.id, printed.file_path)
    with pytest.raises(ValidationError, match="программа не формирует"):
        reprint_document(db, documents["regulation"].id)


def test_the_passport_lists_each_normative_document_once(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    need("pdftotext")
    issue_document(db, ready.id, "order_launch", tmp_path / "1.pdf")
    issue_document(db, ready.id, "order_launch", tmp_path / "2.pdf", number="20-о",
                   issued_on=dt.date(2025, 9, 10))
    with db.reading() as session:
        kinds = [d.kind for d in normative_documents(session, ready.id)]
    assert kinds == ["order_launch", "regulation"]
    passport = issue_document(db, ready.id, "passport", tmp_path / "p.pdf")
    text = squeeze(flat_text(Path(passport.file_path)))
    assert text.count("Приказ о внедрении целевой модели наставничества") == 1
    assert "от 10.09.2025 № 20-о" in text


def test_the_awards_order_lists_exactly_the_awarded_and_grounds_their_awards(
        db: Database, ready: ProgrammeInfo, awarded: list[int], tmp_path: Path) -> None:
    need("pdftotext", "qpdf")
    order = issue_document(db, ready.id, "order_awards", tmp_path / "награждение.pdf",
                           issued_on=AWARDS_DAY)
    assert order.number == "1-о"  # the first order of 2026
    pdf = Path(order.file_path)
    run("qpdf", "--check", pdf)
    text = squeeze(flat_text(pdf))
    for phrase in ("ПРИКАЗ", "О награждении участников программы наставничества",
                   "По итогам реализации программы наставничества в 2025/2026 учебном году",
                   "ПРИКАЗЫВАЮ", "согласно приложению № 1 к настоящему приказу",
                   "организовать торжественное вручение наград",
                   "Контроль за исполнением настоящего приказа оставляю за собой",
                   "Список награждённых участников программы наставничества",
                   "Грамота «Лучший наставник»", "Благодарственное письмо наставнику",
                   "ЛИСТ ОЗНАКОМЛЕНИЯ"):
        assert phrase in text, phrase
    awards = {a.id: a for a in list_awards(db, ready.id)}
    # (the curator, charged with handing the awards over, signs the acquaintance sheet after it)
    appendix = text[text.index("Список награждённых"):text.index("ЛИСТ ОЗНАКОМЛЕНИЯ")]
    for award_id in awarded[:2]:
        assert awards[award_id].registry_number in appendix
        assert squeeze(awards[award_id].person_name) in appendix
    annulled = awards[awarded[2]]
    assert annulled.registry_number not in text and annulled.person_name not in appendix
    with db.reading() as session:
        grounds = dict(session.execute(select(
            Certificate.id, Certificate.issued_document_id)).all())  # type: ignore[arg-type]
    assert grounds == {awarded[0]: order.id, awarded[1]: order.id, awarded[2]: None}


def test_an_awards_order_without_awards_is_refused_in_russian(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Наград пока нет"):
        issue_document(db, ready.id, "order_awards", tmp_path / "x.pdf", issued_on=AWARDS_DAY)
    assert not (tmp_path / "x.pdf").exists()
