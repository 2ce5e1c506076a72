"""The 70 % KPI on a hand-built school with known answers: who is involved on a date (formed on
or before it, not dissolved before it, completed pairs counting, a mentee only while in the
group), each person once, the population without archived people and non-pedagogical staff, the
breakdowns, and an empty school giving «нет данных»."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PairStatus, PersonCategory, ProgrammeStatus
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, Person
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.monitoring import (
    KPI_TABLES,
    NO_DATA,
    default_reporting_date,
    is_pedagogue,
    kpi,
)
from nastavnik_desktop.services.pairs.rules import pair_or_error
from nastavnik_desktop.services.pairs.writer import create_pair, leave
from nastavnik_desktop.services.people import mentees, mentors, persons
from nastavnik_desktop.services.programme import ProgrammeInfo

ON = dt.date(2026, 1, 20)
FORMED = dt.date(2025, 10, 1)

PUPILS = {  # name: (class, birth date)
    "Орлов": ("10А", dt.date(2009, 5, 1)),       # 16: mentor of two pairs
    "Ершов": ("5А", dt.date(2014, 3, 1)),        # 11: in Орлов's group
    "Жуков": ("5А", dt.date(2014, 4, 1)),        # 11: left Орлов's group before the date
    "Зайцев": ("7Б", dt.date(2012, 1, 20)),      # 14 on the very date: Орлов's pair
    "Ильин": ("10А", dt.date(2009, 2, 2)),       # mentor of a pair dissolved before the date
    "Котов": ("5А", dt.date(2013, 1, 1)),        # his mentee
    "Лебедев": ("9Б", dt.date(2010, 1, 25)),     # 15: mentor of a pair dissolved after the date
    "Морозов": ("5А", dt.date(2016, 6, 1)),      # 9: his mentee
    "Новиков": ("", None),                       # mentee of a pair formed after the date
}


@dataclass
class School:
    programme_id: int
    pairs: dict[str, int]


def _person(session: Session, last: str, **fields: Any) -> Person:
    return persons.create_person(session, persons.NewPerson(
        last_name=last, first_name="Иван", middle_name="Петрович", **fields))


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> School:
    pid = programme.id
    with db.transaction() as session:
        forms = {f.name: f for f in session.scalars(select(MentoringForm))}
        pupil_form, teacher_form, employer_form = (
            next(f for name, f in forms.items() if key in name)
            for key in ("ученик – ученик", "учитель – учитель", "работодатель – ученик"))
        people = {last: _person(session, last, class_name=cls, birth_date=born)
                  for last, (cls, born) in PUPILS.items()}
        people["Архипов"] = _person(session, "Архипов", class_name="8В")
        people["Соколов"] = _person(session, "Соколов", category=PersonCategory.STAFF,
                                    position="учитель математики", experience_years=20)
        people["Титов"] = _person(session, "Титов", category=PersonCategory.STAFF,
                                  position="Учитель истории", experience_years=1)
        people["Федоров"] = _person(session, "Федоров", category=PersonCategory.STAFF,
                                    position="Директор", experience_years=30)
        people["Уваров"] = _person(session, "Уваров", category=PersonCategory.EMPLOYEE,
                                   organisation="ООО «Ромашка»", position="инженер")
        session.flush()
        persons.update_people(session, [{"id": people["Архипов"].id, "archived": True}])

        def mentor(last: str, form: MentoringForm) -> int:
            profile = mentors.add_mentor(session, programme_id=pid, entered_on=FORMED,
                                         status=MentorStatus.ADMITTED, person=people[last],
                                         form=form, capacity=3)
            session.flush()
            return profile.id

        def mentee(last: str, form: MentoringForm) -> MenteeProfile:
            profile = mentees.add_mentee(session, programme_id=pid, entered_on=FORMED,
                                         person=people[last], form=form)
            session.flush()
            return profile

        def pair(mentor_id: int, form: MentoringForm, names: list[str],
                 day: dt.date = FORMED) -> int:
            return create_pair(session, programme_id=pid, mentor_profile_id=mentor_id,
                               form_id=form.id, mentees=[mentee(n, form) for n in names],
                               day=day).id

        orlov = mentor("Орлов", pupil_form)
        uvarov = mentor("Уваров", employer_form)
        made = {
            "group": pair(orlov, pupil_form, ["Ершов", "Жуков"]),
            "second": pair(orlov, pupil_form, ["Зайцев"]),
            "dissolved_before": pair(mentor("Ильин", pupil_form), pupil_form, ["Котов"]),
            "dissolved_after": pair(mentor("Лебедев", pupil_form), pupil_form, ["Морозов"]),
            "completed": pair(mentor("Соколов", teacher_form), teacher_form, ["Титов"]),
            "formed_after": pair(uvarov, employer_form, ["Новиков"], dt.date(2026, 2, 1)),
            "archived": pair(uvarov, employer_form, ["Архипов"]),
        }
        group = pair_or_error(session, made["group"])
        leave(session, next(m for m in group.members if m.mentee.person.last_name == "Жуков"),
              dt.date(2026, 1, 10))
    pairs.close_pair(db, made["dissolved_before"], "переезд", on=dt.date(2026, 1, 15))
    pairs.close_pair(db, made["dissolved_after"], "переезд", on=dt.date(2026, 2, 1))
    pairs.move_status(db, made["completed"], PairStatus.COMPLETED, on=dt.date(2026, 1, 5))
    return School(pid, made)


def test_both_shares_count_each_person_once_on_the_date(db: Database, school: School) -> None:
    figures = kpi(db, school.programme_id, on=ON)
    # Орлов (two pairs, once), Ершов, Зайцев, Лебедев and Морозов (dissolved after the date);
    # not Жуков (left before), Ильин and Котов (dissolved before), Новиков (formed after).
    assert (figures.pupils.share.involved, figures.pupils.share.population) == (5, 9)
    assert figures.pupils.share.text == "55,6 %"
    # + Соколов and Титов (a completed pair counts); not the director, not Уваров (external)
    assert (figures.pupils_and_staff.share.involved,
            figures.pupils_and_staff.share.population) == (7, 11)
    assert figures.pupils_and_staff.share.percent == pytest.approx(100 * 7 / 11)
    assert "20.01.2026" in figures.pupils.method and "один раз" in figures.pupils.method
    assert "педагогических работников" in figures.pupils_and_staff.method


@pytest.mark.parametrize(("day", "pupils"), [
    (dt.date(2025, 9, 30), 0),    # before any pair was formed
    (FORMED, 8),                  # everyone but Новиков; Жуков, Ильин and Котов still in
    (dt.date(2026, 1, 10), 8),    # Жуков leaves that day: still counted on it
    (dt.date(2026, 1, 11), 7),    # … not the day after
    (dt.date(2026, 1, 15), 7),    # dissolved that day: counted on it (Жуков gone)
    (dt.date(2026, 1, 16), 5),
    (dt.date(2026, 2, 1), 6),     # Новиков's pair formed, Лебедев's dissolved that day
    (dt.date(2026, 2, 2), 4),     # Лебедев and Морозов gone
])
def test_who_is_involved_follows_the_dates(db: Database, school: School, day: dt.date,
                                           pupils: int) -> None:
    assert kpi(db, school.programme_id, on=day).pupils.share.involved == pupils


def test_archived_people_are_outside_the_population_and_not_counted(db: Database,
                                                                    school: School) -> None:
    figures = kpi(db, school.programme_id, on=ON)
    pupil_line = figures.by_category[0]
    assert (pupil_line.label, pupil_line.involved, pupil_line.population) == (
        "обучающийся", 5, 9)
    lines = {line.label: line for line in figures.by_category}
    assert lines["обучающийся в архиве"].involved == 1
    assert lines["обучающийся в архиве"].population is None


def test_breakdowns_of_a_small_known_school(db: Database, school: School) -> None:
    figures = kpi(db, school.programme_id, on=ON)
    assert [(f.label, f.pairs, f.involved, f.mentors, f.mentees) for f in figures.by_form] == [
        ("ученик – ученик", 3, 5, 2, 3),        # the group, the second pair, dissolved after
        ("учитель – учитель", 1, 2, 1, 1),      # the completed pair
        ("работодатель – ученик", 1, 2, 1, 1),  # Уваров with the archived pupil
    ]
    assert [(r.label, r.involved) for r in figures.by_role] == [("наставники", 4),
                                                                 ("наставляемые", 5)]
    assert [(r.label, r.involved, r.mentors, r.mentees, r.population)
            for r in figures.by_category] == [
        ("обучающийся", 5, 2, 3, 9), ("педагогический работник", 2, 1, 1, 2),
        ("обучающийся в архиве", 1, 0, 1, None), ("сотрудник предприятия", 1, 1, 0, None)]
    assert [(r.label, r.involved, r.population) for r in figures.by_class] == [
        ("5А", 2, 4), ("7Б", 1, 1), ("9Б", 1, 1), ("10А", 1, 2), ("класс не указан", 0, 1)]
    assert [(r.label, r.involved, r.mentors, r.mentees, r.population)
            for r in figures.by_age] == [
        ("10–14 лет", 2, 0, 2, 4), ("15–18 лет", 2, 2, 0, 3), ("младше 10 лет", 1, 0, 1, 1),
        ("дата рождения не указана", 0, 0, 0, 1)]
    young = figures.young_specialists
    assert (young.involved, young.population) == (1, 1)
    assert [(o.name, o.mentors) for o in figures.mentor_organisations] == [("ООО «Ромашка»", 1)]


def test_an_empty_school_gives_no_data_never_a_division_by_zero(
        db: Database, programme: ProgrammeInfo) -> None:
    figures = kpi(db, programme.id, on=ON)
    for figure in (figures.pupils, figures.pupils_and_staff):
        assert (figure.share.involved, figure.share.population) == (0, 0)
        assert figure.share.percent is None and figure.share.text == NO_DATA
    assert figures.empty and figures.by_form == () and figures.by_class == ()
    assert figures.young_specialists.percent is None


def test_a_school_with_pupils_and_no_pairs_gives_zero(db: Database,
                                                      programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        _person(session, "Орлов", class_name="5А")
    figures = kpi(db, programme.id, on=ON)
    assert figures.pupils.share.percent == 0 and figures.pupils.share.text == "0,0 %"


@pytest.mark.parametrize(("position", "subject", "pedagogue"), [
    ("учитель математики", "", True), ("Педагог-психолог", "", True),
    ("социальный педагог", "", True),
    ("Советник директора по воспитанию", "", True), ("", "", True),
    ("Директор", "", False), ("заместитель директора по УВР", "", False),
    ("заместитель директора по УВР", "физика", True), ("бухгалтер", "", False),
])
def test_pedagogical_staff_by_position(position: str, subject: str, pedagogue: bool) -> None:
    assert is_pedagogue(position, subject) is pedagogue


def test_default_reporting_date() -> None:
    today = dt.date(2026, 3, 3)
    running = ProgrammeInfo(1, "2025/2026", "Школа", ProgrammeStatus.ACTIVE)
    archived = ProgrammeInfo(1, "2024/2025", "Школа", ProgrammeStatus.ARCHIVED)
    assert default_reporting_date(running, today) == today
    assert default_reporting_date(archived, today) == dt.date(2025, 8, 31)


def test_the_tables_read_are_the_ones_listed(db: Database, school: School) -> None:
    statements: list[str] = []

    def catch(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        kpi(db, school.programme_id, on=ON)
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    assert len(statements) == 2  # set-based: not a query per person or per pair
    read = {name.lower() for statement in statements
            for name in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)', statement)}
    assert read - {"involvement"} == KPI_TABLES


def test_a_person_archived_after_the_date_is_still_in_its_population(db: Database,
                                                                     school: School) -> None:
    with db.transaction() as session:
        archived = session.scalars(select(Person).where(Person.last_name == "Архипов")).one()
        archived.archived_on = ON + dt.timedelta(days=1)
    before = kpi(db, school.programme_id, on=ON)
    assert (before.pupils.share.involved, before.pupils.share.population) == (6, 10)
    after = kpi(db, school.programme_id, on=ON + dt.timedelta(days=1))
    assert (after.pupils.share.involved, after.pupils.share.population) == (5, 9)
