"""A programme with one pair (a teacher and a pupil) and another pupil of the same form in a
second pair, and photos to attach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, MentorStatus, PersonCategory
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, MentorProfile, Person
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.people.consent import ConsentInfo, record_consent
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 5, 20)


@dataclass
class CaseSchool:
    programme_id: int
    form_id: int
    pair_id: int
    other_pair_id: int
    people: dict[str, int]


def _person(session, last: str, first: str, middle: str, *, pupil: bool) -> Person:  # type: ignore[no-untyped-def]
    person = Person(last_name=last, first_name=first, middle_name=middle,
                    category=PersonCategory.PUPIL if pupil else PersonCategory.STAFF,
                    class_name="8Б" if pupil else "",
                    birth_date=dt.date(2012, 3, 1) if pupil else dt.date(1980, 1, 1),
                    position="" if pupil else "учитель математики")
    session.add(person)
    return person


@pytest.fixture
def case_school(db: Database, programme: ProgrammeInfo) -> CaseSchool:
    with db.transaction() as session:
        form = session.scalars(select(MentoringForm).order_by(MentoringForm.id)).first()
        assert form is not None
        people = {
            "Орлова": _person(session, "Орлова", "Мария", "Ивановна", pupil=False),
            "Ершов": _person(session, "Ершов", "Илья", "Петрович", pupil=True),
            "Зотов": _person(session, "Зотов", "Глеб", "Андреевич", pupil=False),
            "Лаптев": _person(session, "Лаптев", "Денис", "Олегович", pupil=True),
        }
        mentors = {last: MentorProfile(programme_id=programme.id, person=people[last],
                                       form=form, status=MentorStatus.ADMITTED, capacity=2)
                   for last in ("Орлова", "Зотов")}
        mentees = {last: MenteeProfile(programme_id=programme.id, person=people[last], form=form)
                   for last in ("Ершов", "Лаптев")}
        session.add_all([*mentors.values(), *mentees.values()])
        session.flush()
        pair = create_pair(session, programme_id=programme.id,
                           mentor_profile_id=mentors["Орлова"].id, form_id=form.id,
                           mentees=[mentees["Ершов"]], day=TODAY)
        other = create_pair(session, programme_id=programme.id,
                            mentor_profile_id=mentors["Зотов"].id, form_id=form.id,
                            mentees=[mentees["Лаптев"]], day=TODAY)
        return CaseSchool(programme.id, form.id, pair.id, other.id,
                          {last: person.id for last, person in people.items()})


def give_publication(db: Database, person_id: int, *, by: ConsentGiver = ConsentGiver.SELF,
                     revoked_on: dt.date | None = None) -> None:
    with db.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        record_consent(person, ConsentKind.PUBLICATION,
                       ConsentInfo(dt.date(2025, 9, 1), by, revoked_on=revoked_on))


@pytest.fixture
def consent() -> object:
    return give_publication


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "Встреча в классе.jpg"
    path.parent.mkdir()
    Image.new("RGB", (800, 600), (120, 160, 200)).save(path, "JPEG")
    return path
