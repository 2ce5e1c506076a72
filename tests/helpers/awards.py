"""A demo school dressed for awards: who can receive what, with one award of each kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination, PersonCategory, ProgrammeStatus
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
)
from nastavnik_desktop.services.awards.register import AwardRequest, issue_awards

ISSUED_ON = dt.date(2027, 5, 25)


@dataclass(frozen=True)
class Cast:
    programme_id: int
    pupil_mentor: int
    """A pupil who is a mentor, with a parent's name recorded."""
    staff_mentor: int
    external_mentor: int
    """A mentor with an organisation."""
    mentee: int
    """A mentee who is in no pair of `pair_id`."""
    pair_id: int
    pair_people: tuple[int, ...]
    """The pair's mentor first, then its mentees."""


def dress(db: Database) -> Cast:
    """Pick the people and fill what awards need (founder, settlement, a parent's name, an
    organisation) on the demo school in `db`."""
    with db.transaction() as session:
        programme = session.scalars(select(Programme).where(
            Programme.status == ProgrammeStatus.ACTIVE)).first()
        assert programme is not None
        school = session.scalars(select(School)).one()
        school.founder = "Управление образования администрации города Твери"
        school.settlement = "г. Тверь"
        school.director_name = "Кузнецова Наталья Викторовна"
        mentors = list(session.scalars(select(MentorProfile).where(
            MentorProfile.programme_id == programme.id).order_by(MentorProfile.id)))
        pupil = next(m.person for m in mentors if m.person.category is PersonCategory.PUPIL)
        pupil.parent_name = "Соколова Марина Олеговна"
        staff = next(m.person for m in mentors if m.person.category is PersonCategory.STAFF)
        external = next(m.person for m in mentors
                        if m.person.id not in (pupil.id, staff.id)
                        and m.person.category is not PersonCategory.PUPIL)
        external.organisation = "ООО «Тверьэнерго»"
        pair = session.scalars(select(MentoringPair).where(
            MentoringPair.programme_id == programme.id).order_by(MentoringPair.id)).first()
        assert pair is not None
        pair_people = (pair.mentor.person_id,
                       *(member.mentee.person_id for member in pair.members))
        in_pairs = set(session.scalars(select(MenteeProfile.person_id).join(
            PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id).where(
            PairMentee.pair_id == pair.id)))
        mentee = session.scalars(select(MenteeProfile.person_id).join(
            Person, Person.id == MenteeProfile.person_id).where(
            MenteeProfile.programme_id == programme.id,
            MenteeProfile.person_id.not_in(in_pairs)).order_by(MenteeProfile.id)).first()
        assert mentee is not None
        return Cast(programme.id, pupil.id, staff.id, external.id, mentee, pair.id, pair_people)


def one_of_each(cast: Cast) -> list[AwardRequest]:
    """A certificate to a mentee and to a mentor, both грамоты, both letters."""
    return [AwardRequest(cast.mentee, AwardNomination.PARTICIPANT),
            AwardRequest(cast.staff_mentor, AwardNomination.PARTICIPANT),
            AwardRequest(cast.staff_mentor, AwardNomination.BEST_MENTOR),
            AwardRequest(cast.external_mentor, AwardNomination.THANKS_MENTOR),
            AwardRequest(cast.pupil_mentor, AwardNomination.THANKS_PARENTS),
            *(AwardRequest(person, AwardNomination.BEST_PAIR, pair_id=cast.pair_id)
              for person in cast.pair_people)]


def award_one_of_each(db: Database, cast: Cast) -> list[int]:
    return issue_awards(db, cast.programme_id, one_of_each(cast), issued_on=ISSUED_ON)
