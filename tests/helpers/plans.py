"""A small school for the plan's tests (the `school` fixture of tests/unit/services/plans):
three pairs of three forms, one with a role model that has its own template, one a group of two
mentees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Person,
    RoleModel,
)
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo

FORMED = dt.date(2025, 10, 1)


@dataclass
class PlanSchool:
    programme_id: int
    teacher_pair: int
    pupil_pair: int
    employer_pair: int
    mentees: dict[int, list[int]]
    """pair id → its mentee profile ids"""


def _person(session: Any, last: str, category: PersonCategory, class_name: str = "") -> Person:
    person = Person(last_name=last, first_name="Анна", middle_name="Ивановна",
                    category=category, class_name=class_name)
    session.add(person)
    return person


def build_school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    with db.transaction() as session:
        forms = {f.code: f for f in session.scalars(select(MentoringForm))}
        adapt = session.scalars(select(RoleModel).where(
            RoleModel.name == "адаптированный – неадаптированный")).one()
        pairs: dict[str, int] = {}
        mentees: dict[int, list[int]] = {}
        for code, mentor_last, mentee_lasts, category, role in (
                ("teacher_teacher", "Белова", ["Кузина"], PersonCategory.STAFF, None),
                ("pupil_pupil", "Орлова", ["Ершова"], PersonCategory.PUPIL, adapt.id),
                ("employer_pupil", "Сидорова", ["Жукова", "Титова"], PersonCategory.PUPIL,
                 None)):
            form = forms[code]
            mentor = MentorProfile(programme_id=programme.id, form=form, capacity=2,
                                   status=MentorStatus.ADMITTED,
                                   person=_person(session, mentor_last, PersonCategory.STAFF))
            profiles = [MenteeProfile(programme_id=programme.id, form=form,
                                      person=_person(session, last, category, "7А"))
                        for last in mentee_lasts]
            session.add_all([mentor, *profiles])
            session.flush()
            pair = create_pair(session, programme_id=programme.id,
                               mentor_profile_id=mentor.id, form_id=form.id,
                               mentees=profiles, day=FORMED, role_model_id=role)
            pairs[code] = pair.id
            mentees[pair.id] = [p.id for p in profiles]
        return PlanSchool(programme.id, pairs["teacher_teacher"], pairs["pupil_pupil"],
                          pairs["employer_pupil"], mentees)
