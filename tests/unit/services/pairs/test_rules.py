"""The hard rules of a pair speak proper Russian: «не более 21 наставляемого» (the capacity
message used a hand-written plural that was wrong for 21, 101, …)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, MentorStatus, PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.rules import check_capacity
from nastavnik_desktop.services.programme import ProgrammeInfo


def _pupil(n: int, class_name: str) -> Person:
    return Person(last_name=f"Ученик{n}", first_name="Иван", middle_name="Петрович",
                  category=PersonCategory.PUPIL, class_name=class_name)


def _mentor_with_pair(db: Database, programme: ProgrammeInfo, capacity: int,
                      in_pair: int) -> tuple[int, list[int]]:
    """A mentor of the given capacity with `in_pair` mentees in a pair at work, and one more
    mentee without a pair: (mentor profile, [free mentee, *paired mentees])."""
    with db.transaction() as session:
        form = session.scalars(select(MentoringForm)
                               .where(MentoringForm.code == "pupil_pupil")).one()
        mentor = MentorProfile(programme_id=programme.id, person=_pupil(0, "10А"), form=form,
                               status=MentorStatus.ADMITTED, capacity=capacity)
        mentees = [MenteeProfile(programme_id=programme.id, person=_pupil(n, "6А"), form=form)
                   for n in range(1, in_pair + 2)]
        session.add_all([mentor, *mentees])
        session.flush()
        session.add(MentoringPair(
            programme_id=programme.id, mentor_profile_id=mentor.id, form_id=form.id,
            status=PairStatus.WORKING,
            members=[PairMentee(mentee_profile_id=m.id) for m in mentees[1:]]))
        for mentee in mentees[1:]:
            mentee.status = MenteeStatus.PAIRED
        return mentor.id, [m.id for m in mentees]


@pytest.mark.parametrize(("capacity", "words"), [
    (1, "1 наставляемого"), (2, "2 наставляемых"), (5, "5 наставляемых"),
    (11, "11 наставляемых"), (12, "12 наставляемых"), (14, "14 наставляемых"),
    (21, "21 наставляемого"), (22, "22 наставляемых"), (25, "25 наставляемых"),
    (101, "101 наставляемого"), (111, "111 наставляемых"),
])
def test_the_capacity_refusal_names_the_capacity_in_the_right_form(
        db: Database, programme: ProgrammeInfo, capacity: int, words: str) -> None:
    mentor, _ = _mentor_with_pair(db, programme, capacity, in_pair=0)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        check_capacity(session, mentor, capacity + 1)
    assert f"может вести не более {words}, а получилось бы {capacity + 1}." \
        in refused.value.message


def test_a_full_mentor_of_21_refuses_the_22nd_mentee(db: Database,
                                                     programme: ProgrammeInfo) -> None:
    mentor, (free, *_) = _mentor_with_pair(db, programme, 21, in_pair=21)
    with pytest.raises(ValidationError, match="не более 21 наставляемого, а получилось бы 22"):
        pairs.assign_to_mentor(db, free, mentor)
