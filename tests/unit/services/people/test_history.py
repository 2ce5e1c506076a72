"""The person card's history in the programme by school year, on the demo school: a pupil who
was a mentee last year and is a mentor this year is one person with both years."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.models import MenteeProfile, MentorProfile, Person, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people import person_history


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         build_demo: Callable[..., Path]) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("history")
    # the default school: its last year's mentees include pupils who mentor now
    database = open_database(build_demo(folder / "demo.sqlite"), backup_dir=folder / "backups")
    yield database
    database.close()


def mentee_then_mentor(db: Database) -> int:
    """A person in last year's mentee base and this year's mentor base."""
    with db.reading() as session:
        last, current = (session.scalars(select(Programme.id).order_by(Programme.school_year))
                         .all())
        found = session.scalars(
            select(MentorProfile.person_id).where(MentorProfile.programme_id == current)
            .where(MentorProfile.person_id.in_(select(MenteeProfile.person_id).where(
                MenteeProfile.programme_id == last)))).first()
    assert found is not None, "the demo school has a mentee of last year mentoring now"
    return found


def test_a_mentee_of_last_year_mentoring_now_has_both_years(demo: Database) -> None:
    person_id = mentee_then_mentor(demo)

    now, last = person_history(demo, person_id)

    assert (now.school_year, now.archived) == ("2026/2027", False)
    assert (last.school_year, last.archived) == ("2025/2026", True)
    [mentoring] = [p for p in now.parts if p.role == "наставник"]
    assert mentoring.pair_id is not None and mentoring.partners and mentoring.form
    [mentored] = last.parts
    assert (mentored.role, mentored.pair, mentored.status) == ("наставляемый", "пара",
                                                               "завершена")
    assert len(mentored.partners) == 1 and mentored.result  # the mentor; stage 7's result
    assert any(a.startswith("сертификат участника программы наставничества № ")
               for a in last.awards)
    with demo.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None and person.category.value == "pupil"


def test_someone_who_never_took_part_has_no_history(demo: Database) -> None:
    with demo.reading() as session:
        outsider = session.scalars(
            select(Person.id).where(Person.id.not_in(select(MenteeProfile.person_id)),
                                    Person.id.not_in(select(MentorProfile.person_id)))).first()
    assert outsider is not None
    assert person_history(demo, outsider) == ()


def test_a_person_erased_meanwhile_is_said_so(demo: Database) -> None:
    with pytest.raises(ValidationError, match="Человек не найден"):
        person_history(demo, 10**9)
