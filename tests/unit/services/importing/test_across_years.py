"""People across school years: a pupil who was a mentee last year and is a mentor this year —
or has left school and mentors as an alumnus — is found by the import, not added again. The
lists a school keeps often have no birth dates; a year later the class is one grade up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from nastavnik_desktop.data.core_models import MenteeProfile, MentorProfile, Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.importing import (
    Duplicates,
    ImportKind,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.people import person_history
from nastavnik_desktop.services.programme import ProgrammeInfo, create_school_and_programme
from tests.helpers.spreadsheets import write_csv

LAST_YEAR, THIS_YEAR = dt.date(2025, 10, 1), dt.date(2026, 9, 20)
MENTEES = [["ФИО", "Класс", "Дата рождения"],
           ["Соколов Артём Игоревич", "9А", ""],           # no birth date in the list
           ["Лебедева Мария Олеговна", "11Б", ""],
           ["Орлов Денис Павлович", "8В", "03.02.2011"]]
MENTORS = [["ФИО", "Класс", "Категория", "Дата рождения", "Организация"],
           ["Соколов Артём Игоревич", "10А", "обучающийся", "", ""],   # one grade up
           ["Лебедева Мария Олеговна", "", "выпускник", "", "МГУ, 1 курс"],  # has left school
           ["Орлов Денис Павлович", "9В", "обучающийся", "03.02.2011", ""],
           ["Соколов Артём Игоревич", "", "выпускник", "", ""]]  # a namesake of an alumnus
MENTOR_ROWS = MENTORS[:4]


def _next_year(db: Database) -> ProgrammeInfo:
    """The programme of 2026/2027 beside last year's (the imports fill the latest one)."""
    return create_school_and_programme(
        db, school_full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 7»", school_year="2026/2027")


def _people(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _ids(db: Database, model: type[MenteeProfile] | type[MentorProfile],
         programme_id: int) -> dict[str, int]:
    with db.reading() as session:
        return {p.last_name: p.id for p in session.scalars(
            select(Person).join(model, model.person_id == Person.id)
            .where(model.programme_id == programme_id))}


def test_last_years_mentees_are_this_years_mentors_with_one_record_each(
        db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    commit_import(db, prepare_import(db, write_csv(tmp_path / "mentees.csv", MENTEES),
                                     ImportKind.MENTEES, today=LAST_YEAR), today=LAST_YEAR)
    mentees = _ids(db, MenteeProfile, programme.id)
    assert _people(db) == 3
    new = _next_year(db)

    preview = prepare_import(db, write_csv(tmp_path / "mentors.csv", MENTOR_ROWS),
                             ImportKind.MENTORS, today=THIS_YEAR)
    assert preview.already_in_base == 3
    result = commit_import(db, preview, duplicates=Duplicates.UPDATE, today=THIS_YEAR)

    assert (result.created, result.profiles_added) == (0, 3)
    assert _people(db) == 3
    assert _ids(db, MentorProfile, new.id) == mentees
    with db.reading() as session:
        sokolov = session.get(Person, mentees["Соколов"])
        lebedeva = session.get(Person, mentees["Лебедева"])
        assert sokolov is not None and lebedeva is not None
        assert sokolov.class_name == "10А"  # the list's class now
        assert (lebedeva.category, lebedeva.organisation) == (PersonCategory.ALUMNUS,
                                                             "МГУ, 1 курс")
    years = person_history(db, mentees["Лебедева"])
    assert [(y.school_year, [p.role for p in y.parts]) for y in years] == [
        (new.school_year, ["наставник"]), (programme.school_year, ["наставляемый"])]


def test_an_alumnus_is_not_taken_for_a_pupil_of_a_lower_grade(
        db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    """Only a pupil who could have left school (the 11th grade, or archived) is an alumnus
    of the list; a 9th-grader of the same name is somebody else."""
    commit_import(db, prepare_import(db, write_csv(tmp_path / "mentees.csv", MENTEES[:2]),
                                     ImportKind.MENTEES, today=LAST_YEAR), today=LAST_YEAR)
    _next_year(db)

    result = commit_import(db, prepare_import(
        db, write_csv(tmp_path / "mentors.csv", [MENTORS[0], MENTORS[4]]), ImportKind.MENTORS,
        today=THIS_YEAR), today=THIS_YEAR)

    assert result.created == 1
    assert _people(db) == 2
