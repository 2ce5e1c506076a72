"""`persons.create_many`, the bulk writer the import uses: one executemany, the same ФИО rules
as `create_person`, the ids in the order given, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people import persons


def _count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_many_people_get_the_ids_in_order_after_those_already_there(db: Database) -> None:
    with db.transaction() as session:
        first = persons.create_person(session, persons.NewPerson("Орлова", "Анна"))
        ids = persons.create_many(session, [
            persons.NewPerson("ИВАНОВ", "иван", "петрович", birth_date=dt.date(2013, 2, 1),
                              class_name=" 5А ", sex=Sex.MALE),
            persons.NewPerson("Смирнoв\u200b", "Aнтон", category=PersonCategory.STAFF,
                              position="  учитель   физики ", email=" a@b.ru "),
        ])
        assert ids == [first.id + 1, first.id + 2]  # the one added before is numbered first
    with db.reading() as session:
        rows = {p.id: p for p in session.scalars(select(Person))}
        ivanov, smirnov = rows[ids[0]], rows[ids[1]]
        assert (ivanov.last_name, ivanov.first_name, ivanov.middle_name) == (
            "Иванов", "Иван", "Петрович")
        assert ivanov.birth_date == dt.date(2013, 2, 1) and ivanov.class_name == "5А"
        assert ivanov.sex is Sex.MALE and ivanov.category is PersonCategory.PUPIL
        # the invisible character out, the Latin look-alikes made Russian, as for one person
        assert (smirnov.last_name, smirnov.first_name) == ("Смирнов", "Антон")
        assert smirnov.position == "учитель физики" and smirnov.email == "a@b.ru"
        assert smirnov.category is PersonCategory.STAFF and not smirnov.archived


@pytest.mark.parametrize(("last", "first", "why"), [
    ("=HYPERLINK(1)", "Иван", "не может начинаться"),
    ("Smirnoв", "Иван", "смешаны латинские и русские"),
    ("Иванов", "", "Укажите имя"),
])
def test_one_person_refused_writes_nobody(db: Database, last: str, first: str,
                                          why: str) -> None:
    with pytest.raises(ValidationError, match=why), db.transaction() as session:
        persons.create_many(session, [persons.NewPerson("Петров", "Пётр"),
                                      persons.NewPerson(last, first)])
    assert _count(db) == 0
