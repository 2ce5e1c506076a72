"""The school and its programmes: creation, school years, the overview figures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import StageStatus
from nastavnik_desktop.data.models import AuditEntry, Programme, StageProgress
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import programme as service


@pytest.mark.parametrize(("day", "year"), [
    (dt.date(2025, 9, 1), "2025/2026"), (dt.date(2026, 5, 31), "2025/2026"),
    (dt.date(2026, 8, 31), "2025/2026"), (dt.date(2026, 11, 23), "2026/2027"),
])
def test_school_year_follows_september(day: dt.date, year: str) -> None:
    assert service.school_year_for(day) == year


def test_school_year_is_normalised_or_refused_with_what_was_typed() -> None:
    assert service.validate_school_year(" 2025-2026 ") == "2025/2026"
    with pytest.raises(ValidationError, match="«2025-2027» записан неверно"):
        service.validate_school_year("2025-2027")


def test_creating_a_programme_records_school_stages_and_audit(db: Database, programme) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        saved = session.scalars(select(Programme)).one()
        assert saved.school.director_name == "Петрова Анна Сергеевна"
        assert (saved.starts_on, saved.ends_on) == (dt.date(2025, 9, 1), dt.date(2026, 5, 31))
        stages = session.scalars(select(StageProgress).order_by(StageProgress.stage)).all()
        assert [s.stage for s in stages] == list(range(1, 8))
        assert all(s.status is StageStatus.NOT_STARTED for s in stages)
        assert session.scalars(select(AuditEntry.entity)).all() == ["programme"]
    assert service.current_programme(db) == programme


def test_the_same_school_year_twice_is_refused(db: Database, programme) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="уже есть"):
        service.create_school_and_programme(db, school_full_name="Школа",
                                            school_year="2025/2026")
    with db.reading() as session:
        assert len(session.scalars(select(Programme)).all()) == 1


def test_the_founder_and_settlement_are_recorded_and_kept_when_not_given(db: Database) -> None:
    service.create_school_and_programme(
        db, school_full_name="Лицей № 2", school_year="2025/2026",
        founder=" Управление  образования города Твери ", settlement="г. Тверь")
    service.create_school_and_programme(db, school_full_name="Лицей № 2",
                                        school_year="2026/2027")
    with db.reading() as session:
        school = session.scalars(select(Programme)).first().school  # type: ignore[union-attr]
        assert (school.founder, school.settlement) == ("Управление образования города Твери",
                                                       "г. Тверь")


def test_empty_school_name_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError, match="наименование"):
        service.create_school_and_programme(db, school_full_name="  ", school_year="2025/2026")
    assert service.current_programme(db) is None


@pytest.mark.parametrize(("full", "short"), [
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
     "школа № 7»", "МБОУ «СОШ № 7»"),
    ("Муниципальное автономное общеобразовательное учреждение «Гимназия № 3»",
     "МАОУ «Гимназия № 3»"),
    ('Государственное бюджетное общеобразовательное учреждение "Основная '
     'общеобразовательная школа"', "ГБОУ «ООШ»"),
    ("Школа без кавычек", ""),
])
def test_the_short_name_is_suggested_as_charters_abbreviate_it(full: str, short: str) -> None:
    from nastavnik_desktop.services.programme import suggested_short_name

    assert suggested_short_name(full) == short
