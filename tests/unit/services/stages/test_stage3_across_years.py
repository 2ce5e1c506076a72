"""Stage 3 across school years: an external mentor typed in the wizard who is in the base
already — last year's 11th-grader mentoring now as an alumnus, an alumnus entered before — is
that person, not a second one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Contour, PersonCategory
from nastavnik_desktop.data.models import MentorProfile, Person
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage3
from nastavnik_desktop.services.stages.stage3 import MentorEntry, NewExternalPerson, Stage3Data

TODAY = dt.date(2025, 10, 15)


def _add(db: Database, **people: Person) -> dict[str, int]:
    with db.transaction() as session:
        session.add_all(people.values())
        session.flush()
        return {key: person.id for key, person in people.items()}


def _count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_typed_in_people_already_in_the_base_are_found_not_doubled(
        db: Database, programme: ProgrammeInfo) -> None:
    people = _add(
        db,
        leaver=Person(last_name="Лебедева", first_name="Мария", middle_name="Олеговна",
                      category=PersonCategory.PUPIL, class_name="11Б"),
        alumnus=Person(last_name="Титов", first_name="Максим", category=PersonCategory.ALUMNUS,
                       organisation="ТвГУ"),
        younger=Person(last_name="Соколов", first_name="Артём", category=PersonCategory.PUPIL,
                       class_name="9А"))
    form = stage3.stage3_start(db, programme.id).forms[0].id
    typed = (NewExternalPerson("Лебедева", "Мария", "Олеговна", organisation="МГУ, 1 курс",
                               phone="+7 900 111-22-33"),
             NewExternalPerson("титов", "максим", phone="+7 900 444-55-66"),
             NewExternalPerson("Соколов", "Артём"))  # a pupil of the 9th grade is not him
    data = Stage3Data(tuple(MentorEntry(p, form, Contour.EXTERNAL) for p in typed))

    stage3.complete_stage3(db, programme.id, data, today=TODAY)

    assert _count(db) == 4  # only the namesake of the 9th-grader is new
    with db.reading() as session:
        mentors = set(session.scalars(select(MentorProfile.person_id)))
        leaver = session.get(Person, people["leaver"])
        alumnus = session.get(Person, people["alumnus"])
        assert leaver is not None and alumnus is not None
        assert {people["leaver"], people["alumnus"]} <= mentors
        assert people["younger"] not in mentors
        assert (leaver.category, leaver.class_name, leaver.organisation, leaver.phone) == (
            PersonCategory.ALUMNUS, "", "МГУ, 1 курс", "+7 900 111-22-33")
        assert (alumnus.organisation, alumnus.phone) == ("ТвГУ", "+7 900 444-55-66")
