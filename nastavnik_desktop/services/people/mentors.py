"""The one writer of `MentorProfile` rows: a person entering a programme's mentor base.

Stage 3 (the wizard), the start of a new school year, the import and the demo school all add
mentors here, so the rules hold on every path: a new mentor starts as «кандидат» (selection is
stage 4), his contour follows his category, and next year an admitted mentor stays admitted
while everyone else in the base comes back as a candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import Contour, MentorStatus, PersonCategory
from nastavnik_desktop.data.models import MentorProfile

INTERNAL_CATEGORIES = (PersonCategory.PUPIL, PersonCategory.STAFF, PersonCategory.PARENT)
EXTERNAL_CATEGORIES = (PersonCategory.ALUMNUS, PersonCategory.EMPLOYEE,
                       PersonCategory.ENTREPRENEUR, PersonCategory.STUDENT)


def contour_of(category: PersonCategory) -> Contour:
    """Pupils, staff and parents are the internal contour; everyone else the external one."""
    return Contour.INTERNAL if category in INTERNAL_CATEGORIES else Contour.EXTERNAL


def add_mentor(session: Session, *, programme_id: int, entered_on: dt.date | None,
               status: MentorStatus = MentorStatus.CANDIDATE,
               **details: Any) -> MentorProfile:
    """A new profile in the mentor base, added to the session. `details` are the profile's
    other columns or relationships (`person_id` or `person`, `form_id` or `form`,
    competencies, `helps_with` …)."""
    profile = MentorProfile(programme_id=programme_id, status=status, entered_on=entered_on,
                            **details)
    session.add(profile)
    return profile


def insert_mentors(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many new profiles in one bulk insert (the import); each row names its programme and
    person and may set other columns. The status is «кандидат» unless given."""
    if rows:
        session.execute(insert(MentorProfile),
                        [{"status": MentorStatus.CANDIDATE, **row} for row in rows])


def carry_over(session: Session, old: MentorProfile, programme_id: int) -> MentorProfile:
    """The mentor's profile of the next school year, copied from this year's one: admitted
    mentors stay admitted (they passed selection and training), others are candidates again."""
    admitted = old.status is MentorStatus.ADMITTED
    return add_mentor(
        session, programme_id=programme_id, entered_on=old.entered_on,
        status=MentorStatus.ADMITTED if admitted else MentorStatus.CANDIDATE,
        person_id=old.person_id, form_id=old.form_id, contour=old.contour,
        competencies=old.competencies, achievements=old.achievements,
        interests=old.interests, desired_age_min=old.desired_age_min,
        desired_age_max=old.desired_age_max, time_hours_per_month=old.time_hours_per_month,
        capacity=old.capacity, training_on=old.training_on, training_hours=old.training_hours,
        training_completed=old.training_completed, helps_with=list(old.helps_with))
