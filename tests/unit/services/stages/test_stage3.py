"""Stage 3 «Формирование базы наставников»: the wizard's service against a real database."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    Contour,
    MentorStatus,
    PersonCategory,
    RequestAudience,
    StageStatus,
)
from nastavnik_desktop.data.models import AuditEntry, Consent, MentorProfile, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.people import ConsentInfo, mentors
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage3
from nastavnik_desktop.services.stages.stage3 import MentorEntry, NewExternalPerson, Stage3Data

TODAY = dt.date(2025, 10, 15)

ENGINEER = NewExternalPerson("Гусев", "Павел", "Олегович", PersonCategory.EMPLOYEE,
                             organisation="АО «Приреченский машзавод»", position="инженер",
                             phone="+7 900 000-00-00", email="gusev@example.ru")


def add_people(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        people = {
            "senior": Person(last_name="Орлов", first_name="Глеб", category=PersonCategory.PUPIL,
                             class_name="10А", birth_date=dt.date(2009, 5, 5)),
            "junior": Person(last_name="Панов", first_name="Лев", category=PersonCategory.PUPIL,
                             class_name="5А"),
            "teacher": Person(last_name="Сидорова", first_name="Нина",
                              middle_name="Петровна", category=PersonCategory.STAFF,
                              position="учитель математики", experience_years=25),
            "parent": Person(last_name="Орлова", first_name="Елена",
                             category=PersonCategory.PARENT),
            "alumnus": Person(last_name="Титов", first_name="Максим",
                              category=PersonCategory.ALUMNUS, organisation="ТвГУ"),
        }
        session.add_all(people.values())
        session.flush()
        return {key: person.id for key, person in people.items()}


def test_start_sorts_people_into_contours(db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage3.stage3_start(db, programme.id)
    assert [p.id for p in start.pupils] == [people["junior"], people["senior"]]
    assert start.pupils[1].grade == 10
    assert [p.id for p in start.staff] == [people["teacher"]]
    assert [p.id for p in start.parents] == [people["parent"]]
    assert [p.id for p in start.external] == [people["alumnus"]]
    assert mentors.contour_of(PersonCategory.STUDENT) is Contour.EXTERNAL
    assert start.data == Stage3Data()


def test_complete_creates_external_people_and_candidate_profiles(
        db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage3.stage3_start(db, programme.id)
    forms = {f.code: f.id for f in start.forms}
    pupil_requests = [r.id for r in start.requests if r.audience is RequestAudience.PUPIL]
    data = Stage3Data(mentors=(
        MentorEntry(people["senior"], forms["pupil_pupil"], competencies="математика",
                    time_hours_per_month=4, capacity=2, desired_age_min=10,
                    desired_age_max=12, helps_with=(pupil_requests[0],)),
        MentorEntry(people["teacher"], forms["teacher_teacher"], competencies="методика",
                    achievements="высшая категория", interests="шахматы",
                    time_hours_per_month=6.5),
        MentorEntry(ENGINEER, forms["employer_pupil"], Contour.EXTERNAL,
                    competencies="инженерия", time_hours_per_month=2, capacity=3),
        MentorEntry(people["alumnus"], forms["student_pupil"], Contour.EXTERNAL),
    ))
    preview = stage3.preview_stage3(db, programme.id, data, today=TODAY)
    assert {i.key: (i.done, i.detail) for i in preview.items if not i.manual} == {
        "internal": (True, "2 чел."), "external": (True, "2 чел."),
        "profiles": (False, "3 из 4 заполнено")}
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 5, \
            "the preview creates nobody"

    card = stage3.complete_stage3(db, programme.id, data, today=TODAY)
    assert card.status is StageStatus.IN_PROGRESS
    with db.reading() as session:
        engineer = session.scalars(select(Person).where(Person.last_name == "Гусев")).one()
        assert (engineer.category, engineer.organisation, engineer.position, engineer.email) \
            == (PersonCategory.EMPLOYEE, "АО «Приреченский машзавод»", "инженер",
                "gusev@example.ru")
        profiles = {p.person_id: p for p in session.scalars(select(MentorProfile))}
        assert all(p.status is MentorStatus.CANDIDATE and p.entered_on == TODAY
                   for p in profiles.values())
        senior = profiles[people["senior"]]
        assert (senior.contour, senior.capacity, senior.desired_age_min, senior.desired_age_max,
                senior.time_hours_per_month) == (Contour.INTERNAL, 2, 10, 12, 4)
        assert [r.id for r in senior.helps_with] == [pupil_requests[0]]
        teacher = profiles[people["teacher"]]
        assert (teacher.achievements, teacher.interests) == ("высшая категория", "шахматы")
        assert profiles[engineer.id].contour is Contour.EXTERNAL
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit is not None and audit.summary == "Этап 3: база наставников — 4\u00a0человека"

    again = stage3.stage3_start(db, programme.id)
    described = tuple(replace(m, competencies=m.competencies or "история края",
                              time_hours_per_month=m.time_hours_per_month or 3)
                      for m in again.data.mentors)
    stage3.complete_stage3(db, programme.id, Stage3Data(described), today=TODAY)
    stages.set_tick(db, programme.id, 3, "motivation", True, today=TODAY)
    assert stages.stage_cards(db, programme.id, today=TODAY)[2].status is StageStatus.DONE
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 6


def db_digest(db: Database) -> str:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("change", "message"), [
    ({"capacity": 0}, "число наставляемых — от 1 до 10"),
    ({"capacity": 11}, "от 1 до 10"),
    ({"desired_age_min": 14, "desired_age_max": 10}, "«от» \\(14\\) больше, чем «до» \\(10\\)"),
    ({"desired_age_min": 3}, "возраст наставляемых — от 7"),
    ({"time_hours_per_month": -1.0}, "ресурс времени"),
    ({"person": replace(ENGINEER, first_name=" ")}, "Укажите фамилию и имя"),
    ({"person": replace(ENGINEER, category=PersonCategory.STAFF)}, "Внешний наставник"),
    ({"person": replace(ENGINEER, email="gusev@")}, "записан неверно"),
])
def test_refusals_change_nothing(db: Database, programme: ProgrammeInfo,
                                 change: dict[str, object], message: str) -> None:
    add_people(db)
    form = stage3.stage3_start(db, programme.id).forms[0].id
    entry = replace(MentorEntry(ENGINEER, form, Contour.EXTERNAL), **change)  # type: ignore[arg-type]
    before = db_digest(db)
    with pytest.raises(ValidationError, match=message):
        stage3.complete_stage3(db, programme.id, Stage3Data((entry,)), today=TODAY)
    assert db_digest(db) == before


def test_the_same_person_twice_in_one_form_is_refused(db: Database,
                                                      programme: ProgrammeInfo) -> None:
    people = add_people(db)
    form = stage3.stage3_start(db, programme.id).forms[0].id
    with pytest.raises(ValidationError, match="Сидорова Нина Петровна дважды"):
        stage3.complete_stage3(db, programme.id, Stage3Data((
            MentorEntry(people["teacher"], form), MentorEntry(people["teacher"], form))))
    with pytest.raises(ValidationError, match="Гусев Павел Олегович дважды"):
        stage3.complete_stage3(db, programme.id, Stage3Data((
            MentorEntry(ENGINEER, form), MentorEntry(replace(ENGINEER), form))))


def test_profile_problems_name_the_mentor() -> None:
    entry = MentorEntry(1, None, capacity=0, desired_age_min=12, desired_age_max=9)
    assert stage3.profile_problems(entry, "Орлов Г.") == [
        "Орлов Г.: число наставляемых — от 1 до 10.",
        "Орлов Г.: желаемый возраст наставляемых «от» (12) больше, чем «до» (9)."]
    assert not MentorEntry(1, None, competencies="x").described
    assert MentorEntry(1, None, competencies="x", time_hours_per_month=0).described


def test_mentors_consents_are_saved_with_the_base(db: Database,
                                                  programme: ProgrammeInfo) -> None:
    """A minor mentor's consent from his parent (no name needed), an external mentor typed in
    signs his own; a consent dated before the birth is refused and nothing is saved."""
    people = add_people(db)
    form = stage3.stage3_start(db, programme.id).forms[0].id
    parents = ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.PARENT, document_ref="№ 5")
    own = ConsentInfo(dt.date(2025, 10, 1))
    data = Stage3Data((MentorEntry(people["senior"], form),
                       MentorEntry(ENGINEER, form, Contour.EXTERNAL)),
                      {people["senior"]: parents, ENGINEER: own})
    before = db_digest(db)
    with pytest.raises(ValidationError, match=r"Орлов Глеб: дата согласия 01\.09\.2000 раньше"):
        stage3.complete_stage3(db, programme.id, replace(data, consents={
            people["senior"]: replace(parents, given_on=dt.date(2000, 9, 1))}), today=TODAY)
    assert db_digest(db) == before

    stage3.complete_stage3(db, programme.id, data, today=TODAY)
    with db.reading() as session:
        saved = {(c.person.last_name, c.given_by, c.given_by_name, c.document_ref)
                 for c in session.scalars(select(Consent))}
    assert saved == {("Орлов", ConsentGiver.PARENT, "", "№ 5"),
                     ("Гусев", ConsentGiver.SELF, "", "")}
    again = stage3.stage3_start(db, programme.id).data.consents
    assert again[people["senior"]] == ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.PARENT,
                                                  document_ref="№ 5")
