"""A small school with known answers for the growth, satisfaction and hints tests (services,
the CLI, the tab): two forms, two pairs, entry and exit rounds of the standard questionnaires
answered through `save_many`, a meeting journal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MeetingKind,
    MentorStatus,
    PersonCategory,
    ResponseSource,
)
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, Person
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.journal import MeetingEntry
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.people import mentees, mentors, persons
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import (
    Value,
    create_round,
    questionnaires,
    save_many,
)
from nastavnik_desktop.services.questionnaires.standard import (
    PAIRED_PARAMETERS,
    WOULD_CONTINUE,
    WOULD_MENTOR,
)

FORMED = dt.date(2025, 10, 1)
ENTRY_OPENS = dt.date(2025, 10, 5)
EXIT_OPENS = dt.date(2026, 5, 10)
AFTER_EXIT = dt.date(2026, 5, 31)

# entry and exit scores of every paired item (the same for each item unless told)
MENTEE_ENTRY = {"Ершов": 5, "Жуков": 7, "Титов": 6, "Новиков": 4}
MENTEE_EXIT = {"Ершов": 8, "Жуков": 9, "Титов": 5}
MENTOR_ENTRY = {"Орлов": 8, "Соколов": 6}
MENTOR_EXIT = {"Орлов": 9, "Соколов": 4}
YES = {"Ершов": (True, True), "Жуков": (True, False), "Титов": (False, False)}
"""Mentees' «would continue», «would become a mentor»."""


@dataclass
class GrowthSchool:
    programme_id: int
    people: dict[str, int]
    pairs: dict[str, int]
    forms: dict[str, int]
    rounds: dict[str, int] = field(default_factory=dict)


def _person(session: Session, last: str, **fields: Any) -> Person:
    return persons.create_person(session, persons.NewPerson(
        last_name=last, first_name="Иван", middle_name="Петрович", **fields))


def _values(info: Any, score: int, yes: tuple[bool, bool] | None = None) -> dict[int, Value]:
    values: dict[int, Value] = {}
    for q in info.questions:
        assert q.id is not None
        if q.parameter in PAIRED_PARAMETERS:
            values[q.id] = Value(number=score)
        elif yes is not None and q.parameter == WOULD_CONTINUE:
            values[q.id] = Value(number=int(yes[0]))
        elif yes is not None and q.parameter == WOULD_MENTOR:
            values[q.id] = Value(number=int(yes[1]))
    return values


def build_school(db: Database, programme: ProgrammeInfo) -> GrowthSchool:
    """Орлов (10А) mentors Ершов and Жуков (ученик – ученик); Соколов mentors Титов (учитель –
    учитель); Новиков is a mentee without a pair."""
    pid = programme.id
    with db.transaction() as session:
        forms = {f.name: f for f in session.scalars(select(MentoringForm))}
        pupil_form, teacher_form = (next(f for name, f in forms.items() if key in name)
                                    for key in ("ученик – ученик", "учитель – учитель"))
        people = {last: _person(session, last, class_name=cls)
                  for last, cls in (("Орлов", "10А"), ("Ершов", "5А"), ("Жуков", "5Б"),
                                    ("Новиков", "6А"))}
        people["Соколов"] = _person(session, "Соколов", category=PersonCategory.STAFF,
                                    position="учитель математики")
        people["Титов"] = _person(session, "Титов", category=PersonCategory.STAFF,
                                  position="учитель истории", experience_years=1)
        session.flush()

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

        made = {
            "pupils": create_pair(session, programme_id=pid,
                                  mentor_profile_id=mentor("Орлов", pupil_form),
                                  form_id=pupil_form.id,
                                  mentees=[mentee("Ершов", pupil_form),
                                           mentee("Жуков", pupil_form)], day=FORMED).id,
            "teachers": create_pair(session, programme_id=pid,
                                    mentor_profile_id=mentor("Соколов", teacher_form),
                                    form_id=teacher_form.id,
                                    mentees=[mentee("Титов", teacher_form)], day=FORMED).id,
        }
        mentee("Новиков", pupil_form)  # in the base, no pair
        ids = {last: p.id for last, p in people.items()}
        form_ids = {"pupils": pupil_form.id, "teachers": teacher_form.id}
    return GrowthSchool(pid, ids, made, form_ids)


def answer_all(db: Database, school: GrowthSchool) -> GrowthSchool:
    """Entry and exit rounds of the four standard questionnaires with the answers above."""
    by_key = {q.seed_key: q for q in questionnaires(db)}
    plan = (("mentee_entry", ENTRY_OPENS, MENTEE_ENTRY), ("mentor_entry", ENTRY_OPENS,
                                                         MENTOR_ENTRY),
            ("mentee_exit", EXIT_OPENS, MENTEE_EXIT), ("mentor_exit", EXIT_OPENS, MENTOR_EXIT))
    for key, opens, scores in plan:
        info = by_key[key]
        round_id = create_round(db, school.programme_id, info.id, opens_on=opens,
                                closes_on=opens + dt.timedelta(days=10))
        school.rounds[key] = round_id
        rows = [(school.people[last], _values(info, score, YES.get(last) if key == "mentee_exit"
                                              else None))
                for last, score in scores.items()]
        save_many(db, round_id, rows, source=ResponseSource.PAPER,
                  filled_on=opens + dt.timedelta(days=2))
    return school


def journal_for(db: Database, school: GrowthSchool) -> None:
    """Pupils' pair: two held meetings (Ершов came to both, Жуков to one) and a planned one;
    teachers' pair: two held meetings, Титов came to one."""
    with db.reading() as session:
        profiles = {p.person_id: p.id for p in session.scalars(select(MenteeProfile))}
    ershov, zhukov, titov = (profiles[school.people[n]] for n in ("Ершов", "Жуков", "Титов"))
    today = dt.date(2026, 5, 20)
    pairs.add_meetings(db, school.pairs["pupils"], [
        MeetingEntry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE,
                     attendance={ershov: True, zhukov: True}),
        MeetingEntry(dt.date(2025, 11, 10), MeetingKind.WORKING,
                     attendance={ershov: True, zhukov: False}),
        MeetingEntry(dt.date(2026, 5, 25), MeetingKind.WORKING, planned=True,
                     attendance={ershov: False, zhukov: False}),
    ], today=today)
    pairs.add_meetings(db, school.pairs["teachers"], [
        MeetingEntry(dt.date(2025, 10, 12), MeetingKind.ACQUAINTANCE, attendance={titov: True}),
        MeetingEntry(dt.date(2025, 12, 12), MeetingKind.WORKING, attendance={titov: False}),
    ], today=today)
