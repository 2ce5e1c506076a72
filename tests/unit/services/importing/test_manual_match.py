"""A person typed in by hand (the curator on stage 1) is completed by an import, not doubled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.importing import (
    Duplicates,
    ImportKind,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.people import persons
from tests.helpers.spreadsheets import write_csv

TODAY = dt.date(2025, 10, 1)
STAFF = [["ФИО", "Дата рождения", "Должность", "Телефон"],
         ["Смирнова Елена Павловна", "12.04.1980", "учитель", "+7 900 000-00-02"]]


def _typed_in(db: Database, birth_date: dt.date | None = None, position: str = "") -> int:
    with db.transaction() as session:
        row = persons.create_person(session, persons.NewPerson(
            "Смирнова", "Елена", "Павловна", category=PersonCategory.STAFF,
            birth_date=birth_date, position=position))
        session.flush()
        return row.id


def _people(db: Database) -> list[tuple[str, dt.date | None, str, str]]:
    with db.reading() as session:
        return [(p.last_name, p.birth_date, p.position, p.phone)
                for p in session.scalars(select(Person).order_by(Person.id))]


def test_staff_import_completes_the_curator_typed_without_birth_date(
        db: Database, tmp_path: Path) -> None:
    _typed_in(db, position="Учитель")
    preview = prepare_import(db, write_csv(tmp_path / "staff.csv", STAFF), ImportKind.STAFF,
                             today=TODAY)
    assert preview.manual_matches == 1 and preview.already_in_base == 0
    assert any("введённым вручную" in p.message for p in preview.warnings)
    result = commit_import(db, preview, today=TODAY)  # SKIP: a manual match is still filled
    assert (result.created, result.merged, result.skipped) == (0, 1, 0)
    assert "дополнены сведения о введённых вручную: 1" in result.summary
    assert _people(db) == [("Смирнова", dt.date(1980, 4, 12), "Учитель", "+7 900 000-00-02")]
    again = commit_import(db, prepare_import(db, tmp_path / "staff.csv", ImportKind.STAFF,
                                             today=TODAY), duplicates=Duplicates.UPDATE)
    assert (again.created, again.merged, again.updated) == (0, 0, 1)
    assert len(_people(db)) == 1


def test_a_different_birth_date_is_another_person(db: Database, tmp_path: Path) -> None:
    _typed_in(db, birth_date=dt.date(1975, 1, 1))
    preview = prepare_import(db, write_csv(tmp_path / "staff.csv", STAFF), ImportKind.STAFF,
                             today=TODAY)
    assert preview.manual_matches == 0
    result = commit_import(db, preview, today=TODAY)
    assert (result.created, result.merged) == (1, 0)
    assert len(_people(db)) == 2


def test_a_conflicting_field_is_not_merged(db: Database, tmp_path: Path) -> None:
    _typed_in(db, position="директор")
    result = commit_import(db, prepare_import(db, write_csv(tmp_path / "s.csv", STAFF),
                                              ImportKind.STAFF, today=TODAY), today=TODAY)
    assert (result.created, result.merged) == (1, 0)
    assert len(_people(db)) == 2
