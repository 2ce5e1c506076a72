"""The people of a matching test, written straight into a fresh database: mentees and mentors
with the profile fields the criteria read, and pairs already at work. Tests get a `Roster` from
the `roster` fixture (conftest.py); the request names are the seeded ones."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, MentorStatus, PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2025, 10, 1)
CAREER = "выбор образовательной траектории и профессии"
MOTIVATION = "низкая мотивация к учебе, неудовлетворительная успеваемость"
CONFLICT = "конфликтность, коммуникативные навыки"
YOUNG_TEACHER = "адаптация молодого специалиста"
TEACHER: dict[str, Any] = {"form": "teacher_teacher", "class_name": "",
                           "category": PersonCategory.STAFF}


@dataclass
class Roster:
    """Adds people to the programme of one test; every method returns the new profile's id."""

    db: Database
    programme: ProgrammeInfo
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def mentee(self, *, form: str = "pupil_pupil", class_name: str = "6А",
               born: dt.date | None = dt.date(2013, 5, 1), requests: Iterable[str] = (CAREER,),
               note: str = "", about: str = "", experience: int | None = None,
               category: PersonCategory = PersonCategory.PUPIL,
               status: MenteeStatus = MenteeStatus.IN_BASE) -> int:
        with self.db.transaction() as session:
            profile = MenteeProfile(
                programme_id=self.programme.id, form_id=form_id(session, form), status=status,
                person=self._person(category, class_name, born, experience, about),
                requests=_requests(session, requests), requests_note=note)
            session.add(profile)
            session.flush()
            return profile.id

    def mentor(self, *, form: str = "pupil_pupil", class_name: str = "10А",
               helps: Iterable[str] = (CAREER,), competencies: str = "", interests: str = "",
               ages: tuple[int | None, int | None] = (None, None), hours: float | None = 4.0,
               capacity: int = 1, status: MentorStatus = MentorStatus.ADMITTED,
               experience: int | None = None,
               category: PersonCategory = PersonCategory.PUPIL) -> int:
        with self.db.transaction() as session:
            profile = MentorProfile(
                programme_id=self.programme.id, form_id=form_id(session, form), status=status,
                person=self._person(category, class_name, dt.date(2008, 3, 1), experience),
                helps_with=_requests(session, helps), competencies=competencies,
                interests=interests, desired_age_min=ages[0], desired_age_max=ages[1],
                time_hours_per_month=hours, capacity=capacity)
            session.add(profile)
            session.flush()
            return profile.id

    def pair(self, mentor_id: int, mentee_ids: list[int],
             status: PairStatus = PairStatus.WORKING) -> int:
        """A pair (a group with several mentees) already at work, written as it is."""
        with self.db.transaction() as session:
            mentor = session.get(MentorProfile, mentor_id)
            assert mentor is not None and mentor.form_id is not None
            pair = MentoringPair(programme_id=self.programme.id, mentor_profile_id=mentor_id,
                                 form_id=mentor.form_id, status=status,
                                 members=[PairMentee(mentee_profile_id=m) for m in mentee_ids])
            session.add(pair)
            session.flush()
            return pair.id

    def _person(self, category: PersonCategory, class_name: str, born: dt.date | None,
                experience: int | None, about: str = "") -> Person:
        n = next(self._numbers)
        return Person(last_name=f"Фамилия{n}", first_name="Имя", middle_name="Отчество",
                      category=category, class_name=class_name, birth_date=born,
                      experience_years=experience, notes=about)


def _requests(session: Session, names: Iterable[str]) -> list[MenteeRequest]:
    return list(session.scalars(select(MenteeRequest).where(MenteeRequest.name.in_(list(names)))))


def form_id(session: Session, code: str) -> int:
    """The id of a seeded form of mentoring by its code."""
    found = session.scalar(select(MentoringForm.id).where(MentoringForm.code == code))
    assert found is not None, code
    return found
