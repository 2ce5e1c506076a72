"""Loading who may be matched from the database: a handful of set-based queries, no per-pair SQL.

Who takes part:

* mentees of the programme «в базе» or «в паре» who are in no active pair (see
  `services.pairs.rules`) — those already paired stay as they are and are not candidates;
* mentors of the programme «допущен», with the places left: capacity minus the mentees of their
  active pairs (a mentor with none left is still listed, with no places);
* on both sides only profiles with a form of mentoring, of people not archived, optionally of the
  chosen forms only.

What comes out is plain records (`records.Candidates`); `scoring` scores them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Connection, exists, select

from nastavnik_desktop import settings as app_settings
from nastavnik_desktop.data.core_models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
)
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    MenteeProfileRequest,
    MenteeRequest,
    MentoringForm,
    MentorProfileRequest,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.matching.records import (
    Candidates,
    FormInfo,
    MenteeData,
    MentorData,
)
from nastavnik_desktop.services.pairs.rules import (
    FREE_MENTEE_VALUES,
    active_membership,
    mentor_loads,
)
from nastavnik_desktop.text import full_name

_person = Person.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c


def load_candidates(db: Database, programme_id: int, *,
                    form_ids: Collection[int] | None = None) -> Candidates:
    """The mentees and mentors of a programme who may be matched (optionally in some forms
    only), with the forms, the names of the requests, the curator's exclusions and the hard
    rule «не из одного класса»."""
    with db.engine.connect() as conn:
        if conn.scalar(select(Programme.__table__.c.id)
                       .where(Programme.__table__.c.id == programme_id)) is None:
            raise ValidationError("Программа наставничества не найдена.")
        form = MentoringForm.__table__.c
        request = MenteeRequest.__table__.c
        exclusion = MatchingExclusion.__table__.c
        return Candidates(
            mentees=_mentees(conn, programme_id, form_ids),
            mentors=_mentors(conn, programme_id, form_ids),
            forms={row.id: FormInfo(row.id, row.code, row.name) for row in conn.execute(
                select(form.id, form.code, form.name))},
            request_names={row.id: row.name for row in conn.execute(
                select(request.id, request.name))},
            exclusions={(row.mentor_person_id, row.mentee_person_id): row.reason
                        for row in conn.execute(
                            select(exclusion.mentor_person_id, exclusion.mentee_person_id,
                                   exclusion.reason)
                            .where(exclusion.programme_id == programme_id))},
            separate_classes=app_settings.load(conn, app_settings.MATCHING_SEPARATE_CLASSES))


def _mentees(conn: Connection, programme_id: int,
             form_ids: Collection[int] | None) -> tuple[MenteeData, ...]:
    in_pair = exists(select(_member.id).select_from(PairMentee.__table__)
                     .join(MentoringPair.__table__, active_membership())
                     .where(_member.mentee_profile_id == _mentee.id))
    where = [_mentee.programme_id == programme_id, _mentee.form_id.is_not(None),
             _mentee.status.in_(FREE_MENTEE_VALUES), _person.archived.is_(False), ~in_pair]
    if form_ids is not None:
        where.append(_mentee.form_id.in_(list(form_ids)))
    rows = conn.execute(
        select(_mentee.id, _mentee.person_id, _mentee.form_id, _mentee.requests_note,
               _person.last_name, _person.first_name, _person.middle_name, _person.class_name,
               _person.birth_date, _person.experience_years, _person.notes, _person.subject,
               _person.category)
        .join_from(MenteeProfile.__table__, Person.__table__, _person.id == _mentee.person_id)
        .where(*where).order_by(_mentee.id)).all()
    link = MenteeProfileRequest.__table__.c
    requests: dict[int, set[int]] = defaultdict(set)
    for profile_id, request_id in conn.execute(
            select(link.mentee_profile_id, link.request_id)
            .join_from(MenteeProfileRequest.__table__, MenteeProfile.__table__,
                       _mentee.id == link.mentee_profile_id)
            .where(_mentee.programme_id == programme_id)):
        requests[profile_id].add(request_id)
    return tuple(MenteeData(profile_id=r.id, person_id=r.person_id,
                            name=full_name(r.last_name, r.first_name, r.middle_name),
                            form_id=r.form_id, class_name=r.class_name, birth_date=r.birth_date,
                            experience_years=r.experience_years,
                            requests=frozenset(requests.get(r.id, ())),
                            requests_note=r.requests_note, about=r.notes,
                            subject=r.subject, pupil=_is_pupil(r.category))
                 for r in rows)


def _mentors(conn: Connection, programme_id: int,
             form_ids: Collection[int] | None) -> tuple[MentorData, ...]:
    where = [_mentor.programme_id == programme_id, _mentor.form_id.is_not(None),
             _mentor.status == MentorStatus.ADMITTED.value, _person.archived.is_(False)]
    if form_ids is not None:
        where.append(_mentor.form_id.in_(list(form_ids)))
    rows = conn.execute(
        select(_mentor.id, _mentor.person_id, _mentor.form_id, _mentor.competencies,
               _mentor.interests, _mentor.desired_age_min, _mentor.desired_age_max,
               _mentor.time_hours_per_month, _mentor.capacity,
               _person.last_name, _person.first_name, _person.middle_name, _person.class_name,
               _person.birth_date, _person.experience_years, _person.subject,
               _person.category)
        .join_from(MentorProfile.__table__, Person.__table__, _person.id == _mentor.person_id)
        .where(*where).order_by(_mentor.id)).all()
    link = MentorProfileRequest.__table__.c
    helps: dict[int, set[int]] = defaultdict(set)
    for profile_id, request_id in conn.execute(
            select(link.mentor_profile_id, link.request_id)
            .join_from(MentorProfileRequest.__table__, MentorProfile.__table__,
                       _mentor.id == link.mentor_profile_id)
            .where(_mentor.programme_id == programme_id)):
        helps[profile_id].add(request_id)
    loads = mentor_loads(conn, select(_mentor.id).where(_mentor.programme_id == programme_id)
                         .scalar_subquery())
    return tuple(MentorData(profile_id=r.id, person_id=r.person_id,
                            name=full_name(r.last_name, r.first_name, r.middle_name),
                            form_id=r.form_id, class_name=r.class_name, birth_date=r.birth_date,
                            experience_years=r.experience_years,
                            helps_with=frozenset(helps.get(r.id, ())), competencies=r.competencies,
                            interests=r.interests, subject=r.subject, age_min=r.desired_age_min,
                            age_max=r.desired_age_max, hours_per_month=r.time_hours_per_month,
                            capacity=r.capacity, load=loads.get(r.id, 0),
                            pupil=_is_pupil(r.category))
                 for r in rows)


def _is_pupil(category: object) -> bool:
    return category in (PersonCategory.PUPIL, PersonCategory.PUPIL.value)
